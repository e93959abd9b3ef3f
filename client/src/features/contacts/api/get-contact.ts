import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Contact } from '@crm/shared/missive/contacts';
import { ApiError, callMissive } from '@/lib/api-client';
import type { DirectoryPage } from '../utils/directory';
import { getContactsQueryKey } from './search-contacts';

/** One contact, with every info and membership (Missive's list leaves empty ones out). */
export async function getContact(id: string, signal?: AbortSignal): Promise<Contact> {
  const { contacts } = await callMissive('getContact', {
    params: { id },
    ...(signal ? { signal } : {}),
  });
  const contact = contacts[0];
  if (!contact) throw new ApiError(404, 'Missive answered without the contact', 'not_found');
  return contact;
}

export function getContactQueryOptions(id: string) {
  return queryOptions({
    queryKey: [...getContactsQueryKey(), 'contact', id],
    queryFn: ({ signal }) => getContact(id, signal),
  });
}

/** The contact as a list already read it, to show at once while the full one loads. */
function listedContact(queryClient: QueryClient, id: string): Contact | undefined {
  const lists = queryClient.getQueriesData<{ pages: DirectoryPage[] }>({
    queryKey: [...getContactsQueryKey(), 'directory'],
  });
  for (const [, data] of lists) {
    const found = data?.pages.flatMap((page) => page.contacts).find((contact) => contact.id === id);
    if (found) return found;
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
