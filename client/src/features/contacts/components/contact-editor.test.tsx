import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { contactEditRequestSchema, type ContactChanges } from '@crm/shared/contact-edits';
import type { Contact } from '@crm/shared/missive/contacts';
import { jsonResponse } from '@/test/http';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderWithProviders } from '@/test/render-with-providers';
import { ada } from '../test/fixtures';
import { ContactEditor } from './contact-editor';

const EDIT_PATH = `/api/contacts/${ada.id}/edit`;

/** Every save gets `answer(request)`; by default the contact saved as sent. */
function stubEdits(answer: (request: MissiveRequest, attempt: number) => Response) {
  let attempt = 0;
  return stubMissive((request) => {
    expect(request.path).toBe(EDIT_PATH);
    attempt += 1;
    return answer(request, attempt);
  });
}

function saved(contact: Contact = ada): Response {
  return jsonResponse({ contact });
}

function conflict(current: Contact, yours: ContactChanges, fields: string[]): Response {
  return jsonResponse(
    {
      error: {
        message: 'someone else changed it',
        code: 'conflict',
        details: { current, base: ada, yours, fields },
      },
    },
    409,
  );
}

function yoursIn(request: MissiveRequest): ContactChanges {
  return contactEditRequestSchema.parse(request.body).changes;
}

function renderEditor(contact: Contact = ada) {
  const onDone = vi.fn();
  renderWithProviders(<ContactEditor contact={contact} onDone={onDone} />);
  return { onDone };
}

function detail(name: RegExp | string) {
  return screen.getByRole('group', { name });
}

async function replaceText(field: HTMLElement, text: string) {
  await userEvent.clear(field);
  if (text) await userEvent.type(field, text);
}

const save = () => userEvent.click(screen.getByRole('button', { name: 'Save' }));

