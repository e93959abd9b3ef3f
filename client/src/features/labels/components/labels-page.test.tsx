import { fireEvent, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  sharedLabelCreateBody,
  sharedLabelUpdateBody,
  type SharedLabel,
} from '@crm/shared/missive/labels';
import { answerDirectory, stubListOutage } from '@/test/directory-fixtures';
import { jsonResponse } from '@/test/http';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderPage } from '@/test/render-page';
import { LabelsPage } from './labels-page';

function label(
  id: string,
  name: string,
  parent: string | null,
  organization = 'org-1',
): SharedLabel {
  return {
    id,
    name,
    name_with_parent_names: name,
    color: '#2266ed',
    parent,
    organization,
    share_with_organization: false,
    share_with_team: null,
    share_with_users: [],
    visibility: 'organization',
  };
}

/** Full paths recomputed from the parent links, as Missive answers them. */
function withPaths(labels: SharedLabel[]): SharedLabel[] {
  const byId = new Map(labels.map((item) => [item.id, item]));
  const path = (item: SharedLabel): string => {
    const parent = item.parent ? byId.get(item.parent) : undefined;
    return parent ? `${path(parent)}/${item.name}` : item.name;
  };
  return labels.map((item) => ({ ...item, name_with_parent_names: path(item) }));
}

/**
 * Answers reads from fixtures and writes as Missive would, changing the
 * fixtures so a refetch sees the change; `write` replaces the writes' answer.
 */
function stubLabels(write?: (request: MissiveRequest) => Response) {
  let labels = withPaths([
    label('l-urgent', 'Urgent', null),
    label('l-refunds', 'Refunds', 'l-billing'),
    label('l-billing', 'Billing', null),
    label('l-disputes', 'Disputes', 'l-refunds'),
    label('l-beta', 'Beta things', null, 'org-2'),
  ]);
  return stubMissive((request) => {
    const directory = answerDirectory(request);
    if (directory) return directory;
    if (request.method === 'GET' && request.path === '/shared_labels') {
      const organization = request.query.get('organization');
      return jsonResponse({
        shared_labels: labels.filter((item) => item.organization === organization),
      });
    }
    if (write) return write(request);
    if (request.method === 'POST') {
      const [input] = sharedLabelCreateBody.parse(request.body).shared_labels;
      if (!input) throw new Error('no label in the body');
      labels = withPaths([...labels, { ...label('l-new', input.name, null), ...input }]);
      return jsonResponse({ shared_labels: labels.filter((item) => item.id === 'l-new') });
    }
    const [changes] = sharedLabelUpdateBody.parse(request.body).shared_labels;
    if (!changes) throw new Error('no label in the body');
    labels = withPaths(
      labels.map((item) => (item.id === changes.id ? { ...item, ...changes } : item)),
    );
    return jsonResponse({ shared_labels: labels.filter((item) => item.id === changes.id) });
  });
}

function tree() {
  return screen.findByRole('list', { name: 'Label tree' });
}

async function editForm(path: string) {
  return screen.findByRole('form', { name: `Edit “${path}”` });
}

