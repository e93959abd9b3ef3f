import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Team } from '@crm/shared/missive/people';
import { makeUser } from '@/test/conversation-fixtures';
import { jsonResponse } from '@/test/http';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderWithProviders } from '@/test/render-with-providers';
import { PeoplePage } from './people-page';
import { UrlRouterProvider } from '@/lib/search-params';

const organizations = [
  { id: 'org-acme', name: 'Acme Support' },
  { id: 'org-beta', name: 'Beta Labs' },
];

const users = [
  {
    ...makeUser({ id: 'user-grace', email: 'grace@acme.example', name: 'Grace Hopper' }),
    org: 'org-acme',
  },
  {
    ...makeUser({ id: 'user-me', email: 'me@acme.example', name: 'Zoe Agent', me: true }),
    org: 'org-acme',
  },
  {
    ...makeUser({ id: 'user-ada', email: 'ada@beta.example', name: 'Ada Lovelace' }),
    org: 'org-beta',
  },
];

/** Organizations, teams and users as Missive scopes them; writes get `write(request, teams)`. */
function stubPeople(
  write: (request: MissiveRequest, teams: Team[]) => Response = () =>
    jsonResponse({ error: { message: 'unexpected write' } }, 500),
) {
  const teams: Team[] = [
    { id: 'team-billing', name: 'Billing', organization: 'org-acme' },
    { id: 'team-research', name: 'Research', organization: 'org-beta' },
  ];
  const scoped = <T,>(items: T[], organization: (item: T) => string, query: URLSearchParams) => {
    const wanted = query.get('organization');
    return wanted ? items.filter((item) => organization(item) === wanted) : items;
  };
  const stub = stubMissive((request) => {
    if (request.method !== 'GET') return write(request, teams);
    if (request.path === '/organizations') return jsonResponse({ organizations });
    if (request.path === '/teams') {
      return jsonResponse({ teams: scoped(teams, (team) => team.organization, request.query) });
    }
    return jsonResponse({
      users: scoped(users, (user) => user.org, request.query).map(({ org: _org, ...user }) => user),
    });
  });
  return { ...stub, teams };
}

function renderPage(url = '/people') {
  const router = createMemoryRouter([{ path: '/people', element: <PeoplePage /> }], {
    initialEntries: [url],
  });
  renderWithProviders(<UrlRouterProvider router={router} />);
  return router;
}

const teamList = () => screen.getByRole('list', { name: 'Teams' });
const organizationParam = (router: ReturnType<typeof renderPage>) =>
  new URLSearchParams(router.state.location.search).get('organization');

