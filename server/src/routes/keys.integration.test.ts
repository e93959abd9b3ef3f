import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditListResponse } from '@crm/shared/audit';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { contactBooksResponse, contactsResponse } from '@crm/shared/missive/contacts';
import {
  accessKeyListResponse,
  createAccessKeyResponse,
  meResponseSchema,
  sessionResponseSchema,
} from '@crm/shared/people';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';
import { connectEvents, frames } from '../test/sse-client';
import { ENDED } from './events';

/**
 * People and roles over HTTP, through the whole app: an admin makes an
 * agent's key, the agent signs in and works under their own name, cannot
 * do an admin's work, and is shut out the moment the key is revoked.
 */
let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});

afterAll(async () => {
  await harness.stop();
  expect(harness.unexpected).toEqual([]);
});

/** Seeded contacts, read with the admin's key. */
async function someContacts(count: number) {
  const books = contactBooksResponse.parse(
    (await harness.request('/api/missive/v1/contact_books')).json,
  );
  const book = books.contact_books[0]?.id ?? '';
  const listed = contactsResponse.parse(
    (await harness.request(`/api/missive/v1/contacts?contact_book=${book}&limit=${count}`)).json,
  );
  if (listed.contacts.length < count) throw new Error('the seed has too few contacts');
  return listed.contacts;
}

