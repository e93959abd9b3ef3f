import type { CountryCode } from 'libphonenumber-js';
import type { HostConversation, Participant } from '@crm/shared/context';
import type { Author, Conversation } from '@crm/shared/missive/conversations';
import { normalizeEmail } from './handles';
import { normalizePhone } from './phone';

/** The organisation's own addresses and numbers (see MirrorReader.ownAddresses). */
export interface OwnAddresses {
  emails: readonly string[];
  phones: readonly string[];
}

/**
 * OWN_ADDRESSES: the team's addresses and numbers the mirror cannot learn
 * (an alias nobody has written from yet, a number that only receives),
 * separated by commas. Emails lower-cased, phones in E.164; what is neither
 * comes back as unreadable, for the configuration to refuse.
 */
export function parseOwnAddresses(
  text: string,
  region: CountryCode | undefined,
): OwnAddresses & { unreadable: string[] } {
  const emails: string[] = [];
  const phones: string[] = [];
  const unreadable: string[] = [];
  for (const entry of text.split(',').map((part) => part.trim())) {
    if (!entry) continue;
    const email = entry.includes('@') ? normalizeEmail(entry) : undefined;
    const phone = entry.includes('@') ? undefined : normalizePhone(entry, region);
    if (email) emails.push(email);
    else if (phone) phones.push(phone);
    else unreadable.push(entry);
  }
  return { emails, phones, unreadable };
}

/**
 * The customers of a conversation, never the team: its authors, then
 * everyone in the latest message's from/to/cc (the host's, which Missive's
 * window gives for free, else the one the mirror kept), once each, merged
 * when one mention adds to another (a name, a number); before their contacts
 * are matched. A number that does not read as one is kept as written.
 */
export function externalPeople(
  conversation: Conversation,
  latest: HostConversation['latest_message'] | undefined,
  own: OwnAddresses,
  region?: CountryCode,
): Participant[] {
  const isOurs = organisationMatcher(own, region);
  const mentions: Author[] = [...conversation.authors];
  if (latest) {
    if (latest.from_field) mentions.push(latest.from_field);
    mentions.push(...(latest.to_fields ?? []), ...(latest.cc_fields ?? []));
  }
  const people: Participant[] = [];
  for (const mention of mentions) {
    const person = toPerson(mention, region);
    if (!person || isOurs(person)) continue;
    const same = people.find((known) => samePerson(known, person));
    if (!same) {
      people.push(person);
      continue;
    }
    same.name ??= person.name;
    same.email ??= person.email;
    same.phone ??= person.phone;
  }
  return people;
}

/** A thread without a subject is titled by who it is with, as Missive's own list does. */
export function conversationTitle(conversation: Conversation, people: readonly Participant[]) {
  const subject = (conversation.subject ?? conversation.latest_message_subject)?.trim();
  if (subject) return subject;
  const [first] = people;
  return first?.name ?? first?.email ?? first?.phone ?? '(no subject)';
}

function toPerson(mention: Author, region: CountryCode | undefined) {
  const email = mention.address ? (normalizeEmail(mention.address) ?? null) : null;
  const written = mention.phone_number?.trim() || null;
  const phone = written ? (normalizePhone(written, region) ?? written) : null;
  // A custom channel's id alone can be matched to no contact: nothing to show.
  if (email === null && phone === null) return null;
  const name = mention.name?.trim() || null;
  return { name: name?.toLowerCase() === email ? null : name, email, phone };
}

function samePerson(a: Participant, b: Participant): boolean {
  if (a.email !== null && b.email !== null) return a.email === b.email;
  return a.phone !== null && a.phone === b.phone;
}

/**
 * A person is the organisation's when their address or number is one of its
 * own, or their address is on a domain its people use, unless that domain is
 * a public mailbox provider (a small team on gmail.com must not hide every
 * gmail.com customer).
 */
function organisationMatcher(own: OwnAddresses, region: CountryCode | undefined) {
  const emails = new Set(own.emails.flatMap((email) => normalizeEmail(email) ?? []));
  const phones = new Set(own.phones.map((phone) => normalizePhone(phone, region) ?? phone));
  const domains = new Set(
    [...emails].map(domainOf).filter((domain) => domain !== '' && !isPublicMailDomain(domain)),
  );
  return (person: Participant) =>
    (person.email !== null && (emails.has(person.email) || domains.has(domainOf(person.email)))) ||
    (person.phone !== null && phones.has(person.phone));
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

// Matched on the first label so regional variants (yahoo.fr, outlook.de…) count too.
const PUBLIC_MAIL_PROVIDERS = new Set([
  'aol',
  'fastmail',
  'free',
  'gmail',
  'gmx',
  'googlemail',
  'hey',
  'hotmail',
  'icloud',
  'laposte',
  'libero',
  'live',
  'mac',
  'mail',
  'me',
  'msn',
  'orange',
  'outlook',
  'pm',
  'proton',
  'protonmail',
  'qq',
  'tuta',
  'tutanota',
  'web',
  'yahoo',
  'yandex',
  'ymail',
  'zoho',
]);

function isPublicMailDomain(domain: string): boolean {
  return PUBLIC_MAIL_PROVIDERS.has(domain.split('.')[0] ?? '');
}
