import { describe, expect, it } from 'vitest';
import { makeBook } from '../test/fixtures';
import { defaultBook, newContactInput, participantKey } from './participant';

describe('participantKey', () => {
  it('keys by address in any case, else by number, else by name', () => {
    expect(participantKey({ name: 'Ada', email: 'Ada@X.example', phone: '+1 514' })).toBe(
      'ada@x.example',
    );
    expect(participantKey({ name: 'Ada', email: null, phone: '+15145550123' })).toBe(
      '+15145550123',
    );
    expect(participantKey({ name: 'Ada', email: null, phone: null })).toBe('Ada');
  });
});

describe('defaultBook', () => {
  it('picks the book shared with the organisation, else the first', () => {
    const mine = makeBook({ id: 'b-mine', name: 'Mine' });
    const shared = makeBook({ id: 'b-shared', name: 'Shared', share_with_organization: true });
    expect(defaultBook([mine, shared])).toBe(shared);
    expect(defaultBook([mine])).toBe(mine);
    expect(defaultBook([])).toBeUndefined();
  });
});

describe('newContactInput', () => {
  it('splits the name, files the address as work and the number as mobile, notes the subject', () => {
    expect(
      newContactInput(
        { name: ' Grace  Brewster Hopper ', email: 'grace@navy.example', phone: '+15145550123' },
        'b1',
        'Compiler question',
      ),
    ).toEqual({
      contact_book: 'b1',
      first_name: 'Grace',
      last_name: 'Brewster Hopper',
      infos: [
        { kind: 'email', label: 'work', value: 'grace@navy.example' },
        { kind: 'phone_number', label: 'mobile', value: '+15145550123' },
      ],
      notes: 'First conversation: Compiler question',
    });
  });

  it('does not file an address as a name', () => {
    expect(
      newContactInput({ name: 'ada@x.example', email: 'ada@x.example', phone: null }, 'b1'),
    ).toEqual({
      contact_book: 'b1',
      infos: [{ kind: 'email', label: 'work', value: 'ada@x.example' }],
    });
  });
});
