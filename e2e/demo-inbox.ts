import { randomUUID } from 'node:crypto';
import type { Contact } from '@crm/shared/missive/contacts';
import type { Conversation } from '@crm/shared/missive/conversations';
import type { EmulatorControl } from './emulator-control';
import type { GatewayApi } from './gateway-api';

/**
 * What a journey works on, made for it as it starts: a person (a stranger,
 * or a contact of its own) and a conversation they begin now. The suite
 * shares one server, specs run in parallel and `--repeat-each` runs them
 * again on the same data: a journey that picked seeded conversations would
 * find them pushed off the Inbox's first page by earlier runs' new ones,
 * and seeded contacts carrying earlier runs' edits.
 */

export interface InboxConversation {
  id: string;
  /** As the playground's list titles it: the subject, unique to this conversation. */
  title: string;
  conversation: Conversation;
  /** The conversation's one outside participant. */
  participant: Person;
}

export interface Person {
  name: string;
  email: string;
}

export interface NewContact extends Person {
  contact: Contact;
}

/** A short random tag: nothing seeded or made by another run carries it. */
function tag(): string {
  return randomUUID().slice(0, 8);
}

/** Someone no contact book knows, different on every call. */
export function stranger(): Person {
  const suffix = tag();
  return { name: `Robin Newcomer${suffix}`, email: `robin.${suffix}@newcomer.example` };
}

/** A number no seeded contact has, different for every call. */
let numbers = 0;
export function newPhone(): string {
  numbers += 1;
  const digits = String((Date.now() + numbers) % 10_000).padStart(4, '0');
  return `+1 206 555 ${digits}`;
}

/**
 * A contact of the journey's own, in the organization's shared book: named
 * "First Last" with nothing else, an email and a phone no other record has
 * (so the card the sidebar shows for that address is this very record),
 * and, if asked, a company.
 */
export async function newContact(
  gateway: GatewayApi,
  options: { company?: string } = {},
): Promise<NewContact> {
  const books = await gateway.listContactBooks();
  const book = books.find((candidate) => candidate.share_with_organization) ?? books[0];
  if (!book) throw new Error('the demo has no contact book');
  const suffix = tag();
  const [first_name, last_name] = ['Casey', `Fairweather${suffix}`];
  const email = `casey.${suffix}@customer.example`;
  const contact = await gateway.createContact({
    contact_book: book.id,
    first_name,
    last_name,
    infos: [
      { kind: 'email', label: 'work', value: email },
      { kind: 'phone_number', label: 'mobile', value: newPhone() },
    ],
    ...(options.company && {
      memberships: [{ group: { kind: 'organization', name: options.company } }],
    }),
  });
  return { contact, name: `${first_name} ${last_name}`, email };
}

/**
 * A conversation of the journey's own: `person` writes in now, about a
 * subject no other conversation has, to an account the agent shares with
 * the organization (so labels and tasks apply). It tops the Inbox with them
 * as its only participant however many times the suite has run against this
 * server; a playground loaded earlier lists it once reloaded.
 */
export async function freshConversation(
  emulator: EmulatorControl,
  gateway: GatewayApi,
  person: Person,
): Promise<InboxConversation> {
  const [[agent], organization] = await Promise.all([
    gateway.listUsers(),
    gateway.organizationId(),
  ]);
  if (!agent) throw new Error('the demo has no user');
  const title = `Question ${tag()}`;
  const id = await emulator.receiveMessage({
    organization,
    from_field: { name: person.name, address: person.email },
    to_fields: [{ address: agent.email }],
    subject: title,
    body: 'Hello, could you help me with my order?',
  });
  const participant = { name: person.name, email: person.email };
  return { id, title, conversation: await gateway.getConversation(id), participant };
}
