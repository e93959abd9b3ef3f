import type { Contact, ContactBook } from '@crm/shared/missive/contacts';

/** Contacts and books that satisfy the shared schemas; override what a test is about. */

export function makeContact(overrides: Partial<Contact> & { id: string }): Contact {
  return {
    contact_book: 'book-shared',
    first_name: 'Ada',
    last_name: 'Lovelace',
    starred: false,
    deleted: false,
    modified_at: 1_700_000_000,
    infos: [],
    memberships: [],
    ...overrides,
  };
}

export function makeBook(
  overrides: Partial<ContactBook> & { id: string; name: string },
): ContactBook {
  return {
    user: 'user-1',
    share_with_organization: false,
    share_with_team: null,
    share_with_users: [],
    organization: null,
    description: null,
    ...overrides,
  };
}

/** Ada as most tests meet her: two books' worth of detail, an employer and a group. */
export const ada = makeContact({
  id: 'contact-ada',
  starred: true,
  notes: 'Prefers email.\nAsk about the engine.',
  infos: [
    { kind: 'email', label: 'work', value: 'ada@engines.example' },
    { kind: 'phone_number', label: 'mobile', value: '+44 20 7946 0001' },
    { kind: 'phone_number', label: 'other', custom_label: 'Lab', value: '+44 20 7946 0002' },
    { kind: 'url', label: 'homepage', value: 'https://ada.example/' },
  ],
  memberships: [
    {
      title: 'Analyst',
      department: 'Research',
      group: { id: 'g-org', kind: 'organization', name: 'Analytical Engines' },
    },
    { group: { id: 'g-vip', kind: 'group', name: 'VIP' } },
  ],
});
