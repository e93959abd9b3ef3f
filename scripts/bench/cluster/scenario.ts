/**
 * Several gateway instances on one Missive token (issue #14): real gateway
 * processes on one emulator at Missive's real limits, sharing Redis and
 * PostgreSQL (or one embedded gateway, to compare), a team of agents reading
 * through them with a live-event stream each, webhooks delivered twice (to
 * two instances, as a redelivery would land), and optionally one instance
 * SIGKILLed mid-burst. The multi-instance integration test runs it short;
 * `npm run bench -- cluster` runs it long, once per shape, side by side.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { limitsReportSchema } from '@crm/shared/limits';
import { contactBooksResponse, contactsResponse } from '@crm/shared/missive/contacts';
import { webhookEventListResponse } from '@crm/shared/webhook-events';
import { conversationsResponse, type Conversation } from '@crm/shared/missive/conversations';
import { createAccessKeyResponse, sessionResponseSchema } from '@crm/shared/people';
import { startPostgres, startRedis, freePort } from '../../../server/src/test/engines';
import { BENCH_TOKEN, MISSIVE_LIMITS, startBenchEmulator } from '../../bench-missive';
import { percentile } from '../../bench-stats';
import {
  startGateway,
  stopGateways,
  waitUntilReady,
  type GatewayInstance,
} from '../../cluster/gateways';
import { connectRedis } from '../../../server/src/cluster/redis-connection';
import { LiveStream } from './live-stream';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const ACCESS_KEY = 'cluster-bench-access-key-0123';
const WEBHOOK_SECRET = 'cluster-bench-webhook-secret-0123';

export interface ClusterScenarioOptions {
  instances: number;
  /** Redis and PostgreSQL; false: one embedded gateway (in-process budget, SQLite). */
  shared: boolean;
  agents: number;
  durationMs: number;
  /** Each agent's pause between reads. */
  thinkMs: number;
  /** The emulator's answer time: what keeps requests in flight. */
  latencyMs: number;
  /** SIGKILL the first instance this long into the burst. */
  killAtMs?: number;
  slotLeaseMs: number;
  /** Distinct webhook deliveries, each sent to two instances; half before a kill, half after. */
  webhooks: number;
  log: (line: string) => void;
}

export interface ClusterScenarioResult {
  shape: string;
  reads: number;
  served: number;
  servedShare: number;
  p50Ms: number;
  p95Ms: number;
  /** Over the instances alive at the end (a dead one's counters died with it). */
  cacheHitRate: number;
  /** Answers by status (and "refused" for a connection to a dead instance). */
  answers: Record<string, number>;
  /** What "Missive" saw: 429s it answered, the most requests at once, the windows' use. */
  upstream: {
    rejected429: number;
    peakInFlight: number;
    concurrent: number;
    windowsUsed: number[];
  };
  webhooks: {
    sent: number;
    /** Stored once each whatever the number of deliveries (the store's events). */
    stored: number;
    /** Events a stream received more than once: a webhook processed twice. */
    duplicates: number;
  };
  streams: {
    clients: number;
    reconnected: number;
    /** Events of the webhooks after the kill that a stream never received, over every stream. */
    missedAfterKill: number;
    withoutEventsAfterReconnect: number;
  };
  kill?: {
    /** Reads served by the surviving instances after the kill, and refused by them. */
    servedAfter: number;
    failedAfter: number;
    /** The dead instance's slots in Redis: held at the kill, how long past it, and counted once the lease had run out. */
    deadSlots: DeadSlots;
  };
}

interface Read {
  at: number;
  ms: number;
  answer: string;
}

function sign(body: string): string {
  return createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex');
}

