import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Contact } from '@crm/shared/missive/contacts';
import { matchesParticipant, searchTerms, type Participant } from '../utils/participant';
import { getContactsQueryKey, searchContacts } from './search-contacts';

/**
 * The participant's contact in any book, or null. Missive's search covers
 * one book at a time, so each term is searched in every book at once, and a
 * weaker term is tried only when the stronger one found no exact match.
 */
export async function findParticipantContact(
  participant: Participant,
  books: readonly string[],
  signal?: AbortSignal,
): Promise<Contact | null> {
  for (const term of searchTerms(participant)) {
    const found = await Promise.all(books.map((book) => searchContacts(book, term, signal)));
    const match = found.flat().find((contact) => matchesParticipant(contact, participant));
    if (match) return match;
  }
  return null;
}

export function getParticipantContactQueryOptions(
  participant: Participant,
  books: readonly string[],
) {
  const { email, phone } = participant;
  return queryOptions({
    queryKey: [
      ...getContactsQueryKey(),
      'participant',
      { email: email?.toLowerCase() ?? null, phone, books },
    ],
    queryFn: ({ signal }) => findParticipantContact(participant, books, signal),
  });
}

/** Waits for the list of books, which the caller reads too (the create form offers them). */
export function useParticipantContact(
  participant: Participant,
  books: readonly string[] | undefined,
) {
  return useQuery({
    ...getParticipantContactQueryOptions(participant, books ?? []),
    enabled: books !== undefined && (participant.email !== null || participant.phone !== null),
  });
}
