import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/http-error';
import { KeyGuesses } from './key-guesses';

/** The refusal `admit` throws, or undefined when the address may try. */
function refusalOf(guesses: KeyGuesses, address: string): HttpError | undefined {
  try {
    guesses.admit(address);
    return undefined;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
}

describe('KeyGuesses', () => {
  it('makes an address that keeps guessing wait until its guesses leave the window', () => {
    let now = 0;
    const guesses = new KeyGuesses({
      perAddress: 3,
      overall: 100,
      windowMs: 60_000,
      clock: () => now,
    });
    for (let i = 0; i < 3; i++) {
      expect(refusalOf(guesses, '10.0.0.1')).toBeUndefined();
      guesses.wrong('10.0.0.1');
      now += 1_000;
    }
    const refusal = refusalOf(guesses, '10.0.0.1');
    expect(refusal?.status).toBe(429);
    expect(refusal?.message).toBe(
      'Too many wrong access keys from this address: try again in 57 s',
    );
    expect(refusal?.headers).toEqual({ 'Retry-After': '57' });
    // Another address is not held up by this one.
    expect(refusalOf(guesses, '10.0.0.2')).toBeUndefined();
    // Once the first guess is a minute old, one more try.
    now = 60_001;
    expect(refusalOf(guesses, '10.0.0.1')).toBeUndefined();
  });

  it('forgives an address its typos once it presents the right key', () => {
    const guesses = new KeyGuesses({ perAddress: 2 });
    guesses.wrong('10.0.0.1');
    guesses.right('10.0.0.1');
    guesses.wrong('10.0.0.1');
    expect(refusalOf(guesses, '10.0.0.1')).toBeUndefined();
  });

  it('past the overall limit, holds every address that guessed, and no one else', () => {
    const guesses = new KeyGuesses({ perAddress: 10, overall: 5, clock: () => 1_000 });
    for (let i = 0; i < 5; i++) guesses.wrong(`10.0.1.${String(i)}`);
    expect(refusalOf(guesses, '10.0.1.0')?.message).toMatch(
      /^Too many wrong access keys are being tried against this gateway: try again in 60 s$/,
    );
    expect(refusalOf(guesses, '192.168.1.7')).toBeUndefined();
  });
});
