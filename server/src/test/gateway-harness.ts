import { parseRateLimits } from '@crm/shared/rate-limits';
import { createApp } from '../app';
import { SessionTokens } from '../auth/sessions';
import { startEmulator, type RunningEmulator } from '../emulator/serve';
import { EventHub } from '../events/event-hub';
import { listen, type Listening } from '../http/listen';
import { createMirror, type Mirror } from '../mirror/mirror';
import { createGateway, type Gateway } from '../missive/gateway';
import { startUpstreamProxy, type UpstreamProxy } from './upstream-proxy';
import { openMemoryStore, type StoreWithMirror } from '../store/sqlite-store';
import { handleWebhookEvent, recordWrite } from '../wiring';

export const ACCESS_KEY = 'gateway-test-access-key-0123';
export const EMULATOR_TOKEN = 'emulator-token-that-must-never-leak';
export const WEBHOOK_SECRET = 'webhook-secret-for-the-tests-0123';

export interface HarnessOptions {
  /** What the emulator enforces, like Missive. */
  emulatorLimits?: string;
  /** What the gateway keeps to; Missive's own limits by default. */
  gatewayLimits?: string;
  latencyMs?: number;
  queueTimeoutMs?: number;
  backgroundShare?: number;
  cacheTtlMs?: number;
  /** Point the gateway somewhere other than the emulator (e.g. a failing stand-in). */
  upstreamBaseUrl?: string;
  /** Put a proxy between the gateway and the emulator, which tests can take down. */
  throughProxy?: boolean;
  mode?: 'demo' | 'live';
  clientDir?: string;
}

export interface GatewayHarness {
  base: string;
  emulator: RunningEmulator;
  gateway: Gateway;
  store: StoreWithMirror;
  mirror: Mirror;
  hub: EventHub;
  /** The network to "Missive", when `throughProxy` was asked for. */
  proxy: UpstreamProxy | undefined;
  unexpected: unknown[];
  /** Requests the emulator admitted in its shortest window: what reached "Missive". */
  upstreamCalls: () => number;
  request: (
    path: string,
    init?: RequestInit & { key?: string | null; agent?: string },
  ) => Promise<Answer>;
  stop: () => Promise<void>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** An emulator and the whole gateway in front of it, both on loopback ports of their own. */
export async function startGatewayHarness(options: HarnessOptions = {}): Promise<GatewayHarness> {
  const limits = options.emulatorLimits ?? 'concurrent=5,1000/60s';
  const emulator = await startEmulator({
    EMULATOR_TOKEN,
    EMULATOR_HOST: '127.0.0.1',
    EMULATOR_PORT: 0,
    EMULATOR_RATE_LIMITS: parseRateLimits(limits),
    EMULATOR_LATENCY_MS: options.latencyMs ?? 0,
    EMULATOR_REPORT_DELAY_MS: 0,
    EMULATOR_REPORT_TTL_MS: 60_000,
    EMULATOR_SEED: 1,
  });
  const proxy = options.throughProxy ? await startUpstreamProxy(emulator.baseUrl) : undefined;
  const unexpected: unknown[] = [];
  const onError = (error: unknown) => unexpected.push(error);
  const store = await openMemoryStore();
  const hub = new EventHub();
  const gatewayLimits = parseRateLimits(options.gatewayLimits ?? limits);
  const gateway = createGateway({
    baseUrl: options.upstreamBaseUrl ?? proxy?.baseUrl ?? emulator.baseUrl,
    token: EMULATOR_TOKEN,
    limits: gatewayLimits,
    backgroundShare: options.backgroundShare ?? 0.3,
    queueTimeoutMs: options.queueTimeoutMs ?? 10_000,
    cacheTtlMs: options.cacheTtlMs ?? 15_000,
    onWrite: (write) => recordWrite(store, write, onError, mirror.freshness),
  });
  const mirror = createMirror({
    store: store.mirror,
    gateway,
    limits: gatewayLimits,
    // Built but not started: tests run the sync when they want it, at the whole budget.
    budgetShare: 1,
    intervalMs: 60_000,
    onError,
  });
  const app = createApp({
    mode: options.mode ?? 'demo',
    version: '9.9.9',
    accessKey: ACCESS_KEY,
    sessions: new SessionTokens({ accessKey: ACCESS_KEY, ttlMs: 60_000 }),
    gateway,
    store,
    mirror: mirror.reader,
    threads: mirror.threads,
    context: { reader: mirror.reader, freshness: mirror.freshness },
    ...((options.mode ?? 'demo') === 'demo'
      ? { playground: { controlUrl: emulator.controlUrl, token: EMULATOR_TOKEN } }
      : {}),
    hub,
    webhookSecret: WEBHOOK_SECRET,
    onWebhookEvent: (event) =>
      handleWebhookEvent(event, { gateway, hub, mirror: mirror.freshness }),
    frameAncestors: "'self' https://mail.missiveapp.com",
    ...(options.clientDir ? { clientDir: options.clientDir } : {}),
    onError,
  });
  const server: Listening = await listen(app, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${server.port}`;
  return {
    base,
    emulator,
    gateway,
    store,
    mirror,
    hub,
    proxy,
    unexpected,
    upstreamCalls: () => emulator.limiter.snapshot().windows[0]?.used ?? 0,
    request: async (path, init = {}) => {
      const { key = ACCESS_KEY, agent, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (key) headers.set('Authorization', `Bearer ${key}`);
      if (agent) headers.set('X-Agent-Id', agent);
      const response = await fetch(`${base}${path}`, { ...rest, headers });
      const text = await response.text();
      const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
      return {
        status: response.status,
        headers: response.headers,
        text,
        json: isJson ? (JSON.parse(text) as unknown) : null,
      };
    },
    stop: async () => {
      await mirror.sync.stop();
      gateway.close();
      await server.close();
      await proxy?.close();
      await emulator.stop();
      await store.close();
    },
  };
}
