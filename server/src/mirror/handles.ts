import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import type { Contact } from '@crm/shared/missive/contacts';
import type { Author, Conversation } from '@crm/shared/missive/conversations';
import { messageSchema } from '@crm/shared/missive/messages';
import type { ContactIndex, ParticipantRow } from '../store/mirror-store';
import { normalizePhone, phoneSearchTerms } from './phone';

/**
 * The keys the mirror finds people by: lower-cased email addresses and E.164
 * phone numbers, for contacts (in every book) and for the people of a
 * conversation. Both sides go through the same functions, so a contact typed
 * as "+1 (514) 555-0100" meets the SMS thread from "+15145550100".
 */

export function normalizeEmail(text: string): string | undefined {
  const email = text.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(email) ? email : undefined;
}

/** Emails, phones and everything a person might search the contact by. */
export function contactHandles(contact: Contact, region?: CountryCode): ContactIndex {
  const emails = new Set<string>();
  const phones = new Set<string>();
  const words: (string | null | undefined)[] = [
    contact.prefix,
    contact.first_name,
    contact.middle_name,
    contact.last_name,
    contact.suffix,
    contact.nickname,
    contact.file_as,
    contact.phonetic_first_name,
    contact.phonetic_middle_name,
    contact.phonetic_last_name,
    contact.notes,
  ];
  for (const info of contact.infos ?? []) {
    const { kind, label: _label, ...fields } = info;
    for (const value of Object.values(fields)) if (typeof value === 'string') words.push(value);
    if (kind === 'email' && info.value) {
      const email = normalizeEmail(info.value);
      if (email) emails.add(email);
    }
    if (kind === 'phone_number' && info.value) {
      const phone = normalizePhone(info.value, region);
      if (phone) {
        phones.add(phone);
        words.push(...phoneSearchTerms(phone));
      }
    }
  }
  for (const membership of contact.memberships ?? []) {
    words.push(
      membership.group.name,
      membership.title,
      membership.department,
      membership.location,
      membership.description,
    );
  }
  return {
    emails: [...emails],
    phones: [...phones],
    text: words.filter((word): word is string => Boolean(word)).join(' '),
  };
}

/**
 * The parts of a message that name people. Missive's REST conversations carry
 * only `authors`; a webhook's message and the iFrame API's `latest_message`
 * add the recipients.
 */
export const messagePeopleSchema = messageSchema.pick({
  from_field: true,
  to_fields: true,
  cc_fields: true,
});
export type MessagePeople = z.infer<typeof messagePeopleSchema>;

const withLatestMessage = z.looseObject({ latest_message: messagePeopleSchema });

export function conversationParticipants(
  conversation: Conversation,
  message?: MessagePeople,
  region?: CountryCode,
): ParticipantRow[] {
  const latest = message ?? withLatestMessage.safeParse(conversation).data?.latest_message;
  const found = new Map<string, ParticipantRow>();
  const add = (person: Author, role: ParticipantRow['role']) => {
    const name = person.name?.trim().toLowerCase() || null;
    const email = person.address ? normalizeEmail(person.address) : undefined;
    const phone = person.phone_number ? normalizePhone(person.phone_number, region) : undefined;
    if (email) found.set(`${role} ${email}`, { address: email, kind: 'email', role, name });
    if (phone) found.set(`${role} ${phone}`, { address: phone, kind: 'phone', role, name });
  };
  for (const author of conversation.authors) add(author, 'author');
  if (latest) {
    add(latest.from_field, 'author');
    for (const person of [...latest.to_fields, ...latest.cc_fields]) add(person, 'recipient');
  }
  return [...found.values()];
}
