import { toInfoInput } from '@crm/shared/contact-edits';
import type { Contact, ContactInfo } from '@crm/shared/missive/contacts';
import {
  freshConversation,
  newContact,
  newPhone,
  stranger,
  type InboxConversation,
  type NewContact,
} from './demo-inbox';
import type { EmulatorControl } from './emulator-control';
import { expect, test } from './fixtures';
import type { GatewayApi } from './gateway-api';
import type { Playground } from './playground';

/**
 * Contacts from the sidebar, checked upstream: a stranger filed in the book
 * the agent picks, a phone changed without losing any other detail, and a
 * colleague's edit made meanwhile that the editor shows instead of
 * overwriting. Each journey edits a contact of its own (an email and one
 * phone), who writes in afresh.
 */
async function customerWritingIn(
  emulator: EmulatorControl,
  gateway: GatewayApi,
  playground: Playground,
): Promise<{ row: InboxConversation; customer: NewContact }> {
  const customer = await newContact(gateway);
  const row = await freshConversation(emulator, gateway, customer);
  await playground.reload();
  return { row, customer };
}

function withPhone(infos: readonly ContactInfo[], phone: string): ContactInfo[] {
  return infos.map((info) => (info.kind === 'phone_number' ? { ...info, value: phone } : info));
}

/** Everything but what Missive stamps on every write. */
function withoutStamp(contact: Contact) {
  const { modified_at: _stamp, ...rest } = contact;
  return rest;
}

/** Selects the conversation and opens the participant's contact in the editor. */
async function openEditor(playground: Playground, row: InboxConversation) {
  await playground.select(row);
  const name = row.participant.name;
  await playground
    .contactCard(name)
    .getByRole('button', { name: `Edit ${name}` })
    .click();
  const editor = playground.sidebarRegion('Contacts').getByRole('form', { name: `Edit ${name}` });
  await expect(editor).toBeVisible();
  return editor;
}

test('an unknown participant becomes a contact, in the contact book the agent chose', async ({
  playground,
  gateway,
  emulator,
}) => {
  // Someone no contact book knows writes in, a new person on every run.
  const row = await freshConversation(emulator, gateway, stranger());
  await playground.reload();
  const { name, email } = row.participant;
  // Not the book offered by default, so the choice is seen to count.
  const books = await gateway.listContactBooks();
  const book = books.find((candidate) => !candidate.share_with_organization) ?? books.at(-1);
  if (!book) throw new Error('the demo has no contact book');

  await playground.select(row);
  const offer = playground.newContactCard(name);
  await expect(offer).toContainText('Not in any contact book yet.');
  await offer.getByLabel('Contact book').selectOption({ label: book.name });
  await offer.getByRole('button', { name: 'Create contact' }).click();

  const card = playground.contactCard(name);
  await expect(card).toContainText(email);
  await expect(playground.newContactCard(name)).toHaveCount(0);

  const filed = await gateway.searchContacts(book.id, email);
  expect(filed).toHaveLength(1);
  const [contact] = filed;
  expect(contact).toMatchObject({
    contact_book: book.id,
    infos: [expect.objectContaining({ kind: 'email', value: email })],
  });
  expect(`${contact?.first_name ?? ''} ${contact?.last_name ?? ''}`).toBe(name);
});

test('editing a contact’s phone writes it upstream and keeps every other detail', async ({
  playground,
  gateway,
  emulator,
}) => {
  const { row, customer } = await customerWritingIn(emulator, gateway, playground);
  const before = await gateway.getContact(customer.contact.id);
  const phone = newPhone();

  const editor = await openEditor(playground, row);
  const detail = editor.getByRole('group', { name: /^Detail \d+: Phone$/ });
  await detail.getByRole('textbox', { name: 'Phone number' }).fill(phone);
  await editor.getByRole('button', { name: 'Save' }).click();

  await expect(editor).toHaveCount(0);
  await expect(playground.contactCard(row.participant.name)).toContainText(phone);

  const after = await gateway.getContact(before.id);
  expect(withoutStamp(after)).toEqual({
    ...withoutStamp(before),
    infos: withPhone(before.infos ?? [], phone),
  });
});

test('a colleague changing the same phone meanwhile shows a conflict; keeping mine writes mine upstream', async ({
  playground,
  gateway,
  emulator,
}) => {
  const { row, customer } = await customerWritingIn(emulator, gateway, playground);
  const before = await gateway.getContact(customer.contact.id);
  const [mine, theirs] = [newPhone(), newPhone()];

  const editor = await openEditor(playground, row);
  const detail = editor.getByRole('group', { name: /^Detail \d+: Phone$/ });
  await detail.getByRole('textbox', { name: 'Phone number' }).fill(mine);

  // Behind the editor's back, in Missive itself: the whole list of infos replaced.
  const infos = withPhone(before.infos ?? [], theirs).flatMap((info) => toInfoInput(info) ?? []);
  await emulator.editContact(before.id, { infos });

  await editor.getByRole('button', { name: 'Save' }).click();

  const conflict = editor.getByRole('region', { name: 'Conflict' });
  await expect(conflict.getByRole('list', { name: 'Theirs' })).toContainText(theirs);
  await expect(conflict.getByRole('list', { name: 'Yours' })).toContainText(mine);
  // What was typed is still in the form.
  await expect(detail.getByRole('textbox', { name: 'Phone number' })).toHaveValue(mine);
  expect((await gateway.getContact(before.id)).infos).toEqual(
    withPhone(before.infos ?? [], theirs),
  );

  await conflict.getByRole('radio', { name: 'Yours' }).check();
  await conflict.getByRole('button', { name: 'Save my choices' }).click();

  await expect(editor).toHaveCount(0);
  await expect(playground.contactCard(row.participant.name)).toContainText(mine);
  const after = await gateway.getContact(before.id);
  expect(withoutStamp(after)).toEqual({
    ...withoutStamp(before),
    infos: withPhone(before.infos ?? [], mine),
  });
});

test('a colleague changing another detail meanwhile merges with mine in one click', async ({
  playground,
  gateway,
  emulator,
}) => {
  const { row, customer } = await customerWritingIn(emulator, gateway, playground);
  const before = await gateway.getContact(customer.contact.id);
  const phone = newPhone();
  const website: ContactInfo = { kind: 'url', label: 'homepage', value: 'https://example.com/e2e' };

  const editor = await openEditor(playground, row);
  const detail = editor.getByRole('group', { name: /^Detail \d+: Phone$/ });
  await detail.getByRole('textbox', { name: 'Phone number' }).fill(phone);

  const theirs = [...(before.infos ?? []), website].flatMap((info) => toInfoInput(info) ?? []);
  await emulator.editContact(before.id, { infos: theirs });

  await editor.getByRole('button', { name: 'Save' }).click();

  const conflict = editor.getByRole('region', { name: 'Conflict' });
  await expect(conflict).toContainText('Your changes and theirs fit together');
  await conflict.getByRole('button', { name: 'Merge' }).click();

  await expect(editor).toHaveCount(0);
  const card = playground.contactCard(row.participant.name);
  await expect(card).toContainText(phone);
  await expect(card).toContainText(website.value ?? '');
  const after = await gateway.getContact(before.id);
  expect(withoutStamp(after)).toEqual({
    ...withoutStamp(before),
    infos: [...withPhone(before.infos ?? [], phone), website],
  });
});
