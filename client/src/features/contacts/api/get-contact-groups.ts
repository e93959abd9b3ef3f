import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ContactGroup } from '@crm/shared/missive/contacts';
import { callMissive } from '@/lib/api-client';
import { composedKey } from '@/lib/queries';

export type ContactGroupKind = 'group' | 'organization';

const PAGE_SIZE = 200;
/** A server that ignored `offset` would answer the same full page forever. */
const MAX_PAGES = 25;

/** Every group (or organization) of one book, by name, read page by page until a short one. */
async function readEveryContactGroup(
  book: string,
  kind: ContactGroupKind,
  signal: AbortSignal,
): Promise<ContactGroup[]> {
  const groups: ContactGroup[] = [];
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const { contact_groups } = await callMissive('listContactGroups', {
      query: {
        contact_book: book,
        kind,
        limit: String(PAGE_SIZE),
        offset: String(page * PAGE_SIZE),
      },
      signal,
    });
    groups.push(...contact_groups);
    if (contact_groups.length < PAGE_SIZE) break;
  }
  return groups.sort((a, b) => a.name.localeCompare(b.name));
}

export function getContactGroupsQueryOptions(book: string, kind: ContactGroupKind) {
  return queryOptions({
    // Every page of the book's groups: refreshed with the groups' reads (an
    // edit that files someone in a new group creates that group).
    queryKey: composedKey('listContactGroups', { query: { contact_book: book, kind } }, 'all'),
    queryFn: ({ signal }) => readEveryContactGroup(book, kind, signal),
  });
}

/** Waits for a book: groups belong to one. */
export function useContactGroups(book: string | null, kind: ContactGroupKind) {
  return useQuery({ ...getContactGroupsQueryOptions(book ?? '', kind), enabled: book !== null });
}
