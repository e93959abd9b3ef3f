import { describe, expect, it } from 'vitest';
import { contactSchema } from '@crm/shared/missive/contacts';
import { conversationSchema } from '@crm/shared/missive/conversations';
import { contactHandles, conversationParticipants, normalizeEmail } from './handles';
import { makeConversation } from '../test/conversation-fixture';

const contact = contactSchema.parse({
  id: 'c1',
  contact_book: 'b1',
  first_name: 'Zoë',
  last_name: 'Bergström',
  starred: false,
  deleted: false,
  modified_at: 1,
  infos: [
    { kind: 'email', label: 'work', value: ' Zoe@Example.COM ' },
    { kind: 'email', label: 'home', value: 'zoe@example.com' },
    { kind: 'email', label: 'other', value: 'not an address' },
    { kind: 'phone_number', label: 'mobile', value: '(514) 555-0100' },
    { kind: 'custom', label: 'other', custom_label: 'Plan', value: 'Enterprise' },
    { kind: 'physical_address', label: 'work', city: 'Montréal', country: 'Canada' },
  ],
  memberships: [{ title: 'CTO', group: { id: 'g1', kind: 'organization', name: 'Acme Ltd' } }],
});

describe('contactHandles', () => {
  it('keys emails lower-cased and once, phones as E.164 in the default region', () => {
    const handles = contactHandles(contact, 'CA');
    expect(handles.emails).toEqual(['zoe@example.com']);
    expect(handles.phones).toEqual(['+15145550100']);
  });

  it('leaves a number it cannot place out of the phone keys, but not out of the text', () => {
    const handles = contactHandles(contact);
    expect(handles.phones).toEqual([]);
    expect(handles.text).toContain('(514) 555-0100');
  });

  it('puts names, infos, custom fields, addresses and companies in the searchable text', () => {
    const { text } = contactHandles(contact, 'CA');
    for (const word of ['Zoë', 'Bergström', 'Enterprise', 'Plan', 'Montréal', 'Acme Ltd', 'CTO']) {
      expect(text).toContain(word);
    }
    // Digits as a person would type them when searching a number.
    expect(text).toContain('15145550100');
    expect(text).toContain('5145550100');
  });
});

describe('conversationParticipants', () => {
  const conversation = makeConversation('x', {
    messages_count: 2,
    authors: [
      { name: 'Ada Lovelace', address: 'ADA@example.com' },
      { name: 'Camille Fortin', phone_number: '+1 514 555 0100' },
      { name: 'Nobody', address: null },
    ],
  });

  it('keys authors by lower-cased email and E.164, with lower-cased names', () => {
    expect(conversationParticipants(conversation)).toEqual([
      { address: 'ada@example.com', kind: 'email', role: 'author', name: 'ada lovelace' },
      { address: '+15145550100', kind: 'phone', role: 'author', name: 'camille fortin' },
    ]);
  });

  it('adds the recipients of a message, and its sender as an author once', () => {
    const participants = conversationParticipants(conversation, {
      from_field: { name: 'Ada Lovelace', address: 'ada@example.com' },
      to_fields: [{ name: 'Support', address: 'support@brightwell.io' }],
      cc_fields: [{ name: null, address: 'Boss@Example.com' }],
    });
    expect(participants.filter((row) => row.role === 'author')).toHaveLength(2);
    expect(participants.filter((row) => row.role === 'recipient')).toEqual([
      { address: 'support@brightwell.io', kind: 'email', role: 'recipient', name: 'support' },
      { address: 'boss@example.com', kind: 'email', role: 'recipient', name: null },
    ]);
  });

  it('reads a latest_message carried by the conversation itself (the iFrame API’s shape)', () => {
    const withLatest = conversationSchema.parse({
      ...conversation,
      latest_message: {
        from_field: { address: 'ada@example.com' },
        to_fields: [{ phone_number: '+14185550142' }],
        cc_fields: [],
      },
    });
    expect(conversationParticipants(withLatest).filter((row) => row.role === 'recipient')).toEqual([
      { address: '+14185550142', kind: 'phone', role: 'recipient', name: null },
    ]);
  });
});

describe('normalizeEmail', () => {
  it('lower-cases and trims an address and refuses what is not one', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(normalizeEmail('ada')).toBeUndefined();
    expect(normalizeEmail('a b@c.d')).toBeUndefined();
  });
});
