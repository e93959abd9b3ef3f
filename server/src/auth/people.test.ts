import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bus } from '../cluster/bus';
import { HttpError } from '../http/http-error';
import { openMemoryStore, type StoreWithMirror } from '../store/sqlite-store';
import { localBuses } from '../test/local-bus';
import { People, type Member } from './people';

const BOOTSTRAP = 'bootstrap-key-for-the-people-tests';
const admin: Member = { keyId: 'bootstrap', name: 'admin', role: 'admin' };

let store: StoreWithMirror;
let now: number;
const errors: unknown[] = [];
const open = (bus?: Bus) =>
  People.open({
    store: store.keys,
    bootstrapKey: BOOTSTRAP,
    clock: () => now,
    onError: (error) => errors.push(error),
    ...(bus ? { bus } : {}),
  });

beforeEach(async () => {
  store = await openMemoryStore();
  now = 1_700_000_000_000;
  errors.length = 0;
});

afterEach(async () => {
  await store.close();
  expect(errors).toEqual([]);
});

describe('People', () => {
  it('knows APP_ACCESS_KEY as the admin', async () => {
    const people = await open();
    expect(await people.authenticate(BOOTSTRAP)).toEqual(admin);
    expect(await people.authenticate(`${BOOTSTRAP}x`)).toBeUndefined();
  });

  it('makes a key that names its person, stores only a slow hash of it, and lists it without', async () => {
    const people = await open();
    const { key, accessKey } = await people.create({ name: 'Ana Silva', role: 'agent' }, admin);
    expect(key).toMatch(/^mcrm_[0-9a-f]{12}_[\w-]{43}$/);
    expect(accessKey).toEqual({
      id: key.slice(5, 17),
      name: 'Ana Silva',
      role: 'agent',
      createdAt: now,
      createdBy: 'admin',
      lastUsedAt: null,
      revokedAt: null,
    });
    const [stored] = await store.keys.list();
    expect(stored?.keyHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored?.keyHash).not.toContain(key.slice(18));
    expect(JSON.stringify(people.list())).not.toContain('scrypt');

    now += 5000;
    expect(await people.authenticate(key)).toEqual({
      keyId: accessKey.id,
      name: 'Ana Silva',
      role: 'agent',
    });
    expect(people.list()[0]?.lastUsedAt).toBe(now);
  });

  it('keeps keys and revocations across a restart', async () => {
    const first = await open();
    const kept = await first.create({ name: 'Ana', role: 'admin' }, admin);
    const revoked = await first.create({ name: 'Bo', role: 'agent' }, admin);
    await first.revoke(revoked.accessKey.id);

    const second = await open();
    expect((await second.authenticate(kept.key))?.role).toBe('admin');
    expect(await second.authenticate(revoked.key)).toBeUndefined();
    expect(second.byKeyId(revoked.accessKey.id)).toBeUndefined();
    expect(second.list().map((key) => [key.name, key.revokedAt !== null])).toEqual([
      ['Ana', false],
      ['Bo', true],
    ]);
  });

  it('refuses a key whose id is right and secret wrong, and one revoked after it was verified', async () => {
    const people = await open();
    const { key, accessKey } = await people.create({ name: 'Ana', role: 'agent' }, admin);
    const forged = `${key.slice(0, 18)}${'A'.repeat(43)}`;
    expect(await people.authenticate(forged)).toBeUndefined();
    expect(await people.authenticate(key)).toBeDefined();
    await people.revoke(accessKey.id);
    // The verified key is no longer remembered as good.
    expect(await people.authenticate(key)).toBeUndefined();
  });

  it('gives one live key per name (any case), and the name again after a revocation', async () => {
    const people = await open();
    const first = await people.create({ name: 'Ana', role: 'agent' }, admin);
    const twin = await people
      .create({ name: 'ANA', role: 'admin' }, admin)
      .catch((e: unknown) => e);
    expect(twin).toBeInstanceOf(HttpError);
    expect(twin).toMatchObject({
      status: 409,
      message: expect.stringMatching(/already has a key/) as unknown,
    });
    await people.revoke(first.accessKey.id);
    const again = await people.create({ name: 'ana', role: 'agent' }, admin);
    expect(await people.authenticate(again.key)).toMatchObject({ name: 'ana' });
  });

  it('runs at most four slow checks at once, and asks the fifth to retry', async () => {
    const people = await open();
    const { key } = await people.create({ name: 'Ana', role: 'agent' }, admin);
    const guesses = Array.from(
      { length: 5 },
      (_, n) => `${key.slice(0, 18)}${String(n).padStart(43, 'A')}`,
    );
    const results = await Promise.allSettled(guesses.map((guess) => people.authenticate(guess)));
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    expect(results[4]).toMatchObject({ reason: { status: 429 } });
  });

  it('refuses a damaged stored hash as a wrong key, without throwing', async () => {
    const people = await open();
    const { key, accessKey } = await people.create({ name: 'Ana', role: 'agent' }, admin);
    await store.keys.revoke(accessKey.id, now);
    // Another live key whose stored hash is damaged (parameters scrypt refuses).
    await store.keys.insert({
      id: 'bad000000000',
      name: 'Bo',
      role: 'agent',
      keyHash: 'scrypt$3$8$1$c2FsdA$aGFzaA',
      createdAt: now,
      createdBy: 'admin',
    });
    const reopened = await open();
    expect(await reopened.authenticate(`mcrm_bad000000000_${key.slice(18)}`)).toBeUndefined();
  });

  it('says which key it does not know', async () => {
    const people = await open();
    await expect(people.revoke('000000000000')).rejects.toThrow(HttpError);
  });
});

