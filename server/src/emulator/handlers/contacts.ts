import type { ContactUpdateItem, MembershipInput } from '@crm/shared/missive/contacts';
import type { Handlers } from '../handler';
import { findLiveContact, matchBatch, mustExist, mustFind } from '../lookup';
import type { ContactRecord, MembershipRecord } from '../model';
import { pageByOffset } from '../paging';
import type { EmulatorState } from '../state';
import { renderContact } from '../views';

/**
 * A membership names its group; Missive finds the book's group of that kind
 * and name, or creates it, so organizations appear as contacts are filed.
 */
function resolveMemberships(
  state: EmulatorState,
  book: string,
  memberships: MembershipInput[],
): MembershipRecord[] {
  return memberships.map(({ group, ...fields }) => {
    const existing = state.data.contactGroups.find(
      (candidate) =>
        candidate.contact_book === book &&
        candidate.kind === group.kind &&
        candidate.name.toLowerCase() === group.name.toLowerCase(),
    );
    const record =
      existing ??
      state.insert('contactGroups', {
        id: state.newId(),
        contact_book: book,
        kind: group.kind,
        name: group.name,
      });
    return { ...fields, group: record.id };
  });
}

/** Every term must appear somewhere in the contact's data, as a search box expects. */
function searchableText(state: EmulatorState, contact: ContactRecord): string {
  const parts: unknown[] = [
    contact.first_name,
    contact.last_name,
    contact.middle_name,
    contact.nickname,
    contact.file_as,
    contact.notes,
    ...contact.infos.flatMap((info) => Object.values(info)),
    ...contact.memberships.flatMap((membership) => [
      membership.title,
      membership.department,
      membership.location,
      state.get('contactGroups', membership.group)?.name,
    ]),
  ];
  return parts
    .filter((part) => typeof part === 'string')
    .join(' ')
    .toLowerCase();
}

/** A contact's memberships as a request would name them: by group kind and name. */
function membershipInputs(state: EmulatorState, contact: ContactRecord): MembershipInput[] {
  return contact.memberships.flatMap(({ group: groupId, ...fields }) => {
    const group = state.get('contactGroups', groupId);
    return group ? [{ ...fields, group: { kind: group.kind, name: group.name } }] : [];
  });
}

/**
 * Missive's PATCH of one contact. zod leaves absent keys out, so an attribute
 * not named stays as it was; infos and memberships, when passed, replace the
 * whole list (Missive's rule). A `contact_book` moves the contact to that
 * book; groups belong to one book, so its memberships move to the new book's
 * groups of the same kind and name, made there when missing, as a create
 * would file them.
 */
export function updateContact(
  state: EmulatorState,
  contact: ContactRecord,
  changes: Omit<ContactUpdateItem, 'id'>,
): void {
  const { contact_book: book = contact.contact_book, infos, memberships, ...attributes } = changes;
  Object.assign(contact, attributes);
  if (infos) contact.infos = infos;
  if (memberships || book !== contact.contact_book) {
    contact.memberships = resolveMemberships(
      state,
      book,
      memberships ?? membershipInputs(state, contact),
    );
  }
  contact.contact_book = book;
  contact.modified_at = state.now();
}

/** What `localeCompare` does, built once rather than on every comparison. */
const collator = new Intl.Collator();

/**
 * Missive's default order. Last and first names are compared apart: locale
 * collation ignores a separator such as "\u0000" in one joined key, which
 * sorted "Kimball, Al" before "Kim, Zoe". Keys are lower-cased once per
 * contact, not per comparison: a scaled seed sorts 24,000 customers.
 */
function sortByLastName(contacts: readonly ContactRecord[]): ContactRecord[] {
  return contacts
    .map((contact) => ({
      contact,
      last: (contact.last_name ?? '').toLowerCase(),
      first: (contact.first_name ?? '').toLowerCase(),
    }))
    .sort(
      (a, b) =>
        collator.compare(a.last, b.last) ||
        collator.compare(a.first, b.first) ||
        collator.compare(a.contact.id, b.contact.id),
    )
    .map(({ contact }) => contact);
}

export const contactHandlers = {
  createContacts({ body }, { state }) {
    body.contacts.forEach((input, index) => {
      mustExist(state, 'contactBooks', [input.contact_book], `contacts[${index}].contact_book`);
    });
    const now = state.now();
    const created = body.contacts.map(({ contact_book, infos, memberships, ...attributes }) =>
      state.insert('contacts', {
        id: state.newId(),
        contact_book,
        starred: false,
        ...attributes,
        infos: infos ?? [],
        memberships: resolveMemberships(state, contact_book, memberships ?? []),
        modified_at: now,
        deleted: false,
      }),
    );
    return { contacts: created.map((contact) => renderContact(state, contact, { embed: true })) };
  },

  updateContacts({ params, body }, { state }) {
    matchBatch(params.ids, body.contacts);
    // Every contact and book is found before any is changed: a batch applies whole or not at all.
    const targets = body.contacts.map(({ id, ...changes }, index) => {
      mustExist(state, 'contactBooks', changes.contact_book, `contacts[${index}].contact_book`);
      return { contact: findLiveContact(state, id), changes };
    });
    for (const { contact, changes } of targets) updateContact(state, contact, changes);
    return {
      contacts: targets.map(({ contact }) => renderContact(state, contact, { embed: true })),
    };
  },

  listContacts({ query }, { state }) {
    mustFind(state, 'contactBooks', query.contact_book);
    const terms = query.search?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
    const since = query.modified_since;
    const matches = state.data.contacts.filter(
      (contact) =>
        contact.contact_book === query.contact_book &&
        (since === undefined || contact.modified_at >= since) &&
        (!contact.deleted || (since !== undefined && query.include_deleted === true)) &&
        (terms.length === 0 ||
          (!contact.deleted &&
            terms.every((term) => searchableText(state, contact).includes(term)))),
    );
    const sorted =
      query.order === 'last_modified'
        ? matches.sort((a, b) => b.modified_at - a.modified_at || a.id.localeCompare(b.id))
        : sortByLastName(matches);
    const page = pageByOffset(sorted, query);
    return {
      contacts: page.map((contact) =>
        contact.deleted
          ? { id: contact.id, deleted: true as const, modified_at: contact.modified_at }
          : renderContact(state, contact, { embed: false }),
      ),
    };
  },

  getContact({ params }, { state }) {
    const contact = findLiveContact(state, params.id);
    return { contacts: [renderContact(state, contact, { embed: true })] };
  },

  listContactBooks({ query }, { state }) {
    const me = state.me();
    const visible = state.data.contactBooks.filter(
      (book) =>
        book.user === me.id ||
        book.share_with_organization ||
        book.share_with_users.includes(me.id),
    );
    return { contact_books: pageByOffset(visible, query).map((book) => ({ ...book })) };
  },

  listContactGroups({ query }, { state }) {
    mustFind(state, 'contactBooks', query.contact_book);
    const groups = state.data.contactGroups
      .filter((group) => group.contact_book === query.contact_book && group.kind === query.kind)
      .sort((a, b) => a.name.localeCompare(b.name));
    return {
      contact_groups: pageByOffset(groups, query).map(({ id, name, kind }) => ({ id, name, kind })),
    };
  },
} satisfies Partial<Handlers>;
