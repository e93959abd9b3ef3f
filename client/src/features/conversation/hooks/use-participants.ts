import type { Author } from '@crm/shared/missive/conversations';
import type { MessageField } from '@crm/shared/missive/messages';
import type { User } from '@crm/shared/missive/people';
import { useConversation } from '../api/get-conversation';
import { useConversationMessages } from '../api/get-conversation-messages';
import { useOrganisationUsers } from '../api/get-organisation-users';

/** Someone outside the organisation taking part in a conversation. */
export interface Participant {
  name: string | null;
  email: string | null;
  /** SMS and WhatsApp participants are known by number. */
  phone: string | null;
}

export interface ParticipantsResult {
  /** Empty until every source has answered. */
  participants: Participant[];
  isPending: boolean;
  error: Error | null;
  retry: () => void;
}

/**
 * The external participants of a conversation: its authors, then everyone
 * in from/to/cc of its latest page of messages (older pages rarely add
 * anyone), once each, without the organisation's own people. Agents are
 * dropped by their user email and by the organisation's own domains, which
 * also catches team aliases such as support@ that are nobody's login.
 */
export function useParticipants(conversationId: string): ParticipantsResult {
  const conversation = useConversation(conversationId);
  const messages = useConversationMessages(conversationId);
  const users = useOrganisationUsers();
  // A source that has data is good enough even if a later refresh (or the
  // timeline's "Show earlier" on the shared messages) failed.
  const missing = [conversation, messages, users].filter((source) => source.data === undefined);
  const error = missing.find((source) => source.error)?.error ?? null;
  const retry = () => {
    for (const source of missing) void source.refetch();
  };

  if (!conversation.data || !messages.data || !users.data) {
    return { participants: [], isPending: error === null, error, retry };
  }
  const fields: (Author | MessageField)[] = [...conversation.data.authors];
  for (const message of messages.data.pages[0] ?? []) {
    fields.push(message.from_field, ...message.to_fields, ...message.cc_fields);
  }
  return {
    participants: externalParticipants(fields, users.data),
    isPending: false,
    error,
    retry,
  };
}

/** Deduplicates by email and by phone, merging what each mention adds (a name, a number). */
export function externalParticipants(
  fields: readonly (Author | MessageField)[],
  users: readonly User[],
): Participant[] {
  const isOurs = organisationMatcher(users);
  const participants: Participant[] = [];
  for (const field of fields) {
    const candidate = toParticipant(field);
    if (!candidate || (candidate.email !== null && isOurs(candidate.email))) continue;
    const same = participants.find((known) => sameParticipant(known, candidate));
    if (!same) {
      participants.push(candidate);
      continue;
    }
    same.name ??= candidate.name;
    same.email ??= candidate.email;
    same.phone ??= candidate.phone;
  }
  return participants;
}

function toParticipant(field: Author | MessageField): Participant | null {
  const email = clean(field.address);
  const phone = clean(field.phone_number);
  // A custom channel's id alone can be matched to no contact: nothing to show.
  if (email === null && phone === null) return null;
  const name = clean(field.name);
  return { name: name === email ? null : name, email, phone };
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function sameParticipant(a: Participant, b: Participant): boolean {
  if (a.email !== null && b.email !== null) return a.email.toLowerCase() === b.email.toLowerCase();
  if (a.phone !== null && b.phone !== null) return phoneDigits(a.phone) === phoneDigits(b.phone);
  return false;
}

function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

/**
 * An address is the organisation's when it is a user's, or on a domain its
 * users share, unless that domain is a public mailbox provider (a small team
 * on gmail.com must not hide every gmail.com customer).
 */
function organisationMatcher(users: readonly User[]): (email: string) => boolean {
  const emails = new Set(users.map((user) => user.email.toLowerCase()));
  const domains = new Set(
    [...emails].map(domainOf).filter((domain) => domain !== '' && !isPublicMailDomain(domain)),
  );
  return (email) => {
    const address = email.toLowerCase();
    return emails.has(address) || domains.has(domainOf(address));
  };
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
