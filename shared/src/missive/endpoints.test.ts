import { describe, expect, it } from 'vitest';
import { describeZodError } from '../errors';
import { endpoints, fillPath } from './endpoints';

describe('fillPath', () => {
  it('encodes each id as one path segment and keeps batch commas', () => {
    expect(fillPath('/contacts/:ids', { ids: 'a/b,c d' })).toBe('/contacts/a%2Fb,c%20d');
  });

  it('refuses "." and "..", which URL resolution would walk out of the segment', () => {
    expect(() => fillPath('/conversations/:id', { id: '..' })).toThrow(/cannot be "\.\."/);
    expect(() => fillPath('/contacts/:ids', { ids: 'a,.' })).toThrow(/cannot be "\."/);
  });

  it('names a missing parameter', () => {
    expect(() => fillPath('/tasks/:id', {})).toThrow(/"id" is missing/);
  });
});

describe('path ids', () => {
  it('refuses dot segments before a URL is ever built', () => {
    const result = endpoints.getConversation.params.safeParse({ id: '..' });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeZodError(result.error)).toBe('id: must not be "." or ".."');
  });
});

describe('conversation colours', () => {
  it('names every accepted form when refusing one', () => {
    const result = endpoints.updateConversations.body.safeParse({
      conversations: [{ id: 'c1', color: 'blue' }],
    });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(describeZodError(result.error)).toBe(
        'conversations[0].color: "blue" is neither a hex colour such as "#2266ED" nor one of good, warning, danger',
      );
    }
  });

  it('accepts hex colours and the named states', () => {
    for (const color of ['#fff', '#2266ED', 'danger']) {
      expect(
        endpoints.updateConversations.body.safeParse({ conversations: [{ id: 'c1', color }] })
          .success,
      ).toBe(true);
    }
  });
});
