import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Contact } from '@crm/shared/missive/contacts';
import type { CannedResponse } from '@crm/shared/missive/responses';
import { makeUser } from '@/test/conversation-fixtures';
import { jsonResponse } from '@/test/http';
import { stubMissive } from '@/test/missive-stub';
import { renderWithProviders } from '@/test/render-with-providers';
import { ResponsesPage } from './responses-page';
import { UrlRouterProvider } from '@/lib/search-params';

function response(
  overrides: Partial<CannedResponse> & { id: string; title: string },
): CannedResponse {
  return {
    body: '',
    subject: null,
    organization: 'org-acme',
    user: null,
    share_with_team: null,
    modified_at: 1_700_000_000,
    to_fields: [],
    cc_fields: [],
    bcc_fields: [],
    shared_labels: [],
    attachments: [],
    ...overrides,
  };
}

const refund = response({
  id: 'response-refund',
  title: 'Refund approved',
  subject: 'Your refund, {{first_name}}',
  body: [
    '<p>Hi {{first_name}} {{last_name}},</p>',
    '<p>We refunded <b>{{company}}</b>. Order {{ order_id }}.</p>',
    '<script>window.hacked = true</script>',
    '<img src="https://tracker.example/pixel" onerror="window.hacked = true">',
    '<a href="javascript:alert(1)">click me</a> <a href="https://help.example/refunds" onclick="x()">help</a>',
    '<p style="color:red">{{agent_name}}</p>',
  ].join(''),
});
const welcome = response({
  id: 'response-welcome',
  title: 'Welcome',
  organization: 'org-beta',
  body: 'Welcome {{ full_name }}',
});

const grace: Contact = {
  id: 'contact-grace',
  contact_book: 'book-shared',
  first_name: 'Grace',
  last_name: 'Hopper',
  starred: false,
  deleted: false,
  modified_at: 1,
  memberships: [{ group: { id: 'g-navy', kind: 'organization', name: 'US Navy' } }],
};
const alan: Contact = {
  ...grace,
  id: 'contact-alan',
  first_name: 'Alan',
  last_name: 'Turing',
  memberships: [],
};

function stubResponses() {
  return stubMissive((request) => {
    switch (request.path) {
      case '/organizations':
        return jsonResponse({
          organizations: [
            { id: 'org-acme', name: 'Acme Support' },
            { id: 'org-beta', name: 'Beta Labs' },
          ],
        });
      case '/responses': {
        const organization = request.query.get('organization');
        return jsonResponse({
          responses: [refund, welcome].filter(
            (item) => !organization || item.organization === organization,
          ),
        });
      }
      case '/users':
        return jsonResponse({
          users: [
            makeUser({ id: 'user-me', email: 'sam@acme.example', name: 'Sam Agent', me: true }),
          ],
        });
      case '/contact_books':
        return jsonResponse({
          contact_books: [
            {
              id: 'book-shared',
              name: 'Acme shared',
              user: 'user-me',
              share_with_organization: true,
              share_with_team: null,
              share_with_users: [],
              organization: 'org-acme',
              description: null,
            },
          ],
        });
      default: {
        const search = request.query.get('search')?.toLowerCase() ?? '';
        return jsonResponse({
          contacts: [grace, alan].filter((contact) =>
            JSON.stringify(contact).toLowerCase().includes(search),
          ),
        });
      }
    }
  });
}

function renderPage(url = '/responses') {
  const router = createMemoryRouter([{ path: '/responses', element: <ResponsesPage /> }], {
    initialEntries: [url],
  });
  renderWithProviders(<UrlRouterProvider router={router} />);
  return router;
}

const message = () => screen.getByRole('article', { name: 'Filled response' });
const params = (router: ReturnType<typeof renderPage>) =>
  new URLSearchParams(router.state.location.search);