describe('PeoplePage', { timeout: 15_000 }, () => {
  it('lists organizations, teams and users, marking the token owner', async () => {
    stubPeople();
    renderPage();
    expect(screen.getByRole('heading', { level: 1, name: 'People' })).toBeInTheDocument();
    const orgs = await screen.findByRole('list', { name: 'Organizations' });
    expect(within(orgs).getByText('Acme Support')).toBeInTheDocument();
    expect(
      within(await screen.findByRole('list', { name: 'Teams' })).getByText('Research'),
    ).toBeInTheDocument();
    // Each team names its organization when every organization is listed.
    expect(within(teamList()).getByText('Beta Labs')).toBeInTheDocument();
    const people = await screen.findByRole('list', { name: 'Users' });
    const rows = within(people).getAllByRole('listitem');
    expect(rows[0]).toHaveTextContent('Zoe AgentYou');
    expect(within(people).getByText('grace@acme.example')).toBeInTheDocument();
  });

  it('filters by the organization in the URL and writes a new choice there', async () => {
    const { requests } = stubPeople();
    const router = renderPage('/people?organization=org-beta');

    await waitFor(() => {
      expect(screen.getByRole('combobox', { name: 'Organization' })).toHaveValue('org-beta');
    });
    expect(
      within(await screen.findByRole('list', { name: 'Users' })).getByText('Ada Lovelace'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Grace Hopper')).not.toBeInTheDocument();
    expect(within(teamList()).queryByText('Billing')).not.toBeInTheDocument();
    const scopes = requests
      .filter((request) => request.path === '/teams' || request.path === '/users')
      .map((request) => request.query.get('organization'));
    expect(scopes).toEqual(['org-beta', 'org-beta']);

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Organization' }), '');
    expect(organizationParam(router)).toBeNull();
    expect(await within(teamList()).findByText('Billing')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('link', { name: 'Show only Acme Support' }));
    expect(organizationParam(router)).toBe('org-acme');
    await waitFor(() => {
      expect(within(teamList()).queryByText('Research')).not.toBeInTheDocument();
    });
  });

  it('creates a team in the chosen organization and lists it', async () => {
    const { writes } = stubPeople((request, teams) => {
      const created = { id: 'team-new', name: 'Escalations', organization: 'org-acme' };
      teams.push(created);
      return jsonResponse({ teams: [created] }, 201);
    });
    renderPage('/people?organization=org-acme');
    const form = screen.getByRole('form', { name: 'New team' });
    // The filter decides the organization: no picker.
    expect(within(form).queryByRole('combobox')).not.toBeInTheDocument();

    await userEvent.click(within(form).getByRole('button', { name: 'Create team' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('name: must not be empty');

    await userEvent.type(within(form).getByRole('textbox', { name: 'Team name' }), 'Escalations');
    await userEvent.click(within(form).getByRole('button', { name: 'Create team' }));
    expect(await within(form).findByText('Team “Escalations” created.')).toBeInTheDocument();
    expect(within(form).getByRole('textbox', { name: 'Team name' })).toHaveValue('');
    expect(await within(teamList()).findByText('Escalations')).toBeInTheDocument();
    expect(writes()[0]).toMatchObject({
      method: 'POST',
      path: '/teams',
      body: { teams: [{ name: 'Escalations', organization: 'org-acme' }] },
    });
  });

  it('asks which organization a new team joins when several are listed', async () => {
    const { writes } = stubPeople();
    renderPage();
    const form = screen.getByRole('form', { name: 'New team' });
    await userEvent.type(within(form).getByRole('textbox', { name: 'Team name' }), 'Night shift');
    await userEvent.click(within(form).getByRole('button', { name: 'Create team' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Choose the organization');
    expect(
      await within(form).findByRole('combobox', { name: 'In organization' }),
    ).toBeInTheDocument();
    expect(writes()).toHaveLength(0);
  });

  it('shows Missive’s refusal to a non-admin rename, keeping the typed name', async () => {
    stubPeople(() =>
      jsonResponse(
        { error: { message: 'Only organization admins can update teams', code: 'forbidden' } },
        403,
      ),
    );
    renderPage('/people?organization=org-acme');
    await userEvent.click(await screen.findByRole('button', { name: 'Rename Billing' }));
    const form = screen.getByRole('form', { name: 'Rename Billing' });
    const name = within(form).getByRole('textbox', { name: 'New name' });
    expect(name).toHaveFocus();
    await userEvent.clear(name);
    await userEvent.type(name, 'Payments');
    await userEvent.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'Not allowed: Only organization admins can update teams',
    );
    expect(name).toHaveValue('Payments');
  });

  it('renames a team, shows the new name and gives focus back to Rename', async () => {
    const { writes } = stubPeople((request, teams) => {
      const team = teams.find((candidate) => candidate.id === 'team-billing');
      if (team) team.name = 'Payments';
      return jsonResponse({ teams: [team] });
    });
    renderPage('/people?organization=org-acme');
    await userEvent.click(await screen.findByRole('button', { name: 'Rename Billing' }));
    const name = screen.getByRole('textbox', { name: 'New name' });
    await userEvent.clear(name);
    await userEvent.type(name, 'Payments{Enter}');

    expect(await screen.findByRole('button', { name: 'Rename Payments' })).toHaveFocus();
    expect(screen.getByText('Renamed to “Payments”.')).toBeInTheDocument();
    expect(writes()[0]).toMatchObject({
      method: 'PATCH',
      path: '/teams/team-billing',
      body: { teams: [{ id: 'team-billing', name: 'Payments' }] },
    });
  });

  it('says when a list cannot be read', async () => {
    stubMissive((request) =>
      request.path === '/organizations'
        ? jsonResponse({ organizations })
        : jsonResponse({ error: { message: 'upstream down' } }, 502),
    );
    renderPage();
    expect(await screen.findByText(/Could not read the teams/)).toBeInTheDocument();
    expect(await screen.findByText(/Could not read the users/)).toBeInTheDocument();
  });
});