async function json(
  url: string,
  init: RequestInit & { key: string },
): Promise<{ status: number; body: unknown }> {
  const { key, ...rest } = init;
  const headers = new Headers(rest.headers);
  headers.set('Authorization', `Bearer ${key}`);
  if (rest.body) headers.set('Content-Type', 'application/json');
  const response = await fetch(url, { ...rest, headers });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

export async function runClusterScenario(
  options: ClusterScenarioOptions,
): Promise<ClusterScenarioResult> {
  const { log } = options;
  const shape = `${options.instances} × gateway, ${options.shared ? 'Redis + PostgreSQL' : 'embedded'}${options.killAtMs === undefined ? '' : ', one SIGKILLed'}`;
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const emulator = await startBenchEmulator(MISSIVE_LIMITS, options.latencyMs);
    cleanups.push(() => emulator.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'crm-cluster-'));
    cleanups.push(() => {
      rmSync(dataDir, { recursive: true, force: true });
      return Promise.resolve();
    });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      MISSIVE_API_TOKEN: BENCH_TOKEN,
      MISSIVE_API_BASE_URL: emulator.baseUrl,
      MISSIVE_RATE_LIMITS: MISSIVE_LIMITS,
      MISSIVE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      APP_ACCESS_KEY: ACCESS_KEY,
      INTEGRATION_SECRETS_KEY: 'cd'.repeat(32),
      DATA_DIR: dataDir,
      SHUTDOWN_GRACE_MS: '2000',
    };
    let redisUrl: string | undefined;
    if (options.shared) {
      const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
      cleanups.push(
        () => redis.stop(),
        () => postgres.stop(),
      );
      env.REDIS_URL = redis.url;
      redisUrl = redis.url;
      env.REDIS_SLOT_LEASE_MS = String(options.slotLeaseMs);
      env.DATABASE_URL = await postgres.createDatabase('crm');
    }
    const instances: GatewayInstance[] = [];
    cleanups.push(() => stopGateways(instances, 5000));
    for (let index = 0; index < options.instances; index++) {
      instances.push(
        startGateway({
          name: `gateway ${index + 1}`,
          label: `[gateway ${index + 1}] `,
          args: ['--import', 'tsx', join(root, 'server/src/index.ts')],
          cwd: root,
          port: await freePort(),
          // Without a shared store each instance has its own (the naive scale-out).
          env: options.shared ? env : { ...env, DATA_DIR: join(dataDir, `instance-${index + 1}`) },
        }),
      );
    }
    // One at a time: each migrates the same database and takes its locks.
    for (const instance of instances) await waitUntilReady(instance);
    const alive = new Set(instances);
    const first = instances[0];
    if (!first) throw new Error('at least one instance is needed');

    const agents = options.shared
      ? await prepareAgents(first, options.agents, instances)
      : // Instances that share nothing do not share keys either: everyone uses the admin's.
        await Promise.all(
          Array.from({ length: options.agents }, (_, index) =>
            openSession(instances[index % instances.length] ?? first, ACCESS_KEY),
          ),
        );
    const hotConversations = conversationsResponse.parse(
      (
        await json(`${first.url}/api/missive/v1/conversations?all=true&limit=20`, {
          key: ACCESS_KEY,
        })
      ).body,
    ).conversations;
    const hot = hotConversations.map((conversation) => conversation.id);
    const books = contactBooksResponse.parse(
      (await json(`${first.url}/api/missive/v1/contact_books`, { key: ACCESS_KEY })).body,
    ).contact_books;
    const book = books.find((candidate) => candidate.share_with_organization) ?? books[0];
    if (!book) throw new Error('the emulator has no contact book');
    const contacts = contactsResponse
      .parse(
        (
          await json(`${first.url}/api/missive/v1/contacts?contact_book=${book.id}&limit=200`, {
            key: ACCESS_KEY,
          })
        ).body,
      )
      .contacts.map((contact) => contact.id);
    const pick = <T>(list: readonly T[]): T => {
      const item = list[Math.floor(Math.random() * list.length)];
      if (item === undefined) throw new Error('nothing to pick from');
      return item;
    };
    const next = (after: GatewayInstance): GatewayInstance => {
      const order = [...instances.slice(instances.indexOf(after) + 1), ...instances];
      const live = order.find((instance) => alive.has(instance));
      if (!live) throw new Error('no instance is left');
      return live;
    };

    const streams = agents.map(
      (agent) => new LiveStream({ token: agent.token, instance: agent.instance, next, log }),
    );
    cleanups.push(async () => {
      for (const stream of streams) stream.close();
      await Promise.resolve();
    });
    await Promise.all(streams.map((stream) => stream.opened()));

    const started = Date.now();
    const reads: Read[] = [];
    let killedAt: number | undefined;
    let slotWatch: Promise<DeadSlots> | undefined;
    // As Missive delivers them: the conversation in full, which the mirror
    // stores without a call (a bare id would cost a background read).
    const webhookConversations = hotConversations.slice(0, options.webhooks);
    const webhookIds = webhookConversations.map((conversation) => conversation.id);
    const half = Math.ceil(webhookIds.length / 2);
    const deliveries = deliverWebhooks({
      conversations: webhookConversations,
      // Before the kill, then after it once the streams have moved.
      at: (index) =>
        index < half || options.killAtMs === undefined
          ? ((index + 1) * (options.killAtMs ?? options.durationMs)) / (half + 1)
          : options.killAtMs +
            2000 +
            ((index - half) * (options.durationMs - options.killAtMs - 2000)) /
              (webhookIds.length - half + 1),
      started,
      targets: () => [...alive],
    });
    const kill =
      options.killAtMs === undefined
        ? Promise.resolve()
        : sleep(options.killAtMs).then(() => {
            killedAt = Date.now();
            alive.delete(first);
            first.child.kill('SIGKILL');
            if (redisUrl)
              slotWatch = watchDeadSlots(redisUrl, first.pid, killedAt, options.slotLeaseMs);
            log(`  killed ${first.name} (pid ${first.pid}) at ${options.killAtMs} ms`);
          });
    await Promise.all([
      kill,
      deliveries,
      ...agents.map(async (agent) => {
        let instance = agent.instance;
        while (Date.now() - started < options.durationMs) {
          const path =
            Math.random() < 0.7 ? `conversations/${pick(hot)}` : `contacts/${pick(contacts)}`;
          const at = Date.now();
          const answer = await fetch(`${instance.url}/api/missive/v1/${path}`, {
            headers: { Authorization: `Bearer ${agent.key}` },
          }).then(
            async (response) => {
              await response.arrayBuffer();
              return String(response.status);
            },
            () => 'refused',
          );
          reads.push({ at, ms: Date.now() - at, answer });
          // A load balancer sends the next request elsewhere.
          if (answer === 'refused') instance = next(instance);
          await sleep(options.thinkMs * (0.5 + Math.random()));
        }
      }),
    ]);

    // Every event of the last webhooks has had time to arrive.
    await sleep(1000);
    const survivor = [...alive][0];
    const deadSlots = await slotWatch;
    let hits = 0;
    let lookups = 0;
    for (const instance of alive) {
      const { cache } = limitsReportSchema.parse(
        (await json(`${instance.url}/api/limits`, { key: ACCESS_KEY })).body,
      );
      hits += cache.hits;
      lookups += cache.hits + cache.misses;
    }
    const stored = survivor
      ? await json(`${survivor.url}/api/webhook-events?limit=500`, { key: ACCESS_KEY })
      : undefined;
    // Every stored event of these conversations, not a set of them: one stored twice counts twice.
    const storedEvents = (stored ? webhookEventListResponse.parse(stored.body).events : []).filter(
      (event) => event.conversationId !== null && webhookIds.includes(event.conversationId),
    );

    const limiter = emulator.limiter.snapshot();
    const served = reads.filter((read) => read.answer.startsWith('2'));
    const latencies = served.map((read) => read.ms).sort((a, b) => a - b);
    const answers: Record<string, number> = {};
    for (const read of reads) answers[read.answer] = (answers[read.answer] ?? 0) + 1;
    const afterKill =
      killedAt === undefined
        ? []
        : reads.filter((read) => read.at > (killedAt ?? 0) && read.answer !== 'refused');
    const postKillIds = webhookIds.slice(half);
    return {
      shape,
      reads: reads.length,
      served: served.length,
      servedShare: reads.length ? served.length / reads.length : 0,
      p50Ms: percentile(latencies, 0.5),
      p95Ms: percentile(latencies, 0.95),
      cacheHitRate: lookups ? hits / lookups : 0,
      answers,
      upstream: {
        rejected429: limiter.rejected,
        peakInFlight: limiter.peakInFlight,
        concurrent: 5,
        windowsUsed: limiter.windows.map((window) => window.used),
      },
      webhooks: {
        sent: webhookIds.length,
        stored: storedEvents.length,
        duplicates: streams.reduce((total, stream) => total + stream.duplicates(webhookIds), 0),
      },
      streams: {
        clients: streams.length,
        reconnected: streams.filter((stream) => stream.reconnections > 0).length,
        missedAfterKill: streams.reduce(
          (total, stream) => total + postKillIds.filter((id) => !stream.heard(id)).length,
          0,
        ),
        withoutEventsAfterReconnect: streams.filter(
          (stream) => stream.reconnections > 0 && postKillIds.some((id) => !stream.heard(id)),
        ).length,
      },
      ...(killedAt === undefined
        ? {}
        : {
            kill: {
              servedAfter: afterKill.filter((read) => read.answer.startsWith('2')).length,
              failedAfter: afterKill.filter((read) => !read.answer.startsWith('2')).length,
              deadSlots: deadSlots ?? { atKill: 0, longestMs: 0, afterLease: 0 },
            },
          }),
    };
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => {
        log(`  cleanup: ${String(error)}`);
      });
    }
  }
}

