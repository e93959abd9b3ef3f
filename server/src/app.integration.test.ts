import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { endpoints } from '@crm/shared/missive/endpoints';
import { parseRateLimits } from '@crm/shared/rate-limits';
import { createApp } from './app';
import { listen, type Listening } from './http/listen';
import { startEmulator, type RunningEmulator } from './emulator/serve';
import { MissiveClient } from './missive/client';

const ACCESS_KEY = 'gateway-test-access-key-0123';
const EMULATOR_TOKEN = 'emulator-token-that-must-never-leak';

let emulator: RunningEmulator;
let gateway: Listening;
let base: string;
let clientDir: string;
const unexpected: unknown[] = [];

/** Requests the emulator admitted in its shortest window: what reached "Missive". */
function upstreamCalls(): number {
  return emulator.limiter.snapshot().windows[0]?.used ?? 0;
}

async function call(pathname: string, init: RequestInit & { key?: string | null } = {}) {
  const { key = ACCESS_KEY, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (key) headers.set('Authorization', `Bearer ${key}`);
  const response = await fetch(`${base}${pathname}`, { ...rest, headers });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: isJson ? (JSON.parse(text) as unknown) : null,
  };
}

beforeAll(async () => {
  emulator = await startEmulator({
    EMULATOR_TOKEN: EMULATOR_TOKEN,
    EMULATOR_HOST: '127.0.0.1',
    EMULATOR_PORT: 0,
    EMULATOR_RATE_LIMITS: parseRateLimits('concurrent=5,1000/60s'),
    EMULATOR_LATENCY_MS: 0,
    EMULATOR_REPORT_DELAY_MS: 0,
    EMULATOR_REPORT_TTL_MS: 60_000,
    EMULATOR_SEED: 1,
  });
  clientDir = mkdtempSync(path.join(tmpdir(), 'crm-client-'));
  writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Missive CRM</title>');
  const app = createApp({
    mode: 'demo',
    version: '9.9.9',
    accessKey: ACCESS_KEY,
    client: new MissiveClient({ baseUrl: emulator.baseUrl, token: EMULATOR_TOKEN }),
    frameAncestors: "'self' https://mail.missiveapp.com",
    clientDir,
    onError: (error) => unexpected.push(error),
  });
  gateway = await listen(app, 0, '127.0.0.1');
  base = `http://127.0.0.1:${gateway.port}`;
});

afterAll(async () => {
  await gateway.close();
  await emulator.stop();
  rmSync(clientDir, { recursive: true, force: true });
  expect(unexpected).toEqual([]);
});

describe('the gateway in demo mode', () => {
  it('answers the health check without a key, upstream reachable', async () => {
    const health = await call('/api/health', { key: null });
    expect(health.status).toBe(200);
    expect(health.json).toEqual({
      status: 'ok',
      mode: 'demo',
      version: '9.9.9',
      upstream: { reachable: true },
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

  it("passes Missive's own refusals on with its message", async () => {
    const response = await call('/api/missive/v1/conversations/does-not-exist');
    expect(response.status).toBe(404);
    expect(errorEnvelopeSchema.parse(response.json).error.message).toMatch(
      /conversation "does-not-exist" was not found/,
    );
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
});

describe('the gateway with Missive out of reach', () => {
  it('answers 502 with a message a person can act on', async () => {
    const app = createApp({
      mode: 'live',
      version: '0.0.0',
      accessKey: ACCESS_KEY,
      // Port 9 (discard) on loopback: nothing listens, the connection is refused.
      client: new MissiveClient({ baseUrl: 'http://127.0.0.1:9/v1', token: 'x'.repeat(20) }),
      frameAncestors: "'self'",
      onError: (error) => unexpected.push(error),
    });
    const server = await listen(app, 0, '127.0.0.1');
    const origin = `http://127.0.0.1:${server.port}`;
    try {
      const response = await fetch(`${origin}/api/missive/v1/users`, {
        headers: { Authorization: `Bearer ${ACCESS_KEY}` },
      });
      expect(response.status).toBe(502);
      const { error } = errorEnvelopeSchema.parse(await response.json());
      expect(error.code).toBe('upstream_error');
      expect(error.message).toMatch(/could not be reached/);
      const health = await fetch(`${origin}/api/health`);
      expect(await health.json()).toMatchObject({ mode: 'live', upstream: { reachable: false } });
    } finally {
      await server.close();
    }
  });
});