describe('LabelsPage', () => {
  it('shows the first organization’s labels as a tree built from parent links', async () => {
    const { requests } = stubLabels();
    const { search } = renderPage(<LabelsPage />, '/labels');

    expect(screen.getByRole('heading', { level: 1, name: 'Labels' })).toBeInTheDocument();
    const labelTree = await tree();
    const roots = within(labelTree)
      .getAllByRole('listitem')
      .filter((item) => item.parentElement === labelTree);
    expect(roots).toHaveLength(2);
    expect(roots[0]).toHaveAccessibleName('Billing');
    expect(roots[1]).toHaveAccessibleName('Urgent');
    const billing = screen.getByRole('listitem', { name: 'Billing' });
    const refunds = within(billing).getByRole('listitem', { name: 'Refunds' });
    expect(within(refunds).getByRole('listitem', { name: 'Disputes' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Organization' })).toHaveValue('org-1');
    expect(
      requests.find((request) => request.path === '/shared_labels')?.query.get('organization'),
    ).toBe('org-1');
    // The default organization is not written into the URL.
    expect(search()).toEqual({});

    const toggle = screen.getByRole('button', { name: 'Sub-labels of Billing' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(within(billing).queryByRole('listitem', { name: 'Refunds' })).toBeNull();
  });

  it('links every label to its conversations', async () => {
    stubLabels();
    renderPage(<LabelsPage />, '/labels');
    await tree();

    expect(screen.getByRole('link', { name: 'Conversations in Billing/Refunds' })).toHaveAttribute(
      'href',
      '/conversations?mailbox=shared_label&label=l-refunds',
    );
    await userEvent.click(screen.getByRole('link', { name: 'Conversations in Urgent' }));
    expect(await screen.findByText('Another page')).toBeInTheDocument();
  });

  it('reads the organization and the label being edited from the URL and writes them back', async () => {
    const { requests } = stubLabels();
    const { search } = renderPage(<LabelsPage />, '/labels?organization=org-2');

    expect(await screen.findByRole('listitem', { name: 'Beta things' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Organization' })).toHaveValue('org-2');
    expect(
      requests.find((request) => request.path === '/shared_labels')?.query.get('organization'),
    ).toBe('org-2');

    await userEvent.click(screen.getByRole('button', { name: 'Edit Beta things' }));
    expect(search()).toEqual({ organization: 'org-2', label: 'l-beta' });
    expect(await editForm('Beta things')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Edit “Beta things”' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Edit Beta things' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    // Another organization: the label being edited belonged to the old one.
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Organization' }), 'Acme');
    expect(search()).toEqual({ organization: 'org-1' });
    expect(await screen.findByRole('listitem', { name: 'Billing' })).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: /^Edit/ })).toBeNull();
  });

  it('opens the label named in the URL and closes it', async () => {
    stubLabels();
    const { search } = renderPage(<LabelsPage />, '/labels?label=l-refunds');

    const form = await editForm('Billing/Refunds');
    expect(within(form).getByLabelText('Name')).toHaveValue('Refunds');
    expect(within(form).getByLabelText('Parent')).toHaveValue('l-billing');
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(search()).toEqual({});
    expect(screen.queryByRole('form', { name: /^Edit/ })).toBeNull();
  });

  it('says when the label in the URL does not exist', async () => {
    stubLabels();
    renderPage(<LabelsPage />, '/labels?label=l-gone');

    expect(await screen.findByText(/no longer exists in this organization/)).toBeInTheDocument();
  });

  it('creates a label under a parent and shows it in the tree', async () => {
    const { writes } = stubLabels();
    renderPage(<LabelsPage />, '/labels');
    await tree();

    const form = screen.getByRole('form', { name: 'New label' });
    await userEvent.type(within(form).getByLabelText('Name'), 'Chargebacks');
    await userEvent.selectOptions(within(form).getByLabelText('Parent'), 'Billing');
    await userEvent.click(within(form).getByRole('button', { name: 'Create label' }));

    expect(await within(form).findByText('Created “Billing/Chargebacks”.')).toBeInTheDocument();
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      [
        'POST',
        '/shared_labels',
        {
          shared_labels: [
            { name: 'Chargebacks', organization: 'org-1', color: '#2266ed', parent: 'l-billing' },
          ],
        },
      ],
    ]);
    const billing = screen.getByRole('listitem', { name: 'Billing' });
    expect(
      await within(billing).findByRole('listitem', { name: 'Chargebacks' }),
    ).toBeInTheDocument();
    // No conversation here to add it to.
    expect(within(form).queryByRole('button', { name: /to this conversation/ })).toBeNull();
  });

  it('renames a label, sending only the name', async () => {
    const { writes } = stubLabels();
    renderPage(<LabelsPage />, '/labels?label=l-refunds');
    const form = await editForm('Billing/Refunds');

    await userEvent.clear(within(form).getByLabelText('Name'));
    await userEvent.type(within(form).getByLabelText('Name'), 'Returns');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Saved “Billing/Returns”.')).toBeInTheDocument();
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      [
        'PATCH',
        '/shared_labels/l-refunds',
        { shared_labels: [{ id: 'l-refunds', name: 'Returns' }] },
      ],
    ]);
    expect(await screen.findByRole('listitem', { name: 'Returns' })).toBeInTheDocument();
    expect(await editForm('Billing/Returns')).toBeInTheDocument();
  });

  it('recolours a label, sending only the colour', async () => {
    const { writes } = stubLabels();
    renderPage(<LabelsPage />, '/labels?label=l-urgent');
    const form = await editForm('Urgent');

    fireEvent.input(within(form).getByLabelText('Colour'), { target: { value: '#d92d20' } });
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Saved “Urgent”.')).toBeInTheDocument();
    expect(writes().map((request) => request.body)).toEqual([
      { shared_labels: [{ id: 'l-urgent', color: '#d92d20' }] },
    ]);
  });

  it('moves a label under another parent, then back to the top level', async () => {
    const { writes } = stubLabels();
    renderPage(<LabelsPage />, '/labels?label=l-refunds');
    let form = await editForm('Billing/Refunds');

    await userEvent.selectOptions(within(form).getByLabelText('Parent'), 'Urgent');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Saved “Urgent/Refunds”.')).toBeInTheDocument();
    const urgent = screen.getByRole('listitem', { name: 'Urgent' });
    expect(await within(urgent).findByRole('listitem', { name: 'Refunds' })).toBeInTheDocument();

    form = await editForm('Urgent/Refunds');
    await userEvent.selectOptions(within(form).getByLabelText('Parent'), 'None (top level)');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Saved “Refunds”.')).toBeInTheDocument();

    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      [
        'PATCH',
        '/shared_labels/l-refunds',
        { shared_labels: [{ id: 'l-refunds', parent: 'l-urgent' }] },
      ],
      ['PATCH', '/shared_labels/l-refunds', { shared_labels: [{ id: 'l-refunds', parent: null }] }],
    ]);
  });

  it('refuses to move a label under one of its own sub-labels, before asking Missive', async () => {
    const { writes } = stubLabels();
    renderPage(<LabelsPage />, '/labels?label=l-billing');
    const form = await editForm('Billing');

    // The label itself is not offered as its own parent.
    const parent = within(form).getByLabelText('Parent');
    expect(within(parent).queryByRole('option', { name: 'Billing' })).toBeNull();
    await userEvent.selectOptions(parent, 'Billing/Refunds/Disputes');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(within(form).getByRole('alert')).toHaveTextContent(
      '“Billing” cannot move under “Billing/Refunds/Disputes”, one of its own sub-labels.',
    );
    expect(parent).toHaveValue('l-disputes');
    expect(writes()).toEqual([]);
  });

  it('changes who can use the label and whom it is shared with', async () => {
    const { writes } = stubLabels();
    renderPage(<LabelsPage />, '/labels?label=l-urgent');
    const form = await editForm('Urgent');

    expect(within(form).getByRole('radio', { name: 'Everyone in the organization' })).toBeChecked();
    await userEvent.click(
      within(form).getByRole('radio', { name: 'Only admins and the people it is shared with' }),
    );
    await userEvent.click(within(form).getByRole('checkbox', { name: 'The whole organization' }));
    await userEvent.selectOptions(await within(form).findByLabelText('Team'), 'Billing');
    await userEvent.click(await within(form).findByRole('checkbox', { name: 'Bob Stone' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByText('Saved “Urgent”.')).toBeInTheDocument();
    expect(writes().map((request) => request.body)).toEqual([
      {
        shared_labels: [
          {
            id: 'l-urgent',
            visibility: 'delegates',
            share_with_organization: true,
            share_with_team: 'team-billing',
            share_with_users: ['u-bob'],
          },
        ],
      },
    ]);
    expect(
      within(form).getByRole('radio', { name: 'Only admins and the people it is shared with' }),
    ).toBeChecked();
  });

  it('sends nothing when nothing changed', async () => {
    const { writes } = stubLabels();
    renderPage(<LabelsPage />, '/labels?label=l-urgent');
    const form = await editForm('Urgent');

    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(within(form).getByText('Nothing to save: no setting was changed.')).toBeInTheDocument();
    expect(writes()).toEqual([]);
  });

  it('keeps the changes typed when Missive refuses them', async () => {
    stubLabels(() =>
      jsonResponse(
        { error: { message: 'name: a label "Billing" already exists there', code: 'bad_request' } },
        400,
      ),
    );
    renderPage(<LabelsPage />, '/labels?label=l-urgent');
    const form = await editForm('Urgent');

    await userEvent.clear(within(form).getByLabelText('Name'));
    await userEvent.type(within(form).getByLabelText('Name'), 'Billing');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'Not accepted: name: a label "Billing" already exists there',
    );
    expect(within(form).getByLabelText('Name')).toHaveValue('Billing');
    await userEvent.click(within(form).getByRole('button', { name: 'Discard changes' }));
    expect(within(form).getByLabelText('Name')).toHaveValue('Urgent');
    expect(within(form).queryByRole('alert')).toBeNull();
  });

  it('refuses a name with a slash before asking Missive', async () => {
    const { writes } = stubLabels();
    renderPage(<LabelsPage />, '/labels?label=l-urgent');
    const form = await editForm('Urgent');

    await userEvent.type(within(form).getByLabelText('Name'), '/Now');
    await userEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(within(form).getByRole('alert')).toHaveTextContent(
      'name: must not contain "/", which separates parent names',
    );
    expect(writes()).toEqual([]);
  });

  it('says why the labels could not be read and tries again', async () => {
    const missive = stubListOutage('/shared_labels', { shared_labels: [] });
    renderPage(<LabelsPage />, '/labels');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The labels could not be read. Missive is unavailable right now (502): Missive is down',
    );
    missive.recover();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByText('No shared labels yet: create the first one.'),
    ).toBeInTheDocument();
  });
});
