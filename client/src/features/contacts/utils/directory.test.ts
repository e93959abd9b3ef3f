import { describe, expect, it } from 'vitest';
import { makeContact } from '../test/fixtures';
import { inEveryGroup, mergeDirectory } from './directory';

const person = (id: string, book: string, last: string, modified = 1) =>
  makeContact({ id, contact_book: book, first_name: 'A', last_name: last, modified_at: modified });

describe('merging the pages of several books', () => {
  it('shows only what no unread page could precede, and the rest once every book is read', () => {
    const first = {
      contacts: [
        person('a1', 'a', 'Adams'),
        person('a2', 'a', 'Brown'),
        person('b1', 'b', 'Cole'),
        person('b2', 'b', 'Dunn'),
      ],
      // Book a has more after Brown; b after Dunn.
      next: { a: 2, b: 2 },
    };
    const early = mergeDirectory([first], 'last_name');
    expect(early.contacts.map((contact) => contact.id)).toEqual(['a1', 'a2']);
    expect(early.waiting).toBe(2);

    const second = {
      contacts: [person('a3', 'a', 'Carter'), person('a2', 'a', 'Brown')],
      next: {},
    };
    expect(
      mergeDirectory([first, second], 'last_name').contacts.map((contact) => contact.id),
    ).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
  });

  it('merges newest first by last modification', () => {
    const page = {
      contacts: [
        person('a1', 'a', 'X', 30),
        person('a2', 'a', 'Y', 10),
        person('b1', 'b', 'Z', 20),
      ],
      next: {},
    };
    expect(mergeDirectory([page], 'last_modified').contacts.map((contact) => contact.id)).toEqual([
      'a1',
      'b1',
      'a2',
    ]);
  });

  it('keeps one book in Missive’s own order', () => {
    const page = { contacts: [person('z', 'a', 'Zed'), person('y', 'a', 'Abe')], next: { a: 2 } };
    expect(mergeDirectory([page], 'last_name').contacts.map((contact) => contact.id)).toEqual([
      'z',
      'y',
    ]);
  });
});

describe('group filters', () => {
  it('needs every chosen group among the memberships', () => {
    const contact = makeContact({
      id: 'c',
      memberships: [
        { group: { id: 'g1', kind: 'group', name: 'VIP' } },
        { group: { id: 'o1', kind: 'organization', name: 'Acme' } },
      ],
    });
    expect(inEveryGroup(contact, [])).toBe(true);
    expect(inEveryGroup(contact, ['g1', 'o1'])).toBe(true);
    expect(inEveryGroup(contact, ['g1', 'o2'])).toBe(false);
  });
});
