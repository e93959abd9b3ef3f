import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { endpoints } from '@crm/shared/missive/endpoints';
import {
  ACCESS_KEY,
  EMULATOR_TOKEN,
  startGatewayHarness,
  type GatewayHarness,
} from './test/gateway-harness';

let harness: GatewayHarness;
let clientDir: string;

/** Requests the emulator admitted: what reached "Missive". */
const upstreamCalls = () => harness.upstreamCalls();
const call = (path: string, init?: Parameters<GatewayHarness['request']>[1]) =>
  harness.request(path, init);

beforeAll(async () => {
  clientDir = mkdtempSync(path.join(tmpdir(), 'crm-client-'));
  writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Missive CRM</title>');
  harness = await startGatewayHarness({ clientDir });
});

afterAll(async () => {
  await harness.stop();
  rmSync(clientDir, { recursive: true, force: true });
  expect(harness.unexpected).toEqual([]);
});

describe('the gateway in demo mode', () => {
  it('answers the health check without a key, upstream reachable', async () => {
    const health = await call('/api/health', { key: null });
    expect(health.status).toBe(200);
    expect(health.json).toEqual({
      status: 'ok',
      mode: 'demo',
      version: '9.9.9',
      upstream: { reachable: true, circuit: 'closed', unreachable_since: null, retry_at: null },
    });
  });

  it('proxies a declared endpoint to the emulator over HTTP', async () => {
    const response = await call('/api/missive/v1/conversations?inbox=true&limit=5');
    expect(response.status).toBe(200);
    const body = endpoints.listConversations.response.parse(response.json);
    expect(body.conversations.length).toBeGreaterThanOrEqual(5);
  });

  it('refuses a missing or wrong key with the envelope, sending nothing upstream', async () => {
    const before = upstreamCalls();
    for (const key of [null, 'wrong-key', EMULATOR_TOKEN]) {
      const response = await call('/api/missive/v1/organizations', { key });
      expect(response.status).toBe(401);
      expect(errorEnvelopeSchema.parse(response.json).error.message).toMatch(/access key/);
    }
    expect(upstreamCalls()).toBe(before);
  });

  it('answers 404 for undeclared paths and methods, sending nothing upstream', async () => {
    const before = upstreamCalls();
    for (const [method, pathname] of [
      ['GET', '/api/missive/v1/secrets'],
      ['DELETE', '/api/missive/v1/contacts/abc'],
      ['PUT', '/api/missive/v1/organizations'],
      ['GET', '/api/missive/v1/../../v1/users'],
    ] as const) {
      const response = await call(pathname, { method });
      expect(response.status, `${method} ${pathname}`).toBe(404);
      errorEnvelopeSchema.parse(response.json);
    }
    expect(upstreamCalls()).toBe(before);
  });

  it('validates input with the shared schemas before anything is sent', async () => {
    const before = upstreamCalls();
    const response = await call('/api/missive/v1/contacts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ contacts: [{ contact_book: 'b1', email: 'a@b.co' }] }),
    });
    expect(response.status).toBe(400);
    expect(errorEnvelopeSchema.parse(response.json).error.message).toMatch(
      /unknown contact field "email"/,
    );
    const malformed = await call('/api/missive/v1/contacts', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"contacts": [',
    });
    expect(malformed.status).toBe(400);
    expect(upstreamCalls()).toBe(before);
  });

  it("passes Missive's own refusals on with its message and code", async () => {
    const response = await call('/api/missive/v1/conversations/does-not-exist');
    expect(response.status).toBe(404);
    const { error } = errorEnvelopeSchema.parse(response.json);
    expect(error.message).toMatch(/conversation "does-not-exist" was not found/);
    expect(error.code).toBe('not_found');
  });

  it('never shows the Missive token in an answer', async () => {
    const answers = await Promise.all([
      call('/api/health', { key: null }),
      call('/api/missive/v1/users'),
      call('/api/missive/v1/nope'),
      call('/'),
    ]);
    for (const answer of answers) {
      expect(answer.text).not.toContain(EMULATOR_TOKEN);
      expect(JSON.stringify([...answer.headers.entries()])).not.toContain(EMULATOR_TOKEN);
    }
  });

  it('lets Missive frame pages but nobody frame the API', async () => {
    const page = await call('/sidebar', { key: null });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Missive CRM');
    expect(page.headers.get('content-security-policy')).toContain(
      "frame-ancestors 'self' https://mail.missiveapp.com",
    );
    expect(page.headers.get('x-frame-options')).toBeNull();
    const api = await call('/api/health', { key: null });
    expect(api.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('answers a code chunk a deploy replaced with 404, not the page', async () => {
    const chunk = await call('/assets/index-OLDHASH.js', { key: null });
    expect(chunk.status).toBe(404);
    expect(chunk.text).not.toContain('Missive CRM');
  });
});

describe('hostile requests', () => {
  it('answers a malformed percent-encoding with 400, not a 500', async () => {
    const before = upstreamCalls();
    for (const pathname of ['/api/missive/v1/contacts/%zz', '/api/context/%E0%A4%A']) {
      const response = await call(pathname);
      expect(response.status).toBe(400);
      expect(errorEnvelopeSchema.parse(response.json).error.message).toMatch(/percent-encod/);
    }
    expect(upstreamCalls()).toBe(before);
  });

  it('refuses an id with spaces around it rather than forwarding it', async () => {
    const before = upstreamCalls();
    for (const pathname of ['/api/missive/v1/contacts/%20c1', '/api/missive/v1/contacts/c1%0A']) {
      const response = await call(pathname);
      expect(response.status).toBe(400);
      expect(errorEnvelopeSchema.parse(response.json).error.message).toMatch(/may hold only/);
    }
    expect(upstreamCalls()).toBe(before);
  });

  it('refuses JSON nested deeper than any Missive body with the envelope, never HTML', async () => {
    const deep = `${'['.repeat(1000)}${']'.repeat(1000)}`;
    for (const pathname of ['/api/missive/v1/contacts', '/api/context/c1', '/api/session']) {
      const response = await call(pathname, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: deep,
      });
      expect(response.status).toBe(400);
      expect(errorEnvelopeSchema.parse(response.json).error.message).toMatch(/nested/);
    }
  });

  it('tells browsers and proxies to keep no copy of an API answer', async () => {
    for (const pathname of [
      '/api/missive/v1/users',
      '/api/sync',
      '/api/limits',
      '/api/audit',
      '/api/webhook-events',
      '/api/health',
    ]) {
      const response = await call(pathname);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('guessing the access key', () => {
  it('is refused with 429 and Retry-After after ten wrong keys, even for the right one', async () => {
    // A harness of its own: the lockout is per address, and every test comes from 127.0.0.1.
    const guessed = await startGatewayHarness();
    try {
      const exchange = (key: string) =>
        guessed.request('/api/session', {
          key: null,
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ key }),
        });
      for (let guess = 0; guess < 10; guess++) {
        expect((await exchange(`guess-${String(guess)}-0123456789abcdef`)).status).toBe(401);
      }
      const locked = await exchange(ACCESS_KEY);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(errorEnvelopeSchema.parse(locked.json).error.message).toMatch(
        /^Too many wrong access keys from this address: try again in \d+ s$/,
      );
      // The API refuses it too, whatever credential it carries.
      expect((await guessed.request('/api/limits')).status).toBe(429);
    } finally {
      await guessed.stop();
    }
  });
});
