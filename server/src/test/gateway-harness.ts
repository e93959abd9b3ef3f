import { createHmac } from 'node:crypto';
import { contactBooksResponse } from '@crm/shared/missive/contacts';
import type { Role } from '@crm/shared/people';
import { parseRateLimits } from '@crm/shared/rate-limits';
import { createApp } from '../app';
import { People } from '../auth/people';
import { SessionTokens } from '../auth/sessions';
import { startEmulator, type RunningEmulator } from '../emulator/serve';
import { EventHub } from '../events/event-hub';
import { createGateway, type Gateway } from '../gateway/gateway';
import { listen, type Listening } from '../http/listen';
import { createMirror, type Mirror } from '../mirror/mirror';
import { startUpstreamProxy, type UpstreamProxy } from './upstream-proxy';
import type { StoreWithMirror } from '../store/sqlite-store';
import { openSharedState } from '../cluster/shared-state';
import type { SharedEngines } from './shared-engines';
import type { Backoff } from '../integrations/delivery-queue';
import { createIntegrations, type Integrations } from '../integrations/integrations';
import type { RegistryOptions } from '../integrations/registry';
import { SecretBox } from '../integrations/secret-box';
import { auditableWrites, handleWebhookEvent, recordWrite } from '../write-and-webhook-effects';

export const ACCESS_KEY = 'gateway-test-access-key-0123';
export const EMULATOR_TOKEN = 'emulator-token-that-must-never-leak';
export const WEBHOOK_SECRET = 'webhook-secret-for-the-tests-0123';
/** 32 bytes as hex: the key integration secrets are sealed with in tests. */
export const INTEGRATION_SECRETS_KEY = 'ab'.repeat(32);

export interface HarnessOptions {
  /** What the emulator enforces, like Missive. */
  emulatorLimits?: string;
  /** What the gateway keeps to; Missive's own limits by default. */
  gatewayLimits?: string;
  latencyMs?: number;
  queueTimeoutMs?: number;
  backgroundShare?: number;
  /** AGENT_BUDGET_SHARE; the background share when unset. */
  automationShare?: number;
  /** MCP_ATTACHMENT_MAX_BYTES; 1 MiB when unset. */
  mcpAttachmentMaxBytes?: number;
  cacheTtlMs?: number;
  /** Point the gateway somewhere other than the emulator (e.g. a failing stand-in). */
  upstreamBaseUrl?: string;
  /** How long the gateway waits for an answer from "Missive". */
  upstreamTimeoutMs?: number;
  /** Put a proxy between the gateway and the emulator, which tests can take down. */
  throughProxy?: boolean;
  mode?: 'demo' | 'live';
  clientDir?: string;
  /** Keep the store in this directory (SQLite file), to start again on it; in memory when unset. */
  dataDir?: string;
  /** GITHUB_WEBHOOK_SECRET / STRIPE_WEBHOOK_SECRET. */
  integrationSecrets?: RegistryOptions['environment'];
  /** Accept integration deliveries but post none (a gateway that died before posting). */
  holdIntegrationQueue?: boolean;
  /** How the integrations' queue waits between tries; quick by default, for tests. */
  integrationBackoff?: Backoff;
  /**
   * Share state as several instances do: the budget, cache and messages in
   * this Redis, the store in a new database on this PostgreSQL (see
   * sharedEnginesPerFile). Unset: in this process, the store in memory (or
   * in `dataDir`).
   */
  engines?: SharedEngines;
}