describe('People on several instances (one store, a bus between them)', () => {
  it('sees a key made on another instance, and its revocation at once', async () => {
    const { bus, errors: busErrors } = localBuses();
    const [a, b] = [await open(bus()), await open(bus())];
    const { key, accessKey } = await a.create({ name: 'Ana', role: 'agent' }, admin);
    await vi.waitFor(async () => {
      expect(await b.authenticate(key)).toMatchObject({ name: 'Ana' });
    });
    await a.revoke(accessKey.id);
    await vi.waitFor(() => {
      expect(b.isLive(accessKey.id)).toBe(false);
    });
    expect(await b.authenticate(key)).toBeUndefined();
    expect(b.list()).toEqual(a.list());
    expect(busErrors).toEqual([]);
  });

  it('reads the keys every second while deaf, and once more on hearing again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { bus } = localBuses();
      const deaf = bus();
      const [a, b] = [await open(bus()), await open(deaf)];
      const { accessKey } = await a.create({ name: 'Ana', role: 'agent' }, admin);
      deaf.setHearing(false);
      await a.revoke(accessKey.id);
      expect(b.isLive(accessKey.id)).toBe(true);
      await vi.advanceTimersByTimeAsync(1000);
      await vi.waitFor(() => {
        expect(b.isLive(accessKey.id)).toBe(false);
      });

      const { accessKey: later } = await a.create({ name: 'Bo', role: 'agent' }, admin);
      deaf.setHearing(true);
      await vi.waitFor(() => {
        expect(b.isLive(later.id)).toBe(true);
      });
      expect(vi.getTimerCount()).toBe(0);
      b.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads the keys once at a time while deaf, however slow the store', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const { bus } = localBuses();
      const deaf = bus();
      const people = await open(deaf);
      // The store stops answering: each read waits until it is let go.
      let reads = 0;
      let answer: () => void = () => undefined;
      const list = store.keys.list.bind(store.keys);
      vi.spyOn(store.keys, 'list').mockImplementation(async () => {
        reads += 1;
        await new Promise<void>((resolve) => {
          answer = resolve;
        });
        return list();
      });
      deaf.setHearing(false);
      await vi.advanceTimersByTimeAsync(5000);
      expect(reads).toBe(1);
      answer();
      await vi.advanceTimersByTimeAsync(1000);
      expect(reads).toBe(2);
      answer();
      people.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