describe('ContactEditor', () => {
  it('sends the base and only what changed: a new phone keeps every other info', async () => {
    const { writes } = stubEdits(() => saved());
    const { onDone } = renderEditor();

    const phone = within(detail('Detail 2: Phone')).getByRole('textbox', { name: 'Phone number' });
    await replaceText(phone, '+44 20 7946 0999');
    await save();

    expect(onDone).toHaveBeenCalledWith(ada);
    expect(writes()[0]?.body).toEqual({
      base: ada,
      changes: {
        infos: [
          { kind: 'email', label: 'work', value: 'ada@engines.example' },
          { kind: 'phone_number', label: 'mobile', value: '+44 20 7946 0999' },
          { kind: 'phone_number', label: 'other', custom_label: 'Lab', value: '+44 20 7946 0002' },
          { kind: 'url', label: 'homepage', value: 'https://ada.example/' },
        ],
      },
    });
  });

  it('offers each kind’s own labels and a custom label only beside "other"', async () => {
    const { writes } = stubEdits(() => saved());
    renderEditor();

    const lab = detail('Detail 3: Phone');
    expect(within(lab).getByRole('textbox', { name: 'Custom label' })).toHaveValue('Lab');
    await userEvent.selectOptions(within(lab).getByRole('combobox', { name: 'Label' }), 'work');
    expect(within(lab).queryByRole('textbox', { name: 'Custom label' })).not.toBeInTheDocument();

    const email = detail('Detail 1: Email');
    const labels = within(within(email).getByRole('combobox', { name: 'Label' })).getAllByRole(
      'option',
    );
    expect(labels.map((option) => option.textContent)).toEqual([
      'home',
      'work',
      'personal',
      'other',
    ]);
    // "mobile" is no email label: changing the kind of a phone resets it.
    const mobile = detail('Detail 2: Phone');
    await userEvent.selectOptions(within(mobile).getByRole('combobox', { name: 'Kind' }), 'email');
    expect(within(detail('Detail 2: Email')).getByRole('combobox', { name: 'Label' })).toHaveValue(
      'home',
    );
    await userEvent.selectOptions(
      within(detail('Detail 2: Email')).getByRole('combobox', { name: 'Kind' }),
      'phone_number',
    );
    await userEvent.selectOptions(
      within(detail('Detail 2: Phone')).getByRole('combobox', { name: 'Label' }),
      'mobile',
    );

    await save();
    // The custom label went with "other"; the new kind has its own label.
    expect(writes()[0]?.body).toMatchObject({
      changes: {
        infos: [
          { kind: 'email', label: 'work', value: 'ada@engines.example' },
          { kind: 'phone_number', label: 'mobile', value: '+44 20 7946 0001' },
          { kind: 'phone_number', label: 'work', value: '+44 20 7946 0002' },
          { kind: 'url', label: 'homepage', value: 'https://ada.example/' },
        ],
      },
    });
  });

  it('drops an emptied custom label and refuses an empty phone at its field, sending nothing', async () => {
    const { writes } = stubEdits(() => saved());
    renderEditor();

    const lab = detail('Detail 3: Phone');
    await userEvent.clear(within(lab).getByRole('textbox', { name: 'Custom label' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add detail' }));
    await userEvent.selectOptions(
      within(detail('Detail 5: Email')).getByRole('combobox', { name: 'Kind' }),
      'phone_number',
    );
    await save();

    expect(writes()).toHaveLength(0);
    // An empty custom label is simply not sent; an empty number is refused.
    const phone = within(detail('Detail 5: Phone')).getByRole('textbox', { name: 'Phone number' });
    expect(phone).toHaveAccessibleDescription('must not be empty');
    expect(phone).toHaveFocus();
    expect(screen.getByRole('alert')).toHaveTextContent('Some fields need attention');
  });

  it('shows the gateway’s 400 at the field it names and keeps what was typed', async () => {
    stubEdits(() =>
      jsonResponse(
        {
          error: {
            message: 'changes.infos[3].value: must be a URL',
            code: 'bad_request',
            details: {
              issues: [{ path: ['changes', 'infos', 3, 'value'], message: 'must be a URL' }],
            },
          },
        },
        400,
      ),
    );
    renderEditor();
    await replaceText(screen.getByRole('textbox', { name: 'Notes' }), 'New note');
    await save();

    const url = within(detail('Detail 4: Web address')).getByRole('textbox', { name: 'URL' });
    expect(await screen.findByText('must be a URL')).toBeInTheDocument();
    expect(url).toHaveAccessibleDescription('must be a URL');
    expect(screen.getByRole('textbox', { name: 'Notes' })).toHaveValue('New note');
  });

  it('says when Missive is busy and when a retry is safe, keeping the form', async () => {
    const { writes } = stubEdits((_request, attempt) =>
      attempt === 1
        ? new Response(
            JSON.stringify({ error: { message: 'Missive is busy', code: 'overloaded' } }),
            {
              status: 503,
              headers: { 'Content-Type': 'application/json', 'Retry-After': '30' },
            },
          )
        : saved(),
    );
    const { onDone } = renderEditor();
    await replaceText(screen.getByRole('textbox', { name: 'First name' }), 'Augusta');
    await save();

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Missive is busy — retrying in 30 s is safe.',
    );
    expect(screen.getByRole('textbox', { name: 'First name' })).toHaveValue('Augusta');
    await save();
    expect(onDone).toHaveBeenCalled();
    expect(writes().map((write) => write.body)).toEqual([
      { base: ada, changes: { first_name: 'Augusta' } },
      { base: ada, changes: { first_name: 'Augusta' } },
    ]);
  });

  it('keeps typed text after any failure', async () => {
    stubEdits(() => jsonResponse({ error: { message: 'Missive answered 500' } }, 502));
    renderEditor();
    await replaceText(screen.getByRole('textbox', { name: 'Last name' }), 'King');
    await replaceText(screen.getByRole('textbox', { name: 'Notes' }), 'Countess of Lovelace');
    await save();
    expect(await screen.findByRole('alert')).toHaveTextContent('Missive answered 500');
    expect(screen.getByRole('textbox', { name: 'Last name' })).toHaveValue('King');
    expect(screen.getByRole('textbox', { name: 'Notes' })).toHaveValue('Countess of Lovelace');
  });

  it('edits memberships: groups by name, organization fields only for organizations', async () => {
    const { writes } = stubEdits(() => saved());
    renderEditor();
    await userEvent.click(screen.getByRole('button', { name: 'Remove membership 2 (Group)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add organization' }));
    const added = detail('Membership 2: Organization');
    await userEvent.type(
      within(added).getByRole('textbox', { name: 'Organization name' }),
      'Babbage & Co',
    );
    await userEvent.type(within(added).getByRole('textbox', { name: 'Title' }), 'Advisor');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Starred' }));
    await save();

    expect(writes()[0]?.body).toMatchObject({
      changes: {
        starred: false,
        memberships: [
          {
            title: 'Analyst',
            department: 'Research',
            group: { kind: 'organization', name: 'Analytical Engines' },
          },
          { title: 'Advisor', group: { kind: 'organization', name: 'Babbage & Co' } },
        ],
      },
    });
  });

  it('finishes without a request when nothing changed', async () => {
    const { writes } = stubEdits(() => saved());
    const { onDone } = renderEditor();
    await save();
    expect(onDone).toHaveBeenCalledWith();
    expect(writes()).toHaveLength(0);
  });
});

describe('ContactEditor on a conflict', () => {
  const theirEmail = { kind: 'email', label: 'home', value: 'ada@home.example' };

  it('shows both versions and merges them in one click when they do not overlap', async () => {
    // They added an email while this agent changed the mobile number.
    const current = {
      ...ada,
      modified_at: ada.modified_at + 60,
      infos: [...(ada.infos ?? []), theirEmail],
    };
    const merged = { ...current };
    const { writes } = stubEdits((request, attempt) =>
      attempt === 1 ? conflict(current, yoursIn(request), ['infos']) : saved(merged),
    );
    const { onDone } = renderEditor();
    const phone = within(detail('Detail 2: Phone')).getByRole('textbox', { name: 'Phone number' });
    await replaceText(phone, '+44 20 7946 0999');
    await save();

    const region = await screen.findByRole('region', { name: 'Conflict' });
    const theirs = within(region).getByRole('list', { name: 'Theirs' });
    const yours = within(region).getByRole('list', { name: 'Yours' });
    expect(theirs).toHaveTextContent('Email (home): ada@home.example');
    expect(theirs).toHaveTextContent('Phone (mobile): +44 20 7946 0001');
    expect(yours).toHaveTextContent('Phone (mobile): +44 20 7946 0999');
    expect(yours).not.toHaveTextContent('ada@home.example');
    // The form keeps what was typed while the agent decides.
    expect(phone).toHaveValue('+44 20 7946 0999');

    await userEvent.click(within(region).getByRole('button', { name: 'Merge' }));
    expect(onDone).toHaveBeenCalledWith(merged);
    const second = writes()[1]?.body;
    expect(second).toEqual({
      base: current,
      changes: {
        infos: [
          { kind: 'email', label: 'work', value: 'ada@engines.example' },
          { kind: 'phone_number', label: 'mobile', value: '+44 20 7946 0999' },
          { kind: 'phone_number', label: 'other', custom_label: 'Lab', value: '+44 20 7946 0002' },
          { kind: 'url', label: 'homepage', value: 'https://ada.example/' },
          theirEmail,
        ],
      },
    });
  });

  it('lets the agent choose per field when both changed the same one', async () => {
    const current = { ...ada, first_name: 'Augusta', notes: 'Their note' };
    const { writes } = stubEdits((request, attempt) =>
      attempt === 1 ? conflict(current, yoursIn(request), ['first_name', 'notes']) : saved(),
    );
    renderEditor();
    await replaceText(screen.getByRole('textbox', { name: 'First name' }), 'Adah');
    await replaceText(screen.getByRole('textbox', { name: 'Notes' }), 'My note');
    await replaceText(screen.getByRole('textbox', { name: 'Nickname' }), 'Enchantress');
    await save();

    const region = await screen.findByRole('region', { name: 'Conflict' });
    expect(within(region).queryByRole('button', { name: 'Merge' })).not.toBeInTheDocument();
    const keep = within(region).getByRole('button', { name: 'Save my choices' });
    expect(keep).toBeDisabled();
    await userEvent.click(
      within(within(region).getByRole('group', { name: 'Keep for first name' })).getByRole(
        'radio',
        { name: 'Theirs' },
      ),
    );
    await userEvent.click(
      within(within(region).getByRole('group', { name: 'Keep for notes' })).getByRole('radio', {
        name: 'Yours',
      }),
    );
    await userEvent.click(keep);

    expect(writes()[1]?.body).toEqual({
      base: current,
      changes: { nickname: 'Enchantress', notes: 'My note' },
    });
  });
});
