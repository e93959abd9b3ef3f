import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeValue, describeZodError, notAnyOf, notOneOf } from './errors';

describe('describeValue', () => {
  it('names strings and numbers as JSON, and cuts long strings', () => {
    expect(describeValue('fax')).toBe('"fax"');
    expect(describeValue('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
    expect(describeValue(`${'a'.repeat(40)}bcd`)).toBe(`"${'a'.repeat(40)}"…`);
    expect(describeValue(12)).toBe('12');
    expect(describeValue(false)).toBe('false');
    expect(describeValue(null)).toBe('null');
  });

  it('names objects by their keys and lists by their length', () => {
    expect(describeValue({ adress: 'a@b.co', name: 'A' })).toBe('{adress, name}');
    expect(describeValue({})).toBe('{}');
    expect(describeValue({ a: 1, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1 })).toBe(
      '{a, b, c, d, e, f, …}',
    );
    expect(describeValue(['true', 'true'])).toBe('a list of 2 items');
    expect(describeValue([1])).toBe('a list of 1 item');
    expect(describeValue([])).toBe('an empty list');
  });
});

describe('notOneOf', () => {
  it('names the value given and every accepted one', () => {
    expect(notOneOf('fax', ['email', 'phone_number'])).toBe(
      '"fax" is not one of email, phone_number',
    );
    expect(notOneOf(7, ['todo', 'closed'])).toBe('7 is not one of todo, closed');
  });

  it('says a missing value is required, and where the set comes from', () => {
    expect(notOneOf(undefined, ['group', 'organization'])).toBe(
      'is required: one of group, organization',
    );
    expect(notOneOf('work', ['other'], '(the labels of custom)')).toBe(
      '"work" is not one of other (the labels of custom)',
    );
  });
});

describe('notAnyOf', () => {
  const forms = ['{address, name} (email)', '{phone_number}', '{id, username, name}'];

  it('says what came and every shape that would do', () => {
    expect(notAnyOf({ adress: 'a@b.co' }, forms)).toBe(
      'got {adress}; expected {address, name} (email), {phone_number} or {id, username, name}',
    );
    expect(notAnyOf('a@b.co', forms.slice(0, 2))).toBe(
      'got "a@b.co"; expected {address, name} (email) or {phone_number}',
    );
  });

  it('says a missing value is required', () => {
    expect(notAnyOf(undefined, forms.slice(0, 1))).toBe('is required: {address, name} (email)');
  });
});

describe('describeZodError', () => {
  const sender = z.union(
    [
      z.strictObject({ address: z.string(), name: z.string().optional() }),
      z.strictObject({ phone_number: z.string(), type: z.enum(['sms', 'whatsapp']) }),
    ],
    { error: (issue) => notAnyOf(issue.input, ['{address, name}', '{phone_number, type}']) },
  );
  const message = z.object({ messages: z.array(z.object({ from_field: sender })) });

  function described(value: unknown): string {
    const result = message.safeParse(value);
    if (result.success) throw new Error('expected a refusal');
    return describeZodError(result.error, 'body');
  }

  it('prefixes each problem with where it is', () => {
    expect(described({ messages: [{ from_field: { adress: 'x' } }] })).toBe(
      'body.messages[0].from_field: got {adress}; expected {address, name} or {phone_number, type}',
    );
  });

  it('refuses a value in one shape of a union for its own bad field', () => {
    expect(described({ messages: [{ from_field: { phone_number: '+1', type: 'fax' } }] })).toBe(
      'body.messages[0].from_field.type: Invalid option: expected one of "sms"|"whatsapp"',
    );
  });

  it('keeps the union message when the value could be more than one shape', () => {
    expect(described({ messages: [{ from_field: {} }] })).toBe(
      'body.messages[0].from_field: got {}; expected {address, name} or {phone_number, type}',
    );
  });
});