describe('ResponsesPage', { timeout: 15_000 }, () => {
  it('previews a response filled for the built-in sample, as the composer fills it', async () => {
    const { requests } = stubResponses();
    renderPage('/responses?organization=org-acme&response=response-refund');

    expect(screen.getByRole('heading', { level: 1, name: 'Canned responses' })).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Refund approved' }),
    ).toBeInTheDocument();
    expect(
      requests.find((request) => request.path === '/responses')?.query.get('organization'),
    ).toBe('org-acme');
    expect(screen.getByRole('radio', { name: /Ada Lovelace, Analytical Engines/ })).toBeChecked();

    expect(message()).toHaveTextContent('Subject: Your refund, Ada');
    expect(message()).toHaveTextContent('Hi Ada Lovelace,');
    expect(within(message()).getByText('Analytical Engines').tagName).toBe('STRONG');
    await waitFor(() => {
      expect(message()).toHaveTextContent('Sam Agent');
    });
    // The variable the composer does not know stays as written, marked and listed.
    expect(within(message()).getByText('{{ order_id }}').tagName).toBe('MARK');
    const note = screen.getByRole('note', { name: 'Not filled' });
    expect(note).toHaveTextContent('{{ order_id }} — unknown variable');
    expect(within(note).getAllByRole('listitem')).toHaveLength(1);
  });

  it('renders the body without any script, image, handler or unsafe link', async () => {
    stubResponses();
    renderPage('/responses?response=response-refund');
    await screen.findByRole('heading', { level: 2, name: 'Refund approved' });

    expect(message().querySelector('script, img, [onerror], [onclick], [style]')).toBeNull();
    expect(within(message()).getByText('[image]')).toBeInTheDocument();
    expect(within(message()).queryByRole('link', { name: 'click me' })).not.toBeInTheDocument();
    expect(within(message()).getByText('click me')).toBeInTheDocument();
    expect(within(message()).getByRole('link', { name: 'help' })).toHaveAttribute(
      'href',
      'https://help.example/refunds',
    );
    expect(Object.hasOwn(window, 'hacked')).toBe(false);
  });

  it('keeps the organization and the response shown in the URL', async () => {
    stubResponses();
    const router = renderPage('/responses?response=response-refund');
    const list = await screen.findByRole('list', { name: 'Canned responses' });
    expect(
      within(list)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Refund approvedYour refund, {{first_name}}', 'Welcome']);

    await userEvent.click(within(list).getByRole('link', { name: /Welcome/ }));
    expect(params(router).get('response')).toBe('response-welcome');
    expect(await screen.findByRole('heading', { level: 2, name: 'Welcome' })).toBeInTheDocument();
    expect(message()).toHaveTextContent('Welcome Ada Lovelace');
    expect(screen.getByText('Every variable is filled for this contact.')).toBeInTheDocument();

    await waitFor(() => {
      expect(screen.getByRole('option', { name: 'Acme Support' })).toBeInTheDocument();
    });
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Organization' }),
      'org-acme',
    );
    expect(params(router).get('organization')).toBe('org-acme');
    expect(params(router).get('response')).toBeNull();
    await waitFor(() => {
      expect(
        within(screen.getByRole('list', { name: 'Canned responses' })).queryByText('Welcome'),
      ).not.toBeInTheDocument();
    });
    expect(screen.getByText('Choose a response to preview it filled in.')).toBeInTheDocument();
  });

  it('fills the preview from a contact found by name, flagging what it lacks', async () => {
    const { requests } = stubResponses();
    renderPage('/responses?response=response-refund');
    await screen.findByRole('heading', { level: 2, name: 'Refund approved' });

    await userEvent.click(screen.getByRole('radio', { name: 'A contact from a contact book' }));
    await waitFor(() => {
      expect(screen.getByRole('combobox', { name: 'Contact book' })).toHaveValue('book-shared');
    });
    await userEvent.type(screen.getByRole('searchbox', { name: 'Find by name' }), 'grace');
    const results = await screen.findByRole('list', { name: 'Matching contacts' });
    const searches = requests.filter((request) => request.query.has('search'));
    expect(searches.map((request) => request.query.get('search'))).toEqual(['grace']);
    expect(searches[0]?.query.get('contact_book')).toBe('book-shared');

    await userEvent.click(within(results).getByRole('button', { name: 'Grace Hopper, US Navy' }));
    expect(message()).toHaveTextContent('Hi Grace Hopper,');
    expect(message()).toHaveTextContent('We refunded US Navy.');

    await userEvent.clear(screen.getByRole('searchbox', { name: 'Find by name' }));
    await userEvent.type(screen.getByRole('searchbox', { name: 'Find by name' }), 'alan{Enter}');
    await userEvent.click(await screen.findByRole('button', { name: 'Alan Turing' }));
    expect(message()).toHaveTextContent('Hi Alan Turing,');
    expect(within(message()).getByText('{{company}}').tagName).toBe('MARK');
    expect(screen.getByRole('note', { name: 'Not filled' })).toHaveTextContent(
      '{{company}} — nothing to fill it with',
    );
  });

  it('keeps a sample and a response picked while a name search is still pending', async () => {
    stubResponses();
    const router = renderPage('/responses?response=response-refund');
    await screen.findByRole('heading', { level: 2, name: 'Refund approved' });
    await userEvent.click(screen.getByRole('radio', { name: 'A contact from a contact book' }));
    const box = await screen.findByRole('searchbox', { name: 'Find by name' });
    await userEvent.type(box, 'grace{Enter}');
    const grace = await screen.findByRole('button', { name: 'Grace Hopper, US Navy' });

    // More typing, then picks made before the pause commits the new search.
    await userEvent.type(box, ' hopper');
    await userEvent.click(grace);
    await userEvent.click(screen.getByRole('link', { name: /Welcome/ }));
    expect(params(router).get('response')).toBe('response-welcome');

    await waitFor(() => {
      expect(screen.queryByRole('button', { name: 'Grace Hopper, US Navy' })).toBeNull();
    });
    expect(params(router).get('response')).toBe('response-welcome');
    expect(message()).toHaveTextContent('Welcome Grace Hopper');
  });

  it('says when the responses cannot be read', async () => {
    stubMissive((request) =>
      request.path === '/responses'
        ? jsonResponse({ error: { message: 'upstream down' } }, 502)
        : jsonResponse({ organizations: [] }),
    );
    renderPage();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Canned responses could not be read/,
    );
  });
});
