import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { SharedLabel } from '@crm/shared/missive/labels';
import { jsonResponse } from '@/test/http';
import { makeConversation } from '@/test/missive-fixtures';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderWithProviders } from '@/test/render-with-providers';
import { LabelsEditor } from './labels-editor';

function label(id: string, path: string, parent: string | null = null): SharedLabel {
  return {
    id,
    name: path.split('/').at(-1) ?? path,
    name_with_parent_names: path,
    color: '#2266ed',
    parent,
    organization: 'org-1',
  };
}

/**
 * The organization's labels are listed (with any created meanwhile); writes
 * get `write(request)`'s answer, by default a success.
 */
function stubLabels(write: (request: MissiveRequest) => Response | Promise<Response> = ok) {
  const labels = [
    label('l-urgent', 'Urgent'),
    label('l-refunds', 'Billing/Refunds', 'l-billing'),
    label('l-billing', 'Billing'),
  ];
  return stubMissive(async (request) => {
    if (request.method === 'GET' && request.path === '/shared_labels') {
      return jsonResponse({ shared_labels: labels });
    }
    const answer = await write(request);
    if (answer.ok && request.path === '/shared_labels') labels.push(created);
    return answer;
  });
}

const created = label('l-new', 'Billing/Chargebacks', 'l-billing');

function ok(request: MissiveRequest): Response {
  if (request.path === '/shared_labels') return jsonResponse({ shared_labels: [created] });
  return jsonResponse({ conversations: [makeConversation({ id: 'conversation-1' })] });
}

function renderEditor(appliedLabelIds: string[] = ['l-refunds']) {
  return renderWithProviders(
    <LabelsEditor
      conversationId="conversation-1"
      organizationId="org-1"
      appliedLabelIds={appliedLabelIds}
    />,
  );
}

function appliedNames() {
  const list = screen.queryByRole('list', { name: 'Applied labels' });
  if (!list) return [];
  return within(list)
    .getAllByRole('listitem')
    .map((item) => item.textContent.replace('×', ''));
}

