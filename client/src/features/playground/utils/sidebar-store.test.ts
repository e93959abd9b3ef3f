import { describe, expect, it } from 'vitest';
import { createSidebarStore } from './sidebar-store';

describe('the sidebar store', () => {
  it('answers what was set, and a new store (a reload) still has it', () => {
    const store = createSidebarStore();
    expect(store.get('k')).toBeNull();
    store.set('k', 'v');
    expect(store.get('k')).toBe('v');
    expect(createSidebarStore().get('k')).toBe('v');
  });

  it('ignores a damaged copy in sessionStorage', () => {
    sessionStorage.setItem('crm.playground.sidebarStore', '{not json');
    expect(createSidebarStore().get('k')).toBeNull();
    sessionStorage.setItem('crm.playground.sidebarStore', JSON.stringify({ a: 1, b: 'two' }));
    const store = createSidebarStore();
    expect(store.get('a')).toBeNull();
    expect(store.get('b')).toBe('two');
  });
});