interface Agent {
  key: string;
  token: string;
  instance: GatewayInstance;
}

/** Keys made on one instance, sessions opened on each agent's own (the keys reach it through the bus). */
async function prepareAgents(
  admin: GatewayInstance,
  count: number,
  instances: readonly GatewayInstance[],
): Promise<Agent[]> {
  const agents: Agent[] = [];
  for (let index = 0; index < count; index++) {
    const made = await json(`${admin.url}/api/keys`, {
      key: ACCESS_KEY,
      method: 'POST',
      body: JSON.stringify({
        name: `agent ${index + 1} ${randomBytes(2).toString('hex')}`,
        role: 'agent',
      }),
    });
    const { key } = createAccessKeyResponse.parse(made.body);
    agents.push(await openSession(instances[index % instances.length] ?? admin, key));
  }
  return agents;
}

/** A session on the instance, once it knows the key (keys reach the others through the bus). */
async function openSession(instance: GatewayInstance, key: string): Promise<Agent> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const session = await json(`${instance.url}/api/session`, {
      key,
      method: 'POST',
      body: JSON.stringify({ key }),
    });
    if (session.status === 201) {
      return { key, token: sessionResponseSchema.parse(session.body).token, instance };
    }
    await sleep(100);
  }
  throw new Error(`${instance.name} never accepted a key`);
}

