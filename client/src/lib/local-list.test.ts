import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createLocalList } from './local-list';

const item = z.object({ id: z.string(), n: z.number() });
const KEY = 'test.local-list';

beforeEach(() => {
  localStorage.clear();
});

describe('createLocalList', () => {
  it('keeps items across instances (a reload) and returns the same array while unchanged', () => {
    const list = createLocalList(KEY, item);
    expect(list.read()).toEqual([]);
    expect(list.write([{ id: 'a', n: 1 }])).toBe(true);
    expect(list.read()).toBe(list.read());
    expect(createLocalList(KEY, item).read()).toEqual([{ id: 'a', n: 1 }]);
  });

  it('drops only the entries its schema refuses, and survives junk', () => {
    localStorage.setItem(KEY, JSON.stringify([{ id: 'a', n: 1 }, { id: 'b' }, 'x']));
    expect(createLocalList(KEY, item).read()).toEqual([{ id: 'a', n: 1 }]);
    localStorage.setItem(KEY, '{not json');
    expect(createLocalList(KEY, item).read()).toEqual([]);
  });

  it('tells subscribers about its own writes and about other tabs’ changes', () => {
    const list = createLocalList(KEY, item);
    const listener = vi.fn();
    const unsubscribe = list.subscribe(listener);
    list.write([]);
    window.dispatchEvent(new StorageEvent('storage', { key: KEY }));
    window.dispatchEvent(new StorageEvent('storage', { key: 'something.else' }));
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    list.write([]);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('keeps the list in memory when the browser will not store it, and says so', () => {
    const list = createLocalList(KEY, item);
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    expect(list.write([{ id: 'a', n: 1 }])).toBe(false);
    expect(list.read()).toEqual([{ id: 'a', n: 1 }]);
    expect(localStorage.getItem(KEY)).toBeNull();
  });
});
