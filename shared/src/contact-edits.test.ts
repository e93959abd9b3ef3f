import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  canonicalInfo,
  changedFields,
  changesRestoring,
  conflictingFields,
  contactChangesSchema,
  contactEditRequestSchema,
  mergeLists,
  overlaps,
  rebaseChanges,
  toInfoInput,
  toMembershipInput,
  touchedFields,
} from './contact-edits';
import type { Contact } from './missive/contacts';

function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: 'c1',
    contact_book: 'book-1',
    first_name: 'Ada',
    last_name: 'Lovelace',
    notes: null,
    starred: false,
    deleted: false,
    modified_at: 1_700_000_000,
    infos: [
      { kind: 'email', label: 'work', value: 'ada@example.com' },
      { kind: 'phone_number', label: 'mobile', value: '+44 20 7946 0001' },
    ],
    memberships: [
      {
        title: 'Analyst',
        department: null,
        group: { id: 'g1', kind: 'organization', name: 'Analytical Engines' },
      },
    ],
    ...overrides,
  };
}

const email = { kind: 'email', label: 'work', value: 'ada@example.com' } as const;
const phone = { kind: 'phone_number', label: 'mobile', value: '+44 20 7946 0001' } as const;
const newPhone = { kind: 'phone_number', label: 'mobile', value: '+44 20 7946 0002' } as const;
const home = { kind: 'email', label: 'home', value: 'ada@home.example' } as const;

describe('changedFields', () => {
  it('finds no change between a response and the same data written differently', () => {
    const fromList = contact({
      notes: '',
      infos: [
        { kind: 'email', label: 'work', value: 'ada@example.com', custom_label: null },
        { kind: 'phone_number', label: 'mobile', value: '+44 20 7946 0001', city: null },
      ],
      memberships: [
        {
          title: 'Analyst',
          group: { id: 'other-id', kind: 'organization', name: 'analytical engines' },
        },
      ],
    });
    expect(changedFields(contact(), fromList)).toEqual([]);
  });

  it('names each field that differs, lists as a whole', () => {
    const changed = contact({
      last_name: 'King',
      starred: true,
      infos: [email, newPhone],
    });
    expect(changedFields(contact(), changed)).toEqual(['last_name', 'starred', 'infos']);
  });

  it('counts a reordered list as a change', () => {
    expect(changedFields(contact(), contact({ infos: [phone, email] }))).toEqual(['infos']);
  });
});

describe('touchedFields and conflictingFields', () => {
  it('lists the fields the changes set, an emptied one included', () => {
    expect(touchedFields({ notes: '', starred: false, infos: [] })).toEqual([
      'notes',
      'starred',
      'infos',
    ]);
  });

  it('is no conflict when someone else changed a field the agent did not touch', () => {
    const current = contact({ last_name: 'King' });
    expect(conflictingFields(contact(), current, { first_name: 'Augusta' })).toEqual([]);
  });

  it('is a conflict when both changed the same field to different values', () => {
    const current = contact({ first_name: 'Augusta' });
    expect(conflictingFields(contact(), current, { first_name: 'Adah' })).toEqual(['first_name']);
  });

  it('is no conflict when both made the same change', () => {
    const current = contact({ first_name: 'Augusta' });
    expect(conflictingFields(contact(), current, { first_name: 'Augusta' })).toEqual([]);
  });
});

describe('mergeLists', () => {
  const key = (item: string) => item;

  it('keeps their additions and your edit in place', () => {
    expect(mergeLists(['a', 'b'], ['a', 'b', 'c'], ['a', 'B'], key)).toEqual(['a', 'B', 'c']);
  });

  it('applies removals from both sides', () => {
    expect(mergeLists(['a', 'b', 'c'], ['b', 'c'], ['a', 'b'], key)).toEqual(['b']);
  });

  it('adds an item both sides added only once', () => {
    expect(mergeLists(['a'], ['a', 'x'], ['a', 'x', 'y'], key)).toEqual(['a', 'x', 'y']);
  });

  it('refuses when both sides changed the same item', () => {
    expect(mergeLists(['a', 'b'], ['a', 'B1'], ['a', 'B2'], key)).toBeUndefined();
  });

  it('takes equal results as they are', () => {
    expect(mergeLists(['a'], ['b'], ['b'], key)).toEqual(['b']);
  });
});

