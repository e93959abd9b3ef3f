import { describe, expect, it } from 'vitest';
import { makeContact } from '../test/fixtures';
import { matchesParticipant, newContactInput, samePhone, searchTerms } from './participant';

describe('matching a participant', () => {
  const contact = makeContact({
    id: 'c1',
    notes: 'cc: someone@else.example',
    infos: [
      { kind: 'email', label: 'work', value: 'Ada@Engines.example' },
      { kind: 'phone_number', label: 'mobile', value: '(020) 7946 0001' },
    ],
  });

  it('matches an email info in any case, never an address mentioned elsewhere', () => {
    expect(
      matchesParticipant(contact, { name: null, email: 'ada@engines.example', phone: null }),
    ).toBe(true);
    expect(
      matchesParticipant(contact, { name: null, email: 'someone@else.example', phone: null }),
    ).toBe(false);
  });

  it('matches a phone by its digits, with or without the country code', () => {
    expect(samePhone('+44 20 7946 0001', '+442079460001')).toBe(true);
    expect(samePhone('(020) 7946 0001', '+44 20 7946 0001')).toBe(true);
    expect(samePhone('0001', '+44 20 7946 0001')).toBe(false);
    expect(matchesParticipant(contact, { name: null, email: null, phone: '+4420 7946 0001' })).toBe(
      true,
    );
  });

  it('searches the email, then the number as given, then its last digits', () => {
    expect(searchTerms({ name: 'Ada', email: 'ada@x.example', phone: '+1 514 555-0123' })).toEqual([
      'ada@x.example',
      '+1 514 555-0123',
      '01 23',
    ]);
  });
});

describe('newContactInput', () => {
  it('does not file an address as a name', () => {
    expect(
      newContactInput({ name: 'ada@x.example', email: 'ada@x.example', phone: null }, 'b1'),
    ).toEqual({
      contact_book: 'b1',
      infos: [{ kind: 'email', label: 'work', value: 'ada@x.example' }],
    });
  });
});