describe('LabelsEditor', () => {
  it('shows applied labels by full path and lists the organization’s labels as a tree', async () => {
    const { requests } = stubLabels();
    renderEditor();

    expect(
      await screen.findByRole('button', { name: 'Remove label Billing/Refunds' }),
    ).toBeInTheDocument();
    expect(requests[0]?.query.get('organization')).toBe('org-1');
    await userEvent.click(screen.getByRole('combobox', { name: 'Add label' }));
    const options = within(screen.getByRole('listbox', { name: 'Labels' })).getAllByRole('option');
    // Applied labels are not offered again; the parent comes before its children.
    expect(options.map((option) => option.textContent)).toEqual(['Billing', 'Urgent']);
  });

  it('adds a label picked by typing and the keyboard, sending organization, without posting', async () => {
    const { writes } = stubLabels();
    renderEditor();
    await screen.findByRole('button', { name: 'Remove label Billing/Refunds' });

    const picker = screen.getByRole('combobox', { name: 'Add label' });
    await userEvent.type(picker, 'urg');
    expect(picker).toHaveAttribute('aria-expanded', 'true');
    await userEvent.keyboard('{Enter}');

    expect(appliedNames()).toEqual(['Billing/Refunds', 'Urgent']);
    expect(await screen.findByText('Added “Urgent”.')).toBeInTheDocument();
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      [
        'PATCH',
        '/conversations/conversation-1',
        {
          conversations: [
            { id: 'conversation-1', organization: 'org-1', add_shared_labels: ['l-urgent'] },
          ],
        },
      ],
    ]);
  });

  it('removes a label with organization in the body', async () => {
    const { writes } = stubLabels();
    renderEditor(['l-refunds', 'l-urgent']);
    await screen.findByRole('button', { name: 'Remove label Urgent' });

    await userEvent.click(screen.getByRole('button', { name: 'Remove label Urgent' }));

    expect(appliedNames()).toEqual(['Billing/Refunds']);
    expect(await screen.findByText('Removed “Urgent”.')).toBeInTheDocument();
    expect(writes().map((request) => request.body)).toEqual([
      {
        conversations: [
          { id: 'conversation-1', organization: 'org-1', remove_shared_labels: ['l-urgent'] },
        ],
      },
    ]);
  });

  it('shows a change at once and rolls it back when Missive refuses it', async () => {
    let refuse: (response: Response) => void = () => undefined;
    stubLabels(() => new Promise<Response>((resolve) => (refuse = resolve)));
    renderEditor(['l-refunds', 'l-urgent']);
    await screen.findByRole('button', { name: 'Remove label Urgent' });

    await userEvent.click(screen.getByRole('button', { name: 'Remove label Urgent' }));
    expect(appliedNames()).toEqual(['Billing/Refunds']);
    expect(screen.getByText('Removing “Urgent”…')).toBeInTheDocument();

    refuse(
      jsonResponse({ error: { message: 'Missive answered 500', code: 'upstream_error' } }, 502),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not remove “Urgent”. Missive is unavailable right now (502): Missive answered 500',
    );
    expect(appliedNames()).toEqual(['Billing/Refunds', 'Urgent']);
  });

  it('creates a label under a parent, then offers to add it', async () => {
    const { writes } = stubLabels();
    renderEditor([]);
    await screen.findByText('No labels yet.');

    await userEvent.click(screen.getByRole('button', { name: 'New label' }));
    const form = await screen.findByRole('form', { name: 'New label' });
    await userEvent.type(within(form).getByLabelText('Name'), 'Chargebacks');
    await userEvent.selectOptions(within(form).getByLabelText('Parent'), 'Billing');
    await userEvent.click(within(form).getByRole('button', { name: 'Create label' }));

    expect(await within(form).findByText('Created “Billing/Chargebacks”.')).toBeInTheDocument();
    expect(within(form).getByLabelText('Name')).toHaveValue('');
    await userEvent.click(
      within(form).getByRole('button', { name: 'Add “Billing/Chargebacks” to this conversation' }),
    );

    expect(appliedNames()).toEqual(['Billing/Chargebacks']);
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
      [
        'PATCH',
        '/conversations/conversation-1',
        {
          conversations: [
            { id: 'conversation-1', organization: 'org-1', add_shared_labels: ['l-new'] },
          ],
        },
      ],
    ]);
  });

  it('refuses a label name with a slash before asking Missive, keeping what was typed', async () => {
    const { writes } = stubLabels();
    renderEditor([]);
    await screen.findByText('No labels yet.');

    await userEvent.click(screen.getByRole('button', { name: 'New label' }));
    const form = await screen.findByRole('form', { name: 'New label' });
    await userEvent.type(within(form).getByLabelText('Name'), 'Billing/Disputes');
    await userEvent.click(within(form).getByRole('button', { name: 'Create label' }));

    expect(within(form).getByRole('alert')).toHaveTextContent(
      'name: must not contain "/", which separates parent names',
    );
    expect(within(form).getByLabelText('Name')).toHaveValue('Billing/Disputes');
    expect(writes()).toEqual([]);
  });

  it('keeps the new label form filled when Missive refuses it', async () => {
    stubLabels(() =>
      jsonResponse({ error: { message: 'name has already been taken', code: 'bad_request' } }, 400),
    );
    renderEditor([]);
    await screen.findByText('No labels yet.');

    await userEvent.click(screen.getByRole('button', { name: 'New label' }));
    const form = await screen.findByRole('form', { name: 'New label' });
    await userEvent.type(within(form).getByLabelText('Name'), 'Urgent');
    await userEvent.click(within(form).getByRole('button', { name: 'Create label' }));

    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'Not accepted: name has already been taken',
    );
    expect(within(form).getByLabelText('Name')).toHaveValue('Urgent');
  });

  it('says when the conversation has no organization', () => {
    stubLabels();
    renderWithProviders(
      <LabelsEditor conversationId="conversation-1" organizationId={null} appliedLabelIds={[]} />,
    );
    expect(screen.getByText(/belongs to no organization/)).toBeInTheDocument();
  });
});
