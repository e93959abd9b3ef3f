import { beforeEach, describe, expect, it } from 'vitest';
import { readKeyFromFragment, useSessionStore } from './session';

describe('readKeyFromFragment', () => {
  beforeEach(() => {
    useSessionStore.getState().clearAccessKey();
  });

  it('stores the key from #key= and removes it from the address bar', () => {
    window.history.replaceState(null, '', '/sidebar?view=compact#key=abc%2B123');

    expect(readKeyFromFragment()).toBe('abc+123');

    expect(useSessionStore.getState().accessKey).toBe('abc+123');
    expect(sessionStorage.getItem('crm.accessKey')).toBe('abc+123');
    expect(window.location.pathname).toBe('/sidebar');
    expect(window.location.search).toBe('?view=compact');
    expect(window.location.hash).toBe('');
    expect(document.cookie).toBe('');
  });

  it('keeps other fragment parameters', () => {
    window.history.replaceState(null, '', '/#key=k1&tab=tasks');
    readKeyFromFragment();
    expect(window.location.hash).toBe('#tab=tasks');
  });

  it('leaves the session alone when the fragment has no key', () => {
    useSessionStore.getState().setAccessKey('existing');
    window.history.replaceState(null, '', '/#tab=tasks');

    expect(readKeyFromFragment()).toBeNull();

    expect(useSessionStore.getState().accessKey).toBe('existing');
    expect(window.location.hash).toBe('#tab=tasks');
  });

  it('forgets the key on sign-out', () => {
    useSessionStore.getState().setAccessKey('k1');
    useSessionStore.getState().clearAccessKey();
    expect(useSessionStore.getState().accessKey).toBeNull();
    expect(sessionStorage.getItem('crm.accessKey')).toBeNull();
  });
});
