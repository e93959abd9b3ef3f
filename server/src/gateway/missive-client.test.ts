import { describe, expect, it } from 'vitest';
import { upstreamError, upstreamMessage } from './missive-client';

describe('upstreamError', () => {
  it('reads Missive’s message, and its code when it is one of the envelope’s', () => {
    expect(upstreamError({ error: { message: 'not found', code: 'not_found' } })).toEqual({
      message: 'not found',
      code: 'not_found',
    });
  });

  it('keeps the message of an error whose code it does not know', () => {
    expect(upstreamError({ error: { message: 'slow down', code: 'calm_down' } })).toEqual({
      message: 'slow down',
    });
    expect(upstreamMessage({ error: { message: 'slow down', code: 42 } })).toBe('slow down');
  });

  it('finds nothing in a body that is not an error', () => {
    expect(upstreamError({ contacts: [] })).toBeUndefined();
    expect(upstreamError(null)).toBeUndefined();
  });
});
