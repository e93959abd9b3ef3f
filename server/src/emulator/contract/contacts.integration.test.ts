import { beforeAll, describe, expect, it } from 'vitest';
import type { Contact, ContactBook, ContactCreateInput } from '@crm/shared/missive/contacts';
import { call, expectRefused, first, ids, only, send } from './client';
import { allContacts, findBook, loadDirectory } from './fixtures';
import { useEmulatorTarget } from './harness';

const emulator = useEmulatorTarget();

let shared: ContactBook;
let personal: ContactBook;
let meId: string;

beforeAll(async () => {
  shared = await findBook(emulator.target, (book) => book.share_with_organization);
  personal = await findBook(emulator.target, (book) => book.organization === null);
  meId = (await loadDirectory(emulator.target)).me.id;
});

async function createContact(
  input: Omit<ContactCreateInput, 'contact_book'>,
  book = shared.id,
): Promise<Contact> {
  const { contacts } = await call(emulator.target, 'createContacts', {
    body: { contacts: [{ contact_book: book, ...input }] },
  });
  return only(contacts);
}

async function getContact(id: string): Promise<Contact> {
  return only((await call(emulator.target, 'getContact', { params: { id } })).contacts);
}

async function search(book: string, term: string): Promise<string[]> {
  return ids(
    (
      await call(emulator.target, 'listContacts', {
        query: { contact_book: book, search: term, limit: '200' },
      })
    ).contacts,
  );
}

const ADA = {
  first_name: 'Ada',
  last_name: 'Quillfeather',
  notes: 'Met at the contract-suite meetup',
  infos: [
    { kind: 'email', label: 'work', value: 'ada@quillfeather.example' },
    { kind: 'phone_number', label: 'other', custom_label: 'Direct line', value: '+1 514 555-0199' },
    { kind: 'url', label: 'homepage', value: 'https://quillfeather.example/' },
  ],
  memberships: [
    {
      title: 'CTO',
      department: 'Engineering',
      group: { kind: 'organization', name: 'Quillfeather Labs' },
    },
    { group: { kind: 'group', name: 'Contract suite' } },
  ],
} satisfies Omit<ContactCreateInput, 'contact_book'>;

