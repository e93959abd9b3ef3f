import type { EndpointName } from '@crm/shared/missive/endpoints';
import type { SyncObject } from '@crm/shared/sync';
import type { MirrorReader } from './mirror-reader';

/**
 * The organisation's directory (users, teams, labels, canned responses,
 * contact books and groups) changes by the week, yet every sidebar session
 * and dashboard page lists it: once the mirror holds an object in full,
 * these reads are answered from it, Missive's paging and filters applied,
 * and spend nothing of the token. Writes through the gateway reach the
 * mirror before they are answered, and the sync re-reads the directory on
 * its own cadence, so an answer is at most that old for changes made in
 * Missive itself.
 *
 * Missive documents no order for these lists; the mirror answers them in a
 * stable one a person reads easily (by name, a label by its full path, a
 * response by title).
 */

type Query = Readonly<Record<string, string>>;
type Row = { [key: string]: unknown };

interface DirectoryList {
  object: SyncObject;
  /** The key Missive's answer holds the list under. */
  key: string;
  /** The whole list as Missive filters it for this query; undefined when the mirror cannot tell. */
  rows: (reader: MirrorReader, query: Query) => Promise<Row[] | undefined>;
  sortKey: (row: Row) => string;
}

/** Missive's `organization` filter, for records that carry their organization. */
function inOrganization<T extends { organization: string | null }>(rows: T[], query: Query): T[] {
  return query.organization === undefined
    ? rows
    : rows.filter((row) => row.organization === query.organization);
}

/** A field to sort by; absent or not text sorts first. */
const field =
  (key: string) =>
  (row: Row): string => {
    const value = row[key];
    return typeof value === 'string' ? value : '';
  };
const byName = field('name');

const lists = {
  listOrganizations: {
    object: 'organizations',
    key: 'organizations',
    rows: (reader) => reader.listOrganizations(),
    sortKey: byName,
  },
  listUsers: {
    object: 'users',
    key: 'users',
    // A user record does not say which organization it belongs to: the
    // filter can be applied only when the token sees a single organization.
    rows: async (reader, query) => {
      if (query.organization === undefined) return reader.listUsers();
      const organizations = await reader.listOrganizations();
      if (organizations.length !== 1) return undefined;
      return organizations[0]?.id === query.organization ? reader.listUsers() : [];
    },
    sortKey: byName,
  },
  listTeams: {
    object: 'teams',
    key: 'teams',
    rows: async (reader, query) => inOrganization(await reader.listTeams(), query),
    sortKey: byName,
  },
  listSharedLabels: {
    object: 'shared_labels',
    key: 'shared_labels',
    rows: async (reader, query) => inOrganization(await reader.listLabels(), query),
    sortKey: field('name_with_parent_names'),
  },
  listResponses: {
    object: 'responses',
    key: 'responses',
    // The mirror holds what the token owner sees unfiltered: their own and
    // their organizations' responses, of which the filter keeps one's.
    rows: async (reader, query) => inOrganization(await reader.listResponses(), query),
    sortKey: field('title'),
  },
  listContactBooks: {
    object: 'contact_books',
    key: 'contact_books',
    rows: (reader) => reader.listContactBooks(),
    sortKey: byName,
  },
  listContactGroups: {
    object: 'contact_groups',
    key: 'contact_groups',
    rows: async (reader, query) => {
      const book = query.contact_book;
      if (book === undefined) return undefined;
      // Missive answers a book the token cannot see with an error: let it.
      const books = await reader.listContactBooks();
      if (!books.some((known) => known.id === book)) return undefined;
      return (await reader.listContactGroups(book))
        .filter((group) => group.kind === query.kind)
        .map(({ contact_book: _book, ...group }) => group);
    },
    sortKey: byName,
  },
} satisfies { [N in EndpointName]?: DirectoryList };

export type DirectoryRead = keyof typeof lists;

export function isDirectoryRead(name: EndpointName): name is DirectoryRead {
  return Object.hasOwn(lists, name);
}

/** Missive's defaults for these lists: 50 at a time, from the start. */
const DEFAULT_LIMIT = 50;

export interface DirectoryAnswer {
  body: Record<string, Row[]>;
  /** When the mirror last finished reading the whole list from Missive. */
  asOf: number;
}

/**
 * The answer Missive would give to this (already validated) query, from
 * the mirror; undefined while the mirror does not hold the list in full or
 * cannot apply the query, and the caller asks Missive.
 */
export async function answerFromMirror(
  reader: MirrorReader,
  name: DirectoryRead,
  query: Query,
): Promise<DirectoryAnswer | undefined> {
  const list: DirectoryList = lists[name];
  const asOf = await reader.completeSince(list.object);
  if (asOf === null) return undefined;
  const rows = await list.rows(reader, query);
  if (!rows) return undefined;
  const offset = Number(query.offset ?? 0);
  const limit = Number(query.limit ?? DEFAULT_LIMIT);
  const sorted = rows
    .map((row) => ({ row, key: list.sortKey(row) }))
    .sort(
      (a, b) => a.key.localeCompare(b.key) || field('id')(a.row).localeCompare(field('id')(b.row)),
    )
    .map(({ row }) => row);
  return { body: { [list.key]: sorted.slice(offset, offset + limit) }, asOf };
}
