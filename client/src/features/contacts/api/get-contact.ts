import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Contact } from '@crm/shared/missive/contacts';
import type { EndpointResponse } from '@crm/shared/missive/endpoints';
import { ApiError } from '@/lib/api-client';
import { endpointKey, missiveQuery } from '@/lib/queries';
import type { DirectoryPage } from '../utils/directory';

type ContactAnswer = EndpointResponse<'getContact'>;

/** One contact, with every info and membership (Missive's list leaves empty ones out). */
function theContact({ contacts }: ContactAnswer): Contact {
  const contact = contacts[0];
  if (!contact) throw new ApiError(404, 'Missive answered without the contact', 'not_found');
  return contact;
}

export function getContactQueryOptions(id: string) {
  return queryOptions({ ...missiveQuery('getContact', { params: { id } }), select: theContact });
}

/** Shows a contact the agent just created or saved at once, as Missive's answer for it. */
export function showContact(queryClient: QueryClient, contact: Contact): void {
  queryClient.setQueryData(getContactQueryOptions(contact.id).queryKey, { contacts: [contact] });
}

function isDirectory(data: unknown): data is { pages: DirectoryPage[] } {
  return typeof data === 'object' && data !== null && 'pages' in data;
}

/** The contact as a directory list already read it, to show at once while the full one loads. */
function listedContact(queryClient: QueryClient, id: string): ContactAnswer | undefined {
  for (const [, data] of queryClient.getQueriesData({
    queryKey: endpointKey('missive', 'listContacts'),
  })) {
    if (!isDirectory(data)) continue;
    const found = data.pages.flatMap((page) => page.contacts).find((contact) => contact.id === id);
    if (found) return { contacts: [found] };
  }
  return undefined;
}

export function useContact(id: string) {
  const queryClient = useQueryClient();
  return useQuery({
    ...getContactQueryOptions(id),
    placeholderData: () => listedContact(queryClient, id),
  });
}