describe('contact books and groups', () => {
  it('lists the books the token owner owns or that are shared with the organization', async () => {
    const { contact_books } = await call(emulator.target, 'listContactBooks');
    expect(contact_books.length).toBeGreaterThanOrEqual(2);
    for (const book of contact_books)
      expect(book.user === meId || book.share_with_organization).toBe(true);
    // A private book belongs to no organization; a shared one to the organization.
    expect(personal.share_with_organization).toBe(false);
    expect(shared.organization).not.toBeNull();
    const second = await call(emulator.target, 'listContactBooks', {
      query: { limit: '1', offset: '1' },
    });
    expect(ids(second.contact_books)).toEqual([contact_books[1]?.id]);
  });

  it('lists the organizations or the groups of one book, by name', async () => {
    for (const kind of ['organization', 'group'] as const) {
      const { contact_groups } = await call(emulator.target, 'listContactGroups', {
        query: { contact_book: shared.id, kind, limit: '200' },
      });
      expect(contact_groups.length).toBeGreaterThan(0);
      for (const group of contact_groups) expect(group.kind).toBe(kind);
      const names = contact_groups.map((group) => group.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    }
  });

  it('refuses a group list without kind, and an unknown book', async () => {
    await expectRefused(
      emulator.target,
      'listContactGroups',
      { query: { contact_book: shared.id } },
      400,
      'query.kind: is required: one of group, organization',
    );
    await expectRefused(
      emulator.target,
      'listContactGroups',
      { query: { contact_book: 'no-such-book', kind: 'group' } },
      404,
      'contact book "no-such-book" was not found',
    );
  });
});

describe('creating contacts', () => {
  it('creates a contact with its infos and memberships, and reads it back the same', async () => {
    const created = await createContact(ADA);
    expect(created).toMatchObject({
      first_name: 'Ada',
      last_name: 'Quillfeather',
      contact_book: shared.id,
      deleted: false,
      starred: false,
    });
    expect(created.infos).toEqual(ADA.infos);
    const organization = created.memberships?.find(
      (membership) => membership.group.kind === 'organization',
    );
    expect(organization).toMatchObject({
      title: 'CTO',
      department: 'Engineering',
      group: { name: 'Quillfeather Labs' },
    });
    expect(await getContact(created.id)).toEqual(created);
  });

  it('files memberships under one group per book and kind, whatever the case of its name', async () => {
    const one = await createContact({
      last_name: 'Groupmate',
      memberships: [{ group: { kind: 'organization', name: 'Groupmate Inc' } }],
    });
    const two = await createContact({
      last_name: 'Groupmate',
      memberships: [{ group: { kind: 'organization', name: 'GROUPMATE INC' } }],
    });
    const groupOf = (contact: Contact) => first(contact.memberships ?? []).group.id;
    expect(groupOf(two)).toBe(groupOf(one));
    const { contact_groups } = await call(emulator.target, 'listContactGroups', {
      query: { contact_book: shared.id, kind: 'organization', limit: '200' },
    });
    expect(
      contact_groups.filter((group) => group.name.toLowerCase() === 'groupmate inc'),
    ).toHaveLength(1);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    [
      'a flat email field',
      { email: 'ada@example.com' },
      'contacts[0]: unknown contact field "email": Missive would silently drop it',
    ],
    ['a flat phone field', { phone: '+15145550199' }, 'unknown contact field "phone"'],
    [
      'a label its kind does not allow',
      { infos: [{ kind: 'phone_number', label: 'personal', value: '+15145550199' }] },
      'contacts[0].infos[0].label: "personal" is not one of main, mobile, home, work, home_fax, work_fax, other_fax, pager, other (the labels of phone_number)',
    ],
    [
      'a custom info not labelled other',
      { infos: [{ kind: 'custom', label: 'work', value: 'Gold' }] },
      'contacts[0].infos[0].label: "work" is not one of other (the labels of custom)',
    ],
    [
      'custom_label without label other',
      { infos: [{ kind: 'email', label: 'home', custom_label: 'Old', value: 'ada@example.com' }] },
      'contacts[0].infos[0].custom_label: may be set only when label is "other"',
    ],
    [
      'an email info that is not an address',
      { infos: [{ kind: 'email', label: 'work', value: 'not-an-address' }] },
      'contacts[0].infos[0].value: must be an email address',
    ],
    [
      'an unknown info kind',
      { infos: [{ kind: 'fax', label: 'work', value: '1' }] },
      'contacts[0].infos[0].kind: "fax" is not one of email, phone_number, twitter, facebook, physical_address, url, custom',
    ],
    [
      'an organization-only field on a group membership',
      { memberships: [{ department: 'Sales', group: { kind: 'group', name: 'VIPs' } }] },
      'contacts[0].memberships[0].department: can be set only when the group is of kind "organization"',
    ],
    [
      'a membership group of an unknown kind',
      { memberships: [{ group: { kind: 'club', name: 'Chess' } }] },
      'contacts[0].memberships[0].group.kind: "club" is not one of organization, group',
    ],
    ['starred as a string', { starred: 'true' }, 'contacts[0].starred'],
  ];

  it.each(invalid)('refuses %s with a message that names it', async (_what, fields, message) => {
    await expectRefused(
      emulator.target,
      'createContacts',
      { body: { contacts: [{ contact_book: shared.id, ...fields }] } },
      400,
      message,
    );
  });

  it('refuses a contact without a book, an unknown book, and an empty batch', async () => {
    await expectRefused(
      emulator.target,
      'createContacts',
      { body: { contacts: [{ first_name: 'Ada' }] } },
      400,
      'contacts[0].contact_book',
    );
    await expectRefused(
      emulator.target,
      'createContacts',
      { body: { contacts: [{ contact_book: 'no-such-book' }] } },
      400,
      'contacts[0].contact_book: no contact book with id "no-such-book"',
    );
    await expectRefused(
      emulator.target,
      'createContacts',
      { body: { contacts: [] } },
      400,
      'contacts: name at least one contact',
    );
  });

  it('creates nothing when one contact of a batch is refused', async () => {
    await expectRefused(
      emulator.target,
      'createContacts',
      {
        body: {
          contacts: [
            { contact_book: shared.id, last_name: 'Halfbatch' },
            { contact_book: shared.id, email: 'x@example.com' },
          ],
        },
      },
      400,
      'contacts[1]: unknown contact field "email"',
    );
    expect(await search(shared.id, 'Halfbatch')).toEqual([]);
  });
});

describe('updating contacts', () => {
  it('changes only the attributes passed: a PATCH of last_name keeps infos and memberships', async () => {
    const created = await createContact(ADA);
    emulator.clock.advance(5000);
    const { contacts } = await call(emulator.target, 'updateContacts', {
      params: { ids: created.id },
      body: { contacts: [{ id: created.id, last_name: 'Lovelace' }] },
    });
    const updated = only(contacts);
    expect(updated).toEqual({
      ...created,
      last_name: 'Lovelace',
      modified_at: updated.modified_at,
    });
    expect(updated.modified_at).toBeGreaterThan(created.modified_at);
    expect(await getContact(created.id)).toEqual(updated);
  });

  it('replaces the whole infos list when infos are passed, and keeps memberships', async () => {
    const created = await createContact(ADA);
    const infos = [{ kind: 'twitter', label: 'personal', value: '@ada' }] as const;
    await call(emulator.target, 'updateContacts', {
      params: { ids: created.id },
      body: { contacts: [{ id: created.id, infos: [...infos] }] },
    });
    const read = await getContact(created.id);
    expect(read.infos).toEqual(infos);
    expect(read.memberships).toEqual(created.memberships);
    expect(read.first_name).toBe('Ada');
  });

  it('clears memberships when an empty list is passed', async () => {
    const created = await createContact(ADA);
    await call(emulator.target, 'updateContacts', {
      params: { ids: created.id },
      body: { contacts: [{ id: created.id, memberships: [] }] },
    });
    const read = await getContact(created.id);
    expect(read.memberships).toEqual([]);
    expect(read.infos).toEqual(ADA.infos);
  });

  it('updates several contacts in one batch', async () => {
    const [one, two] = [
      await createContact({ last_name: 'Batchone' }),
      await createContact({ last_name: 'Batchtwo' }),
    ];
    const { contacts } = await call(emulator.target, 'updateContacts', {
      params: { ids: `${one.id},${two.id}` },
      body: {
        contacts: [
          { id: one.id, starred: true },
          { id: two.id, nickname: 'Two' },
        ],
      },
    });
    expect(contacts.map((contact) => [contact.id, contact.starred, contact.nickname])).toEqual([
      [one.id, true, undefined],
      [two.id, false, 'Two'],
    ]);
  });

  it('refuses unknown flat fields on update as on create', async () => {
    const created = await createContact({ last_name: 'Flatfield' });
    await expectRefused(
      emulator.target,
      'updateContacts',
      {
        params: { ids: created.id },
        body: { contacts: [{ id: created.id, email: 'a@example.com' }] },
      },
      400,
      'contacts[0]: unknown contact field "email"',
    );
    expect((await getContact(created.id)).infos).toEqual([]);
  });
});

describe('moving contacts to another book', () => {
  async function groupsOf(book: string, kind: 'organization' | 'group') {
    return (
      await call(emulator.target, 'listContactGroups', {
        query: { contact_book: book, kind, limit: '200' },
      })
    ).contact_groups;
  }

  it('moves a contact with contact_book, its memberships to the groups of the same name there', async () => {
    const created = await createContact({ ...ADA, last_name: 'Bookmover' });
    emulator.clock.advance(5000);
    const { contacts } = await call(emulator.target, 'updateContacts', {
      params: { ids: created.id },
      body: { contacts: [{ id: created.id, contact_book: personal.id }] },
    });
    const moved = only(contacts);
    expect(moved.contact_book).toBe(personal.id);
    expect(moved.modified_at).toBeGreaterThan(created.modified_at);
    expect(moved.infos).toEqual(created.infos);
    const named = (contact: Contact) =>
      (contact.memberships ?? []).map(({ group, ...fields }) => ({
        ...fields,
        group: { kind: group.kind, name: group.name },
      }));
    expect(named(moved)).toEqual(named(created));
    // Groups belong to a book: every membership now names one of the new book's groups.
    const personalGroups = [
      ...(await groupsOf(personal.id, 'organization')),
      ...(await groupsOf(personal.id, 'group')),
    ];
    for (const membership of moved.memberships ?? [])
      expect(ids(personalGroups)).toContain(membership.group.id);
    expect(await getContact(created.id)).toEqual(moved);
    expect(await search(personal.id, 'Bookmover')).toEqual([created.id]);
    expect(await search(shared.id, 'Bookmover')).toEqual([]);
  });

  it('files the memberships passed with a move in the new book', async () => {
    const created = await createContact({ last_name: 'Refiled' });
    const { contacts } = await call(emulator.target, 'updateContacts', {
      params: { ids: created.id },
      body: {
        contacts: [
          {
            id: created.id,
            contact_book: personal.id,
            memberships: [{ group: { kind: 'group', name: 'Moved in' } }],
          },
        ],
      },
    });
    const group = first(only(contacts).memberships ?? [], 'a membership').group;
    expect(group).toMatchObject({ kind: 'group', name: 'Moved in' });
    expect(ids(await groupsOf(personal.id, 'group'))).toContain(group.id);
    expect(ids(await groupsOf(shared.id, 'group'))).not.toContain(group.id);
  });

  it('refuses a move to an unknown book and changes nothing of the batch', async () => {
    const [one, two] = [
      await createContact({ last_name: 'Staysput' }),
      await createContact({ last_name: 'Staysput' }),
    ];
    await expectRefused(
      emulator.target,
      'updateContacts',
      {
        params: { ids: `${one.id},${two.id}` },
        body: {
          contacts: [
            { id: one.id, nickname: 'Moved?' },
            { id: two.id, contact_book: 'no-such-book' },
          ],
        },
      },
      400,
      'contacts[1].contact_book: no contact book with id "no-such-book"',
    );
    expect(await getContact(one.id)).toEqual(one);
    expect(await getContact(two.id)).toEqual(two);
  });
});

describe('listing contacts', () => {
  it('pages by offset and limit with no duplicate and no gap, 50 by default', async () => {
    const everything = await allContacts(emulator.target, shared.id);
    expect(everything.length).toBeGreaterThan(200);
    const byDefault = await call(emulator.target, 'listContacts', {
      query: { contact_book: shared.id },
    });
    expect(ids(byDefault.contacts)).toEqual(ids(everything.slice(0, 50)));
    const walked: string[] = [];
    for (let offset = 0; offset < everything.length + 50; offset += 50) {
      const page = await call(emulator.target, 'listContacts', {
        query: { contact_book: shared.id, limit: '50', offset: String(offset) },
      });
      walked.push(...ids(page.contacts));
    }
    expect(walked).toEqual(ids(everything));
    expect(new Set(walked).size).toBe(walked.length);
  });

  it('orders by last name by default, then by first name', async () => {
    const contacts = await allContacts(emulator.target, shared.id);
    const lastNames = contacts.map((contact) => (contact.last_name ?? '').toLowerCase());
    for (let i = 1; i < lastNames.length; i++)
      expect((lastNames[i - 1] ?? '').localeCompare(lastNames[i] ?? '')).toBeLessThanOrEqual(0);
    // A last name that starts another sorts first, whatever the first names.
    const zoeKim = await createContact({ first_name: 'Zoe', last_name: 'Kim' }, personal.id);
    const alKimball = await createContact({ first_name: 'Al', last_name: 'Kimball' }, personal.id);
    const alKim = await createContact({ first_name: 'Al', last_name: 'Kim' }, personal.id);
    const order = ids(await allContacts(emulator.target, personal.id)).filter((id) =>
      [zoeKim.id, alKimball.id, alKim.id].includes(id),
    );
    expect(order).toEqual([alKim.id, zoeKim.id, alKimball.id]);
  });

  it('orders by last_modified newest first, so a just-changed contact leads', async () => {
    const contacts = await allContacts(emulator.target, shared.id, 'last_modified');
    const times = contacts.map((contact) => contact.modified_at);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const oldest = contacts.at(-1);
    if (!oldest) throw new Error('the book is empty');
    emulator.clock.advance(60_000);
    await call(emulator.target, 'updateContacts', {
      params: { ids: oldest.id },
      body: { contacts: [{ id: oldest.id, starred: true }] },
    });
    const reordered = await call(emulator.target, 'listContacts', {
      query: { contact_book: shared.id, order: 'last_modified', limit: '1' },
    });
    expect(ids(reordered.contacts)).toEqual([oldest.id]);
  });

  it('searches within one book, every term somewhere in the contact', async () => {
    const ada = await createContact({ ...ADA, last_name: 'Searchwell' });
    const hits = await call(emulator.target, 'listContacts', {
      query: { contact_book: shared.id, search: 'ada searchwell' },
    });
    expect(ids(hits.contacts)).toContain(ada.id);
    for (const contact of hits.contacts) {
      const text = JSON.stringify(contact).toLowerCase();
      expect(text).toContain('ada');
      expect(text).toContain('searchwell');
    }
    // Infos and organization names are searched too.
    expect(await search(shared.id, 'ada@quillfeather.example')).toContain(ada.id);
    expect(await search(shared.id, 'Quillfeather Labs')).toContain(ada.id);
    // The same term in another book finds nothing of this one.
    expect(await search(personal.id, 'Searchwell')).toEqual([]);
  });

  it('refuses a search without a contact book', async () => {
    await expectRefused(
      emulator.target,
      'listContacts',
      { query: { search: 'ada' } },
      400,
      'query.contact_book',
    );
  });

  it('returns only contacts modified since a time', async () => {
    emulator.clock.advance(60_000);
    const since = emulator.clock.seconds();
    const fresh = await createContact({ last_name: 'Freshman' });
    const { contacts } = await call(emulator.target, 'listContacts', {
      query: { contact_book: shared.id, modified_since: String(since), limit: '200' },
    });
    expect(ids(contacts)).toEqual([fresh.id]);
  });

  it('with include_deleted, returns a deleted contact as only its id, deleted and modified_at', async () => {
    const query = {
      contact_book: shared.id,
      modified_since: '0',
      limit: '200',
      order: 'last_modified',
    } as const;
    const withDeleted = await send(emulator.target, 'listContacts', {
      query: { ...query, include_deleted: 'true' },
    });
    const parsed = await call(emulator.target, 'listContacts', {
      query: { ...query, include_deleted: 'true' },
    });
    const deleted = parsed.contacts.filter((contact) => contact.deleted);
    expect(deleted.length).toBeGreaterThan(0);
    // The schema parse drops unknown keys, so the raw JSON is checked for leaks.
    const raw = JSON.stringify(withDeleted.json);
    for (const contact of deleted) {
      expect(raw).toContain(
        JSON.stringify({ id: contact.id, deleted: true, modified_at: contact.modified_at }),
      );
      await expectRefused(
        emulator.target,
        'getContact',
        { params: { id: contact.id } },
        404,
        `contact "${contact.id}" was not found`,
      );
    }
    // Without include_deleted the same list skips them and nothing else.
    const without = await call(emulator.target, 'listContacts', { query });
    const live = parsed.contacts.filter((contact) => !contact.deleted);
    expect(ids(without.contacts).slice(0, live.length)).toEqual(ids(live));
    expect(without.contacts.filter((contact) => contact.deleted)).toEqual([]);
  });

  it('refuses include_deleted without modified_since, and limits above 200', async () => {
    await expectRefused(
      emulator.target,
      'listContacts',
      { query: { contact_book: shared.id, include_deleted: 'true' } },
      400,
      'query.include_deleted: applies only to modified_since requests',
    );
    await expectRefused(
      emulator.target,
      'listContacts',
      { query: { contact_book: shared.id, limit: '201' } },
      400,
      'query.limit: must be at most 200',
    );
    await expectRefused(
      emulator.target,
      'listContacts',
      { query: { contact_book: shared.id, order: 'first_name' } },
      400,
      'query.order: "first_name" is not one of last_name, last_modified',
    );
  });

  it('refuses to update a deleted contact', async () => {
    const { contacts } = await call(emulator.target, 'listContacts', {
      query: {
        contact_book: shared.id,
        modified_since: '0',
        include_deleted: 'true',
        limit: '200',
      },
    });
    const gone = contacts.find((contact) => contact.deleted);
    if (!gone) throw new Error('the book has no deleted contact');
    await expectRefused(
      emulator.target,
      'updateContacts',
      { params: { ids: gone.id }, body: { contacts: [{ id: gone.id, last_name: 'Back' }] } },
      404,
      `contact "${gone.id}" was not found`,
    );
  });
});