describe('rebaseChanges and overlaps', () => {
  it('merges infos changed on both sides in different items', () => {
    const current = contact({ infos: [email, phone, home] });
    const changes = { infos: [email, newPhone] };
    expect(conflictingFields(contact(), current, changes)).toEqual(['infos']);
    expect(overlaps(contact(), current, changes)).toEqual([]);
    expect(rebaseChanges(contact(), current, changes).changes.infos).toEqual([
      email,
      newPhone,
      home,
    ]);
  });

  it('names the field when both edited the same info', () => {
    const current = contact({ infos: [email, { ...phone, value: '+44 20 7946 0003' }] });
    const result = rebaseChanges(contact(), current, { infos: [email, newPhone], first_name: 'A' });
    expect(result.overlapping).toEqual(['infos']);
    expect(result.changes).toEqual({ first_name: 'A', infos: [email, newPhone] });
  });

  it('drops changes that are already in place', () => {
    const current = contact({ first_name: 'Augusta' });
    expect(
      rebaseChanges(contact(), current, { first_name: 'Augusta', notes: 'Met at the RS' }).changes,
    ).toEqual({ notes: 'Met at the RS' });
  });

  it('merges memberships by group, ignoring ids', () => {
    const current = contact({
      memberships: [
        ...(contact().memberships ?? []),
        { group: { id: 'g2', kind: 'group', name: 'VIP' } },
      ],
    });
    const changes = {
      memberships: [
        { title: 'Countess', group: { kind: 'organization' as const, name: 'Analytical Engines' } },
      ],
    };
    expect(rebaseChanges(contact(), current, changes)).toEqual({
      changes: {
        memberships: [
          { title: 'Countess', group: { kind: 'organization', name: 'Analytical Engines' } },
          { group: { kind: 'group', name: 'VIP' } },
        ],
      },
      overlapping: [],
    });
  });

  it('overlaps on a text field both changed', () => {
    expect(overlaps(contact(), contact({ notes: 'x' }), { notes: 'y' })).toEqual(['notes']);
  });
});

describe('applyChanges', () => {
  it('sets the changed attributes and lists on top of the current contact', () => {
    const current = contact({ last_name: 'King' });
    const next = applyChanges(current, {
      first_name: 'Augusta',
      infos: [email],
      memberships: [
        { title: 'Countess', group: { kind: 'organization', name: 'analytical engines' } },
        { group: { kind: 'group', name: 'New group' } },
      ],
    });
    expect(next).toMatchObject({ first_name: 'Augusta', last_name: 'King', infos: [email] });
    expect(next.memberships).toEqual([
      { title: 'Countess', group: { id: 'g1', kind: 'organization', name: 'analytical engines' } },
      { group: { id: '', kind: 'group', name: 'New group' } },
    ]);
    expect(changedFields(current, next)).toEqual(['first_name', 'infos', 'memberships']);
  });
});

describe('conversions to request shape', () => {
  it('labels an unlabelled info "other" and drops a custom_label beside another label', () => {
    expect(canonicalInfo({ kind: 'custom', value: 'VIP' })).toEqual({
      kind: 'custom',
      label: 'other',
      value: 'VIP',
    });
    expect(
      toInfoInput({ kind: 'email', label: 'work', custom_label: 'x', value: 'a@b.co' }),
    ).toEqual({ kind: 'email', label: 'work', value: 'a@b.co' });
  });

  it('cannot convert an info Missive would refuse', () => {
    expect(toInfoInput({ kind: 'fax', label: 'work', value: '1' })).toBeUndefined();
  });

  it('names a membership group by kind and name and drops empty fields', () => {
    expect(
      toMembershipInput({
        title: '',
        department: 'R&D',
        location: null,
        group: { id: 'g1', name: 'Acme' },
      }),
    ).toEqual({ department: 'R&D', group: { kind: 'organization', name: 'Acme' } });
  });

  it('restores fields as a valid change, an empty text as ""', () => {
    const restore = changesRestoring(contact(), ['notes', 'starred', 'infos', 'memberships']);
    expect(restore.success && restore.data).toEqual({
      notes: '',
      starred: false,
      infos: [email, phone],
      memberships: [
        { title: 'Analyst', group: { kind: 'organization', name: 'Analytical Engines' } },
      ],
    });
  });
});

describe('request schemas', () => {
  it('refuses unknown change fields with the contact schema words', () => {
    const parsed = contactChangesSchema.safeParse({ email: 'a@b.co' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/unknown contact field "email"/);
  });

  it('refuses an id in the changes: the path names the contact', () => {
    expect(contactChangesSchema.safeParse({ id: 'c2' }).success).toBe(false);
  });

  it('takes a base contact and valid changes', () => {
    const parsed = contactEditRequestSchema.safeParse({
      base: contact(),
      changes: { infos: [{ kind: 'phone_number', label: 'fax', value: '1' }] },
    });
    expect(parsed.error?.issues[0]?.path).toEqual(['changes', 'infos', 0, 'label']);
  });
});
