import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Contact } from '@crm/shared/missive/contacts';
import { callMissive } from '@/lib/api-client';
import { contactsQueryPrefix } from '@/lib/contacts-query-key';

/** A handful is enough to pick a sample from; the agent narrows the name otherwise. */
const SAMPLE_RESULTS = 10;

/** Contacts of one book whose name (or anything else) matches, to preview a response with. */
export async function searchSampleContacts(
  book: string,
  name: string,
  signal?: AbortSignal,
): Promise<Contact[]> {
  const found = await callMissive('listContacts', {
    query: { contact_book: book, search: name, limit: String(SAMPLE_RESULTS) },
    ...(signal ? { signal } : {}),
  });
  return found.contacts.flatMap((contact) => (contact.deleted ? [] : [contact]));
}

export function getSampleContactsQueryOptions(book: string, name: string) {
  return queryOptions({
    // Under the contacts' prefix: an edited contact refreshes its sample too.
    queryKey: [...contactsQueryPrefix(), 'response-sample', { book, name }],
    queryFn: ({ signal }) => searchSampleContacts(book, name, signal),
  });
}

export function useSampleContacts(book: string, name: string) {
  return useQuery({
    ...getSampleContactsQueryOptions(book, name),
    enabled: book !== '' && name !== '',
  });
}
