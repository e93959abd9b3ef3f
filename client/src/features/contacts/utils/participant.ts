import type { Participant } from '@crm/shared/context';
import type { ContactBook, ContactCreateInput } from '@crm/shared/missive/contacts';

/**
 * Someone outside the organisation in a conversation, as the sidebar route
 * passes them in from the gateway's context: the shared type, which the
 * gateway's answer is checked against, named here for the feature's cards.
 */
export type { Participant };

export function participantKey(participant: Participant): string {
  return participant.email?.toLowerCase() ?? participant.phone ?? participant.name ?? '';
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