export interface GatewayHarness {
  base: string;
  emulator: RunningEmulator;
  gateway: Gateway;
  store: StoreWithMirror;
  mirror: Mirror;
  integrations: Integrations;
  hub: EventHub;
  people: People;
  /** An access key for a new person with this name and role. */
  keyFor: (name: string, role?: Role) => Promise<string>;
  /** The agent's key that `request(…, { agent })` uses, made on first use. */
  agentKey: (name: string) => Promise<string>;
  /**
   * Makes the agents' keys now: a key takes a slow hash to make, which
   * would otherwise spread a burst's requests out in time.
   */
  prepareAgents: (...names: string[]) => Promise<void>;
  /** Delivers `payload` to the webhook receiver as Missive would: JSON, signed with the secret. */
  deliverWebhook: (payload: unknown) => Promise<Answer>;
  /** The network to "Missive", when `throughProxy` was asked for. */
  proxy: UpstreamProxy | undefined;
  unexpected: unknown[];
  /** Requests the emulator admitted in its shortest window: what reached "Missive". */
  upstreamCalls: () => number;
  request: (
    path: string,
    /** `agent`: as that person, with an agent's key made for them on first use. */
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
  const gatewayLimits = parseRateLimits(options.gatewayLimits ?? limits);
  const budgetSettings = {
    limits: gatewayLimits,
    backgroundShare: options.backgroundShare ?? 0.3,
    ...(options.automationShare === undefined ? {} : { automationShare: options.automationShare }),
  };
  const engines = await options.engines?.forHarness();
  const shared = await openSharedState({
    store: engines
      ? { postgres: engines.databaseUrl }
      : options.dataDir
        ? { sqlite: options.dataDir }
        : 'memory',
    ...(engines
      ? { redis: { url: engines.redisUrl, prefix: engines.prefix, slotLeaseMs: 10_000 } }
      : {}),
    budget: budgetSettings,
    cacheTtlMs: options.cacheTtlMs ?? 15_000,
    onError,
  });
  const { store, bus } = shared;
  const hub = new EventHub(bus ? { bus } : {});
  const gateway = createGateway({
    ...shared.gateway,
    onError,
    beforeWrite: () => auditableWrites(store),
    baseUrl: options.upstreamBaseUrl ?? proxy?.baseUrl ?? emulator.baseUrl,
    token: EMULATOR_TOKEN,
    ...budgetSettings,
    queueTimeoutMs: options.queueTimeoutMs ?? 10_000,
    cacheTtlMs: options.cacheTtlMs ?? 15_000,
    ...(options.upstreamTimeoutMs === undefined
      ? {}
      : { upstreamTimeoutMs: options.upstreamTimeoutMs }),
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
  const people = await People.open({
    store: store.keys,
    bootstrapKey: ACCESS_KEY,
    onError,
    ...(bus ? { bus } : {}),
  });
  const integrations = createIntegrations({
    store: store.integrations,
    box: SecretBox.fromKey(INTEGRATION_SECRETS_KEY),
    environment: options.integrationSecrets ?? {},
    gateway,
    mirror: mirror.reader,
    hub,
    backoff: options.integrationBackoff ?? { firstMs: 50, maxMs: 200, attempts: 4 },
    onError,
  });
  const app = createApp({
    mode: options.mode ?? 'demo',
    version: '9.9.9',
    people,
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
    integrations,
    mcpAttachmentMaxBytes: options.mcpAttachmentMaxBytes ?? 1024 * 1024,
    ...(options.clientDir ? { clientDir: options.clientDir } : {}),
    onError,
  });
  const keyFor = async (name: string, role: Role = 'agent') =>
    (await people.create({ name, role }, { keyId: 'bootstrap', name: 'admin', role: 'admin' })).key;
  const agentKeys = new Map<string, Promise<string>>();
  const agentKey = (name: string) => {
    const known = agentKeys.get(name) ?? keyFor(name);
    agentKeys.set(name, known);
    return known;
  };
  const server: Listening = await listen(app, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${server.port}`;
  if (!options.holdIntegrationQueue) await integrations.queue.start();
  const request: GatewayHarness['request'] = async (path, init = {}) => {
    const { agent, key: given = ACCESS_KEY, ...rest } = init;
    const key = agent ? await agentKey(agent) : given;
    const headers = new Headers(rest.headers);
    if (key) headers.set('Authorization', `Bearer ${key}`);
    const response = await fetch(`${base}${path}`, { ...rest, headers });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: isJson ? (JSON.parse(text) as unknown) : null,
    };
  };
  return {
    base,
    emulator,
    gateway,
    store,
    mirror,
    integrations,
    hub,
    people,
    keyFor,
    agentKey,
    prepareAgents: async (...names) => {
      await Promise.all(names.map(agentKey));
    },
    proxy,
    unexpected,
    upstreamCalls: () => emulator.limiter.snapshot().windows[0]?.used ?? 0,
    request,
    deliverWebhook: (payload) => {
      const body = JSON.stringify(payload);
      return request('/webhooks/missive', {
        method: 'POST',
        key: null,
        headers: {
          'Content-Type': 'application/json',
          'X-Hook-Signature': createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex'),
        },
        body,
      });
    },
    stop: async () => {
      await Promise.all([mirror.sync.stop(), integrations.queue.stop()]);
      gateway.close();
      await server.close();
      await proxy?.close();
      await emulator.stop();
      people.close();
      await shared.close();
    },
  };
}

/** The seed's contact book shared with the whole organization, read through the gateway. */
export async function sharedContactBook(harness: GatewayHarness): Promise<string> {
  const books = contactBooksResponse.parse(
    (await harness.request('/api/missive/v1/contact_books')).json,
  );
  const shared = books.contact_books.find((book) => book.share_with_organization);
  if (!shared) throw new Error('the seed has no contact book shared with the organization');
  return shared.id;
}
