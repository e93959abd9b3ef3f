import type { Contact, ContactBook, ContactCreateInput } from '@crm/shared/missive/contacts';

/**
 * Someone outside the organisation in a conversation, as the sidebar route
 * passes them in (the conversation feature derives them; features do not
 * import each other, so the shape is declared here too).
 */
export interface Participant {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export function participantKey(participant: Participant): string {
  return participant.email?.toLowerCase() ?? participant.phone ?? participant.name ?? '';
}

export function phoneDigits(value: string): string {
  return value.replace(/\D/g, '');
}

/**
 * The same number however it is written. A number stored nationally
 * ("(020) 7946 0001": trunk 0, no country code) still matches the full one
 * when its remaining 7+ digits end it.
 */
export function samePhone(a: string, b: string): boolean {
  const significant = (value: string) => phoneDigits(value).replace(/^0+/, '');
  const [x, y] = [significant(a), significant(b)];
  if (x === '' || y === '') return false;
  if (x === y) return true;
  const [shorter, longer] = x.length < y.length ? [x, y] : [y, x];
  return shorter.length >= 7 && longer.endsWith(shorter);
}

/** An exact match: one of the contact's emails (any case) or phone numbers. */
export function matchesParticipant(contact: Contact, participant: Participant): boolean {
  const email = participant.email?.toLowerCase();
  const phone = participant.phone;
  return (contact.infos ?? []).some((info) => {
    if (info.value === undefined) return false;
    if (email && info.kind === 'email') return info.value.toLowerCase() === email;
    if (phone && info.kind === 'phone_number') return samePhone(info.value, phone);
    return false;
  });
}

/**
 * What to search for, best first. Search is a text match, so a number is
 * tried as given and then by its last four digits as two terms, which a
 * stored number contains however it is grouped ("555-1234", "12 34").
 */
export function searchTerms(participant: Participant): string[] {
  const terms: string[] = [];
  if (participant.email) terms.push(participant.email.trim());
  const phone = participant.phone?.trim();
  if (phone) {
    terms.push(phone);
    const digits = phoneDigits(phone);
    if (digits.length >= 4) terms.push(`${digits.slice(-4, -2)} ${digits.slice(-2)}`);
  }
  return terms.filter((term, index) => term !== '' && terms.indexOf(term) === index);
}

/** The book new contacts go to unless the agent picks another: the organisation's shared one. */
export function defaultBook(books: readonly ContactBook[]): ContactBook | undefined {
  return books.find((book) => book.share_with_organization) ?? books[0];
}

/**
 * A new contact from what the conversation says about the participant: the
 * name split into first and last, the address as a work email, the number
 * as a mobile.
 */
export function newContactInput(
  participant: Participant,
  book: string,
  conversationSubject?: string | null,
): ContactCreateInput {
  // Missive names some senders by their address; that is not a name to file.
  const name = participant.name?.includes('@') ? '' : (participant.name ?? '');
  const [first, ...rest] = name.trim().split(/\s+/).filter(Boolean);
  const infos: NonNullable<ContactCreateInput['infos']> = [];
  if (participant.email) infos.push({ kind: 'email', label: 'work', value: participant.email });
  if (participant.phone) {
    infos.push({ kind: 'phone_number', label: 'mobile', value: participant.phone });
  }
  return {
    contact_book: book,
    ...(first ? { first_name: first } : {}),
    ...(rest.length ? { last_name: rest.join(' ') } : {}),
    infos,
    ...(conversationSubject ? { notes: `First conversation: ${conversationSubject}` } : {}),
  };
}
