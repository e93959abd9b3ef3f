import type { MembershipInput } from '@crm/shared/missive/contacts';
import { notFound } from '../../http/http-error';
import type { Handlers } from '../handler';
import { matchBatch, mustExist, mustFind } from '../lookup';
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

// Last and first names are compared apart: locale collation ignores a
// separator such as "\u0000" in one joined key, which sorted "Kimball, Al"
// before "Kim, Zoe".
function compareByLastName(a: ContactRecord, b: ContactRecord): number {
  const compare = (x: string | undefined, y: string | undefined) =>
    (x ?? '').toLowerCase().localeCompare((y ?? '').toLowerCase());
  return (
    compare(a.last_name, b.last_name) ||
    compare(a.first_name, b.first_name) ||
    a.id.localeCompare(b.id)
  );
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
    // Every contact is found before any is changed: a batch applies whole or not at all.
    const targets = body.contacts.map((input) => {
      const contact = mustFind(state, 'contacts', input.id);
      if (contact.deleted) throw notFound('contact', input.id);
      return { contact, input };
    });
    const now = state.now();
    for (const { contact, input } of targets) {
      // zod leaves absent keys out, so an attribute not named stays as it was;
      // infos and memberships, when passed, replace the whole list (Missive's rule).
      const { id: _id, infos, memberships, ...attributes } = input;
      Object.assign(contact, attributes);
      if (infos) contact.infos = infos;
      if (memberships)
        contact.memberships = resolveMemberships(state, contact.contact_book, memberships);
      contact.modified_at = now;
    }
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
    matches.sort(
      query.order === 'last_modified'
        ? (a, b) => b.modified_at - a.modified_at || a.id.localeCompare(b.id)
        : compareByLastName,
    );
    const page = pageByOffset(matches, query);
    return {
      contacts: page.map((contact) =>
        contact.deleted
          ? { id: contact.id, deleted: true as const, modified_at: contact.modified_at }
          : renderContact(state, contact, { embed: false }),
      ),
    };
  },

  getContact({ params }, { state }) {
    const contact = mustFind(state, 'contacts', params.id);
    if (contact.deleted) throw notFound('contact', params.id);
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