const json = (body: unknown) => ({
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

async function makeKey(name: string, role: 'admin' | 'agent', key?: string) {
  const answer = await harness.request('/api/keys', {
    method: 'POST',
    ...json({ name, role }),
    ...(key ? { key } : {}),
  });
  return answer;
}

describe('access keys', () => {
  it('lets an admin make an agent, who signs in and works under their own name only', async () => {
    const made = await makeKey('Ana Silva', 'agent');
    expect(made.status).toBe(201);
    const { key, accessKey } = createAccessKeyResponse.parse(made.json);

    // The browser trades the key for a session naming the person.
    const session = await harness.request('/api/session', {
      method: 'POST',
      key: null,
      ...json({ key }),
    });
    expect(session.status).toBe(201);
    const { token, person } = sessionResponseSchema.parse(session.json);
    expect(person).toEqual({ name: 'Ana Silva', role: 'agent' });
    const me = await harness.request('/api/me', { key: token });
    expect(meResponseSchema.parse(me.json).person).toEqual(person);
    // A session can be renewed before it runs out, for the same person.
    const renewed = await harness.request('/api/session/renew', { method: 'POST', key: token });
    expect(renewed.status).toBe(201);
    const fresh = sessionResponseSchema.parse(renewed.json);
    expect(fresh.person).toEqual(person);
    expect(fresh.token).not.toBe(token);

    // A self-declared agent header changes nothing: the audit names the key's person.
    const [contact] = await someContacts(1);
    if (!contact) throw new Error('no contact');
    const edit = await harness.request(`/api/contacts/${contact.id}/edit`, {
      method: 'POST',
      key: token,
      headers: { 'Content-Type': 'application/json', 'X-Agent-Id': 'mallory' },
      body: JSON.stringify({ base: contact, changes: { notes: 'Prefers the phone' } }),
    });
    expect(edit.status).toBe(200);
    const audit = auditListResponse.parse((await harness.request('/api/audit?limit=1')).json);
    expect(audit.entries[0]).toMatchObject({ agent: 'Ana Silva', endpoint: 'updateContacts' });

    // Listed for admins, with its last use; never with the key or its hash.
    const listed = accessKeyListResponse.parse((await harness.request('/api/keys')).json);
    const row = listed.keys.find((candidate) => candidate.id === accessKey.id);
    expect(row).toMatchObject({ name: 'Ana Silva', role: 'agent', revokedAt: null });
    expect(row?.lastUsedAt).toEqual(expect.any(Number));
    expect(JSON.stringify(listed)).not.toContain(key.slice(18));
  });

  it("refuses an agent an admin's work, with a 403 that says why, sending nothing upstream", async () => {
    const { key } = createAccessKeyResponse.parse((await makeKey('Bo', 'agent')).json);
    const before = harness.upstreamCalls();
    const refusals = [
      harness.request('/api/missive/v1/hooks', {
        method: 'POST',
        key,
        ...json({ hooks: { type: 'new_comment', url: 'https://example.com/hook' } }),
      }),
      harness.request('/api/missive/v1/hooks/h1', { method: 'DELETE', key }),
      harness.request('/api/keys', { key }),
      makeKey('Cy', 'admin', key),
    ];
    for (const answer of await Promise.all(refusals)) {
      expect(answer.status).toBe(403);
      expect(errorEnvelopeSchema.parse(answer.json).error.message).toMatch(
        /^Only an admin can .*; Bo signed in as an agent$/,
      );
    }
    expect(harness.upstreamCalls()).toBe(before);
  });

  it("lets an agent undo their own edit but not someone else's; an admin undoes anyone's", async () => {
    const { key: ana } = createAccessKeyResponse.parse((await makeKey('Dee', 'agent')).json);
    const { key: bo } = createAccessKeyResponse.parse((await makeKey('Eve', 'agent')).json);
    const contact = (await someContacts(2))[1];
    if (!contact) throw new Error('no contact');
    const edit = async (notes: string, key: string) => {
      const answer = await harness.request(`/api/contacts/${contact.id}/edit`, {
        method: 'POST',
        key,
        ...json({ base: contact, changes: { notes } }),
      });
      expect(answer.status).toBe(200);
      const audit = auditListResponse.parse((await harness.request('/api/audit?limit=1')).json);
      return audit.entries[0]?.id ?? 0;
    };
    const undo = (id: number, key?: string) =>
      harness.request(`/api/audit/${id}/undo`, { method: 'POST', ...(key ? { key } : {}) });

    const byDee = await edit('Dee was here', ana);
    const refused = await undo(byDee, bo);
    expect(refused.status).toBe(403);
    expect(errorEnvelopeSchema.parse(refused.json).error.message).toMatch(
      /Only an admin can undo Dee's edit/,
    );
    expect((await undo(byDee, ana)).status).toBe(200);
    const byEve = await edit('Eve was here', bo);
    expect((await undo(byEve)).status).toBe(200);
  });

  it('ends a key and every session made with it at once when an admin revokes it', async () => {
    const { key, accessKey } = createAccessKeyResponse.parse((await makeKey('Finn', 'agent')).json);
    const { token } = sessionResponseSchema.parse(
      (await harness.request('/api/session', { method: 'POST', key: null, ...json({ key }) })).json,
    );
    expect((await harness.request('/api/me', { key: token })).status).toBe(200);

    const stream = await connectEvents(
      `${harness.base}/api/events?token=${encodeURIComponent(token)}`,
    );
    expect(stream.response.status).toBe(200);

    const revoked = await harness.request(`/api/keys/${accessKey.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    // The stream already open hears nothing more: it ends at the next event.
    harness.hub.publish({ type: 'label.changed', conversation: 'conv-after-revocation' });
    expect(frames(await stream.readUntil((text) => text.endsWith(ENDED)))).toEqual([]);
    const renew = await harness.request('/api/session/renew', { method: 'POST', key: token });
    expect(renew.status).toBe(401);
    for (const credential of [key, token]) {
      const answer = await harness.request('/api/me', { key: credential });
      expect(answer.status).toBe(401);
      expect(errorEnvelopeSchema.parse(answer.json).error.message).toMatch(/revoked/);
    }
    const again = await harness.request('/api/session', {
      method: 'POST',
      key: null,
      ...json({ key }),
    });
    expect(again.status).toBe(401);
  });

  it('refuses bad key requests with a precise 400 or 409', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ name: 'admin', role: 'agent' }, 400, /name of APP_ACCESS_KEY/],
      [{ name: '', role: 'agent' }, 400, /name/],
      [{ name: 'Gus', role: 'owner' }, 400, /role/],
      [{ name: '<script>', role: 'agent' }, 400, /may hold letters/],
      [{ name: 'Gus', role: 'agent', extra: 1 }, 400, /extra/],
    ];
    for (const [body, status, message] of cases) {
      const answer = await harness.request('/api/keys', { method: 'POST', ...json(body) });
      expect(answer.status).toBe(status);
      expect(errorEnvelopeSchema.parse(answer.json).error.message).toMatch(message);
    }
    expect((await makeKey('Hal', 'agent')).status).toBe(201);
    const twin = await makeKey('hal', 'admin');
    expect(twin.status).toBe(409);
    expect((await harness.request('/api/keys/nope', { method: 'DELETE' })).status).toBe(404);
  });
});
