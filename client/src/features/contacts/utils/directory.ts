import type { Contact } from '@crm/shared/missive/contacts';

/**
 * The contact directory as the dashboard lists it. Missive lists one book at
 * a time, so "All books" reads every book page by page and merges them. A
 * merged list may only show a contact once no book still to be read could
 * hold one that sorts before it; the rest waits for the next page, so the
 * list never reshuffles what is already on screen.
 */

export const contactOrders = ['last_name', 'last_modified'] as const;
export type ContactOrder = (typeof contactOrders)[number];

/** Where the next page of each book starts; a book left out has been read to its end. */
export type DirectoryCursor = Readonly<Record<string, number>>;

export interface DirectoryPage {
  contacts: Contact[];
  next: DirectoryCursor;
}

export function isContactOrder(value: string | null): value is ContactOrder {
  return contactOrders.some((order) => order === value);
}

function byText(x: string | null | undefined, y: string | null | undefined): number {
  return (x ?? '').toLowerCase().localeCompare((y ?? '').toLowerCase());
}

/** Missive's own orders: by last then first name, or most recently modified first. */
export function compareContacts(order: ContactOrder): (a: Contact, b: Contact) => number {
  if (order === 'last_modified') {
    return (a, b) => b.modified_at - a.modified_at || a.id.localeCompare(b.id);
  }
  return (a, b) =>
    byText(a.last_name, b.last_name) ||
    byText(a.first_name, b.first_name) ||
    a.id.localeCompare(b.id);
}

export interface MergedDirectory {
  contacts: Contact[];
  /** Read but not shown yet: another book may still hold contacts that sort before them. */
  waiting: number;
}

export function mergeDirectory(
  pages: readonly DirectoryPage[],
  order: ContactOrder,
): MergedDirectory {
  // Offset paging shifts when contacts are added meanwhile: a contact may come twice.
  const byId = new Map<string, Contact>();
  for (const contact of pages.flatMap((page) => page.contacts)) {
    if (!byId.has(contact.id)) byId.set(contact.id, contact);
  }
  const contacts = [...byId.values()];
  const books = new Set(contacts.map((contact) => contact.contact_book));
  if (books.size <= 1) return { contacts, waiting: 0 };

  const compare = compareContacts(order);
  const sorted = contacts.toSorted(compare);
  const unfinished = Object.keys(pages.at(-1)?.next ?? {});
  const frontier = unfinished
    .map((book) => contacts.findLast((contact) => contact.contact_book === book))
    .filter((contact) => contact !== undefined)
    .toSorted(compare)[0];
  if (!frontier) return { contacts: sorted, waiting: 0 };
  const shown = sorted.filter((contact) => compare(contact, frontier) <= 0);
  return { contacts: shown, waiting: sorted.length - shown.length };
}

/** Missive has no group filter: a contact is in a group when one of its memberships names it. */
export function inEveryGroup(contact: Contact, groupIds: readonly string[]): boolean {
  return groupIds.every((id) =>
    (contact.memberships ?? []).some((membership) => membership.group.id === id),
  );
}
