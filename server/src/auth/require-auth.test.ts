import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorHandler } from '../http/error-handler';
import { listen, type Listening } from '../http/listen';
import { openMemoryStore, type StoreWithMirror } from '../store/sqlite-store';
import { checkCredential, memberOf, requireAuth, requireStreamAuth } from './require-auth';
import { KeyGuesses } from './key-guesses';
import { People } from './people';
import { SessionTokens } from './sessions';

const ACCESS_KEY = 'require-auth-test-access-key-0123';
const TTL = 60_000;

describe('requireAuth and requireStreamAuth', () => {
  let now = Date.now();
  const sessions = new SessionTokens({ accessKey: ACCESS_KEY, ttlMs: TTL, clock: () => now });
  const unexpected: unknown[] = [];
  let server: Listening;
  let base: string;
  let store: StoreWithMirror;
  let people: People;

  beforeAll(async () => {
    store = await openMemoryStore();
    people = await People.open({
      store: store.keys,
      bootstrapKey: ACCESS_KEY,
      onError: (error) => unexpected.push(error),
    });
    const app = express();
    const ok: express.RequestHandler = (req, res) => {
      res.json({ ok: true, name: memberOf(req).name });
    };
    // Many wrong credentials below, all from one address: throttling is tested apart.
    const credentials = {
      people,
      sessions,
      guesses: new KeyGuesses({ perAddress: 1_000, overall: 1_000 }),
    };
    app.get('/api/ping', requireAuth(credentials), ok);
    app.get('/api/events', requireStreamAuth(credentials), ok);
    app.use(
      createErrorHandler((error) => {
        unexpected.push(error);
      }),
    );
    server = await listen(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server.close();
    await store.close();
    expect(unexpected).toEqual([]);
  });

  async function get(
    path: string,
    authorization?: string,
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${base}${path}`, {
      headers: authorization ? { Authorization: authorization } : {},
    });
    return { status: response.status, body: await response.json() };
  }

  const refused = {
    status: 401,
    body: { error: { message: expect.any(String) as unknown, code: 'unauthorized' } },
  };

  it('lets APP_ACCESS_KEY in as the admin', async () => {
    expect(await get('/api/ping', `Bearer ${ACCESS_KEY}`)).toEqual({
      status: 200,
      body: { ok: true, name: 'admin' },
    });
  });

  it("lets a person's key and its sessions in as that person, until the key is revoked", async () => {
    const { key, accessKey } = await people.create(
      { name: 'Ana Silva', role: 'agent' },
      { keyId: 'bootstrap', name: 'admin', role: 'admin' },
    );
    const { token } = sessions.issue(accessKey.id);
    expect(await get('/api/ping', `Bearer ${key}`)).toEqual({
      status: 200,
      body: { ok: true, name: 'Ana Silva' },
    });
    expect((await get('/api/ping', `Bearer ${token}`)).body).toEqual({
      ok: true,
      name: 'Ana Silva',
    });
    await people.revoke(accessKey.id);
    expect(await get('/api/ping', `Bearer ${key}`)).toEqual(refused);
    expect(await get('/api/ping', `Bearer ${token}`)).toEqual(refused);
    expect(await get(`/api/events?token=${encodeURIComponent(token)}`)).toEqual(refused);
  });

  it("refuses a person's key with a wrong secret", async () => {
    const { key } = await people.create(
      { name: 'Bo', role: 'agent' },
      { keyId: 'bootstrap', name: 'admin', role: 'admin' },
    );
    const wrong = `${key.slice(0, -2)}${key.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await get('/api/ping', `Bearer ${wrong}`)).toEqual(refused);
  });

  it('lets a session token in', async () => {
    const { token } = sessions.issue('bootstrap');
    expect((await get('/api/ping', `Bearer ${token}`)).status).toBe(200);
  });

  it('refuses a request without credentials with the 401 envelope', async () => {
    const answer = await get('/api/ping');
    expect(answer).toEqual(refused);
    expect(JSON.stringify(answer.body)).toMatch(/Authorization: Bearer/);
  });

  it.each([
    ['a wrong key', `Bearer ${ACCESS_KEY}x`],
    ['a prefix of the key', `Bearer ${ACCESS_KEY.slice(0, -1)}`],
    ['the key under another scheme', `Basic ${ACCESS_KEY}`],
    ['the key without a scheme', ACCESS_KEY],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s', async (_what, authorization) => {
    expect(await get('/api/ping', authorization)).toEqual(refused);
  });

  it('refuses an expired session token', async () => {
    const { token, expiresAt } = sessions.issue('bootstrap');
    const issuedAt = now;
    try {
      now = expiresAt;
      expect(await get('/api/ping', `Bearer ${token}`)).toEqual(refused);
    } finally {
      now = issuedAt;
    }
  });

  it('refuses a session token signed with another access key', async () => {
    const other = new SessionTokens({ accessKey: 'another-key-0123456789', ttlMs: TTL });
    expect(await get('/api/ping', `Bearer ${other.issue('bootstrap').token}`)).toEqual(refused);
  });

  it('accepts the header credentials on the stream too', async () => {
    expect((await get('/api/events', `Bearer ${ACCESS_KEY}`)).status).toBe(200);
    expect((await get('/api/events', `Bearer ${sessions.issue('bootstrap').token}`)).status).toBe(
      200,
    );
    expect(await get('/api/events')).toEqual(refused);
  });

  it('accepts a session token in ?token= on the stream', async () => {
    const { token } = sessions.issue('bootstrap');
    expect(await get(`/api/events?token=${encodeURIComponent(token)}`)).toEqual({
      status: 200,
      body: { ok: true, name: 'admin' },
    });
  });

  it('refuses the access key in ?token=, so it never sits in a URL', async () => {
    expect(await get(`/api/events?token=${encodeURIComponent(ACCESS_KEY)}`)).toEqual(refused);
    expect(await get('/api/events?token=garbage')).toEqual(refused);
  });

  it('accepts ?token= only on the stream', async () => {
    const { token } = sessions.issue('bootstrap');
    expect(await get(`/api/ping?token=${encodeURIComponent(token)}`)).toEqual(refused);
  });

  it('counts a key that needs the slow check as a guess before it is checked, so concurrent guesses are throttled too', async () => {
    const { key } = await people.create(
      { name: 'Gia', role: 'agent' },
      { keyId: 'bootstrap', name: 'admin', role: 'admin' },
    );
    const guesses = new KeyGuesses({ perAddress: 3, overall: 1_000 });
    const wrong = Array.from(
      { length: 4 },
      (_, n) => `${key.slice(0, 18)}${String(n).padStart(43, 'A')}`,
    );
    const results = await Promise.allSettled(
      wrong.map((guess) => checkCredential({ people, sessions, guesses }, '192.0.2.7', guess)),
    );
    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    expect(results[3]).toMatchObject({ reason: { status: 429 } });
  });
});