/** Each webhook to two live instances at its time: Missive redelivering to whichever answers. */
async function deliverWebhooks({
  conversations,
  at,
  started,
  targets,
}: {
  conversations: readonly Conversation[];
  at: (index: number) => number;
  started: number;
  targets: () => GatewayInstance[];
}): Promise<void> {
  for (const [index, conversation] of conversations.entries()) {
    await sleep(Math.max(0, started + at(index) - Date.now()));
    const body = JSON.stringify({
      rule: { id: 'cluster-rule', description: 'cluster bench', type: 'new_comment' },
      conversation,
    });
    const live = targets();
    // The same bytes to two instances (one, when only one is left).
    const twice = new Set([live[index % live.length], live[(index + 1) % live.length]]);
    await Promise.all(
      [...twice].flatMap((instance) =>
        instance
          ? [
              fetch(`${instance.url}/webhooks/missive`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', 'X-Hook-Signature': sign(body) },
                body,
              }).then((response) => response.arrayBuffer()),
            ]
          : [],
      ),
    );
  }
}

export interface DeadSlots {
  /** The dead instance's slots in the budget right after the kill. */
  atKill: number;
  /** How long after the kill the latest of them was still leased. */
  longestMs: number;
  /** Those still leased once the lease had run out (a leak). */
  afterLease: number;
}

/**
 * Reads the budget's slots in Redis from the kill until a second past the
 * lease: the dead instance's tickets (they name its pid) must lapse with
 * their lease, since nobody renews or releases them.
 */
async function watchDeadSlots(
  url: string,
  pid: number,
  killedAt: number,
  leaseMs: number,
): Promise<DeadSlots> {
  const redis = await connectRedis(url, { name: 'cluster-bench-watch', onError: () => undefined });
  const key = 'missive-crm:{budget}:slots';
  const dead = (member: string) => member.split(':')[1]?.endsWith(`-${pid}`) ?? false;
  const seen: DeadSlots = { atKill: -1, longestMs: 0, afterLease: 0 };
  try {
    while (Date.now() < killedAt + leaseMs + 1000) {
      const flat = await redis.zrange(key, 0, -1, 'WITHSCORES');
      const now = Date.now();
      const leases: number[] = [];
      for (let index = 0; index + 1 < flat.length; index += 2) {
        const member = flat[index] ?? '';
        if (dead(member)) leases.push(Number(flat[index + 1]));
      }
      if (seen.atKill < 0) seen.atKill = leases.length;
      for (const lease of leases) seen.longestMs = Math.max(seen.longestMs, lease - killedAt);
      if (now > killedAt + leaseMs + 200) {
        seen.afterLease = Math.max(seen.afterLease, leases.filter((lease) => lease > now).length);
      }
      await sleep(100);
    }
  } finally {
    redis.disconnect();
  }
  return { ...seen, atKill: Math.max(0, seen.atKill) };
}
