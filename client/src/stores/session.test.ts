import { beforeEach, describe, expect, it } from 'vitest';
import { signInAs, storedText } from '@/test/session';
import { parseSession, takeKeyFromFragment, useSessionStore } from './session';

describe('takeKeyFromFragment', () => {
  beforeEach(() => {
    useSessionStore.getState().clearSession();
  });

  it('takes the key from #key= and removes it from the address bar, keeping nothing', () => {
    window.history.replaceState(null, '', '/sidebar?view=compact#key=abc%2B123');

    expect(takeKeyFromFragment()).toBe('abc+123');

    expect(window.location.pathname).toBe('/sidebar');
    expect(window.location.search).toBe('?view=compact');
    expect(window.location.hash).toBe('');
    // The key is for the exchange only: nothing stores it.
    expect(storedText()).not.toContain('abc+123');
    expect(document.cookie).toBe('');
  });

  it('keeps other fragment parameters', () => {
    window.history.replaceState(null, '', '/#key=k1&tab=tasks');
    takeKeyFromFragment();
    expect(window.location.hash).toBe('#tab=tasks');
  });

  it('leaves the address alone when the fragment has no key', () => {
    window.history.replaceState(null, '', '/#tab=tasks');
    expect(takeKeyFromFragment()).toBeNull();
    expect(window.location.hash).toBe('#tab=tasks');
  });
});

describe('the session', () => {
  it('is kept in sessionStorage as the token and person, and forgotten on sign-out', () => {
    signInAs({ name: 'Ana', role: 'agent' }, 'tok-1');
    const stored = parseSession(sessionStorage.getItem('crm.session'));
    expect(stored).toMatchObject({ token: 'tok-1', person: { name: 'Ana', role: 'agent' } });

    useSessionStore.getState().clearSession('Your session has ended.');
    expect(useSessionStore.getState()).toMatchObject({
      session: null,
      notice: 'Your session has ended.',
    });
    expect(sessionStorage.getItem('crm.session')).toBeNull();
  });

  it('does not take back an expired or malformed stored session', () => {
    const person = { name: 'Ana', role: 'agent' };
    expect(
      parseSession(JSON.stringify({ token: 't', expiresAt: Date.now() - 1, person })),
    ).toBeNull();
    expect(parseSession('{"token": 1}')).toBeNull();
    expect(parseSession('not json')).toBeNull();
    expect(parseSession(null)).toBeNull();
  });
});
