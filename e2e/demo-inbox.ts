import { randomUUID } from 'node:crypto';
import type { Contact } from '@crm/shared/missive/contacts';
import type { Author, Conversation } from '@crm/shared/missive/conversations';
import type { EmulatorControl } from './emulator-control';
import type { GatewayApi } from './gateway-api';

/**
 * Finding the conversation a journey needs in the demo Inbox. The emulator
 * is seeded deterministically, but the suite shares one server and specs run
 * in parallel: writes (a task, a sent draft) move conversations to the top of
 * the Inbox. So conversations are chosen by what they are (read through the
 * gateway) and walked in id order, which no write changes, and clicked in
 * the list by their title and participant, never by position.
 */

/** The playground shows the Inbox 25 at a time: only these can be clicked without paging. */
const FIRST_PAGE = 25;

export interface InboxConversation {
  id: string;
  /** As the playground's list titles it. */
  title: string;
  conversation: Conversation;
  /** The conversation's one external author, an email correspondent with a name. */
  participant: { name: string; email: string };
}

export interface InboxConversationWithContact extends InboxConversation {
  /** The participant's contact in any contact book, as Missive has it now; null for a stranger. */
  contact: Contact | null;
}

/**
 * Email conversations of the Inbox's first page in an organization (labels
 * and tasks need one; mail to a personal address, as specs' fresh
 * conversations are, has none) with exactly one named outside participant.
 */
export async function inboxConversations(gateway: GatewayApi): Promise<InboxConversation[]> {
  const [conversations, users] = await Promise.all([
    gateway.listInbox(FIRST_PAGE),
    gateway.listUsers(),
  ]);
  const ourDomains = new Set(users.map((user) => domainOf(user.email)));
  const rows = conversations.flatMap((conversation): InboxConversation[] => {
    const outside = conversation.authors.filter(
      (author) => author.address && !ourDomains.has(domainOf(author.address)),
    );
    const [author] = outside;
    const participant = author && named(author);
    const title = titleOf(conversation);
    if (!participant || !title || outside.length !== 1 || !conversation.organization) return [];
    return [{ id: conversation.id, title, conversation, participant }];
  });
  // Two rows with the same title and person could not be told apart in the list.
  const unique = rows.filter(
    (row) =>
      rows.filter(
        (other) => other.title === row.title && other.participant.name === row.participant.name,
      ).length === 1,
  );
  return unique.sort((a, b) => a.id.localeCompare(b.id));
}

/** The `nth` Inbox conversation (0-based, in id order) that needs nothing in particular. */
export async function anyInboxConversation(
  gateway: GatewayApi,
  nth: number,
): Promise<InboxConversation> {
  const found = (await inboxConversations(gateway))[nth];
  if (!found) throw new Error(`the Inbox's first page has no conversation number ${nth}`);
  return found;
}

/**
 * The `nth` Inbox conversation whose participant `wanted` accepts, looking
 * each participant up in every contact book on the way. A participant counts
 * once however many conversations they wrote, so two specs asking for the
 * 0th and the 1st get two different people.
 */
export async function findInboxConversation(
  gateway: GatewayApi,
  wanted: (row: InboxConversationWithContact) => boolean,
  nth = 0,
): Promise<InboxConversationWithContact> {
  const people = new Set<string>();
  let accepted = 0;
  for (const row of await inboxConversations(gateway)) {
    const email = row.participant.email.toLowerCase();
    if (people.has(email)) continue;
    people.add(email);
    const candidate = { ...row, contact: await gateway.findContactByEmail(email) };
    if (!wanted(candidate)) continue;
    if (accepted === nth) return candidate;
    accepted += 1;
  }
  throw new Error(`the Inbox's first page has no conversation number ${nth} of the kind wanted`);
}

/** The participant's contact, for specs whose picker made sure there is one. */
export function contactOf(row: InboxConversationWithContact): Contact {
  if (!row.contact) throw new Error(`${row.participant.email} is not a contact`);
  return row.contact;
}

/**
 * The participant's contact is named exactly as the conversation names them
 * (no prefix, middle name or suffix), so its card is found by that name.
 */
export function knownByTheirName({ contact, participant }: InboxConversationWithContact): boolean {
  if (!contact || contact.prefix || contact.middle_name || contact.suffix) return false;
  return `${contact.first_name ?? ''} ${contact.last_name ?? ''}` === participant.name;
}

/** The name of the organization the contact belongs to, as the card shows it. */
export function companyOf(contact: Contact): string | undefined {
  return contact.memberships?.find((membership) => membership.group.kind === 'organization')?.group
    .name;
}

/** Same rule as the playground's list: the subject, else the latest message's. */
function titleOf(conversation: Conversation): string | undefined {
  const candidates = [conversation.subject, conversation.latest_message_subject];
  return candidates.map((value) => value?.trim()).find(Boolean);
}

function named(author: Author): InboxConversation['participant'] | undefined {
  const name = author.name?.trim();
  const email = author.address?.trim();
  return name && email ? { name, email } : undefined;
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * A conversation of the spec's own: `person` writes in now, about a subject
 * no other conversation has, so it tops the Inbox with them as its only
 * participant however many times the suite has run against this server.
 */
export async function freshConversation(
  emulator: EmulatorControl,
  gateway: GatewayApi,
  person: { name: string; email: string },
): Promise<InboxConversation> {
  const [agent] = await gateway.listUsers();
  if (!agent) throw new Error('the demo has no user');
  const title = `Question ${randomUUID().slice(0, 8)}`;
  const id = await emulator.receiveMessage({
    from_field: { name: person.name, address: person.email },
    to_fields: [{ address: agent.email }],
    subject: title,
    body: 'Hello, could you help me with my order?',
  });
  return { id, title, conversation: await gateway.getConversation(id), participant: person };
}

/**
 * A contact to write in as: named "First Last" with nothing else, and an
 * email no other record in any book has, so the card the sidebar shows for
 * that address is this very record.
 */
export async function plainContactWithEmail(
  gateway: GatewayApi,
  nth: number,
): Promise<{ contact: Contact; name: string; email: string }> {
  const books = await gateway.listContactBooks();
  let accepted = 0;
  for (const book of books) {
    for (const contact of await gateway.listContacts(book.id, 50)) {
      const email = contact.infos?.find((info) => info.kind === 'email')?.value;
      if (!email || !contact.first_name || !contact.last_name) continue;
      if (contact.prefix || contact.middle_name || contact.suffix) continue;
      const holders = await Promise.all(
        books.map((other) => gateway.searchContacts(other.id, email)),
      );
      if (holders.flat().length !== 1) continue;
      if (accepted === nth) {
        return { contact, name: `${contact.first_name} ${contact.last_name}`, email };
      }
      accepted += 1;
    }
  }
  throw new Error(`the demo has no plain contact with an email of its own, number ${nth}`);
}
