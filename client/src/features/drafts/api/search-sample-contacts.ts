import { queryOptions, useQuery } from '@tanstack/react-query';
import { missiveQuery } from '@/lib/queries';

/** A handful is enough to pick a sample from; the agent narrows the name otherwise. */
const SAMPLE_RESULTS = 10;

/** Contacts of one book whose name (or anything else) matches, to preview a response with. */
export function getSampleContactsQueryOptions(book: string, name: string) {
  return queryOptions({
    ...missiveQuery('listContacts', {
      query: { contact_book: book, search: name, limit: String(SAMPLE_RESULTS) },
    }),
    select: ({ contacts }) => contacts.filter((contact) => !contact.deleted),
  });
}

export function useSampleContacts(book: string, name: string) {
  return useQuery({
    ...getSampleContactsQueryOptions(book, name),
    enabled: book !== '' && name !== '',
  });
}
