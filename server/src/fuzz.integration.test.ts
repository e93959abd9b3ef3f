import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditListResponse } from '@crm/shared/audit';
import { errorEnvelopeSchema, type ErrorCode } from '@crm/shared/errors';
import { healthSchema } from '@crm/shared/health';
import { contactSchema } from '@crm/shared/missive/contacts';
import { conversationSchema } from '@crm/shared/missive/conversations';
import {
  endpoints,
  missiveEndpoints,
  type EndpointDef,
  type EndpointName,
} from '@crm/shared/missive/endpoints';
import { usersResponse } from '@crm/shared/missive/people';
import type { EmulatorData } from './emulator/model';
import { renderContact, renderConversation } from './emulator/views';
import { fuzzRequests, knownRecords, type FuzzRequest, type InputKind } from './test/fuzz-requests';
import {
  ACCESS_KEY,
  EMULATOR_TOKEN,
  startGatewayHarness,
  type GatewayHarness,
} from './test/gateway-harness';

/**
 * Fuzzing the endpoint table's two implementations over real HTTP: the
 * gateway (the whole app, its proxy in front of the emulator) and the
 * emulator itself. Requests are generated from the table's own schemas,
 * valid, near-valid and hostile (see test/fuzz-requests.ts), and sent in
 * concurrent batches. Every answer must come within ANSWER_WITHIN_MS, never
 * be a 500, and be the shared error envelope whenever it is not a success;
 * afterwards both must still serve their data, intact.
 *
 * FUZZ_SEED replays a run (fast-check prints the seed of a failure);
 * FUZZ_RUNS sets the batches per target.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 1010);
const RUNS = Number(process.env.FUZZ_RUNS ?? 640);
/** Requests sent at once, so the handlers and the gateway's queue see concurrent work. */
const BATCH = 8;
/** Far longer than any honest answer takes here: a request unanswered by then hangs. */
const ANSWER_WITHIN_MS = 5000;
/** Per target: the run itself, and room for fast-check to shrink a failure. */
const TEST_TIMEOUT_MS = 60_000 + RUNS * BATCH * 20;

/** The 5xx a working server may answer when Missive is in trouble, and must then say so. */
const upstreamStatuses: ReadonlySet<number> = new Set([502, 503, 504]);
const upstreamCodes: ReadonlySet<ErrorCode> = new Set([
  'upstream_error',
  'upstream_unreachable',
  'upstream_timeout',
  'overloaded',
]);

/** Where the server's sources are: their path in an answer is a stack trace or a leak. */
const sourceRoot = fileURLToPath(new URL('.', import.meta.url));

interface Target {
  name: 'gateway' | 'emulator';
  port: number;
  /** What the table's paths are below. */
  prefix: string;
  authorization: string;
  table: Readonly<Record<EndpointName, EndpointDef>>;
  /** Wrong credentials throttle the gateway's one client address (see FuzzOptions). */
  wrongCredentials: boolean;
}

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness({
    // Generous limits: the fuzz is about inputs; the limiter has tests of its own.
    emulatorLimits: 'concurrent=10,1000000/60s',
    gatewayLimits: 'concurrent=5,1000000/60s',
  });
});

afterAll(async () => {
  await harness.stop();
  keepAlive.destroy();
  process.stdout.write(`${summary()}\n`);
});

function targets(): Target[] {
  const emulator = new URL(harness.emulator.baseUrl);
  return [
    {
      name: 'gateway',
      port: Number(new URL(harness.base).port),
      prefix: '/api/missive/v1',
      authorization: `Bearer ${ACCESS_KEY}`,
      table: endpoints,
      wrongCredentials: false,
    },
    {
      name: 'emulator',
      port: Number(emulator.port),
      prefix: emulator.pathname,
      authorization: `Bearer ${EMULATOR_TOKEN}`,
      table: missiveEndpoints,
      wrongCredentials: true,
    },
  ];
}

// ---- sending ----

interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
}

type Outcome =
  { answer: Answer; ms: number } | { hang: true; ms: number } | { cut: Error; ms: number };

const keepAlive = new Agent({ keepAlive: true, maxSockets: BATCH });

/**
 * Sends one request as generated, through node:http rather than fetch:
 * fetch would resolve `..` in the path, encode what is meant to go raw and
 * refuse a body on a GET.
 */
function send(target: Target, request: FuzzRequest): Promise<Outcome> {
  const headers: Record<string, string> = { ...request.headers };
  // Without it Node sends a GET's body unframed, and the server reads it as the next request.
  if (request.body !== undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(request.body));
  }
  if (!request.credential) headers.Authorization = target.authorization;
  else if ('header' in request.credential) headers.Authorization = request.credential.header;
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  return new Promise((resolve) => {
    // The deadline may pass before the answer starts or while its body comes: a hang either way.
    const failed = (error: Error) => {
      resolve(
        error.name === 'AbortError' ? { hang: true, ms: elapsed() } : { cut: error, ms: elapsed() },
      );
    };
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port: target.port,
        method: request.method,
        path: `${target.prefix}${request.path}`,
        headers,
        agent: keepAlive,
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          resolve({
            answer: {
              status: incoming.statusCode ?? 0,
              contentType: incoming.headers['content-type'],
              text: Buffer.concat(chunks).toString('utf8'),
            },
            ms: elapsed(),
          });
        });
        incoming.on('error', failed);
      },
    );
    outgoing.on('error', failed);
    outgoing.end(request.body);
  });
}

// ---- what every answer must be ----

function problemWith(target: Target, request: FuzzRequest, outcome: Outcome): string | undefined {
  if ('hang' in outcome) return `no answer within ${ANSWER_WITHIN_MS} ms`;
  if ('cut' in outcome) return `the connection failed without an answer: ${outcome.cut.message}`;
  const { status, contentType, text } = outcome.answer;
  if (text.includes(EMULATOR_TOKEN) || text.includes(sourceRoot)) {
    return `answered ${status} with the Missive token or a path of the server's sources: ${cut(text)}`;
  }
  const endpoint = target.table[request.endpoint];
  if (status >= 200 && status < 300) {
    // Only a valid request surely reached its endpoint: with a segment dropped
    // (`/tasks/`) or another method, a request may find another route.
    if (request.kind !== 'valid') return undefined;
    if (endpoint.response === null) {
      return status === 204 ? undefined : `answered ${status}, not 204`;
    }
    const checked = endpoint.response.safeParse(parseJson(text));
    return checked.success
      ? undefined
      : `answered ${status} outside its response schema: ${checked.error.message}`;
  }
  // Missive's own 404 with no body for a report that is not ready (see the analytics handler).
  if (
    status === 404 &&
    text === '' &&
    request.endpoint === 'getAnalyticsReport' &&
    request.method === 'GET'
  ) {
    return undefined;
  }
  if (!contentType?.startsWith('application/json')) {
    return `answered ${status} as ${contentType ?? 'no content type'}, not the JSON error envelope: ${cut(text)}`;
  }
  const envelope = errorEnvelopeSchema.safeParse(parseJson(text));
  if (!envelope.success) return `answered ${status} outside the error envelope: ${cut(text)}`;
  const { code, message } = envelope.data.error;
  if (
    status >= 500 &&
    !(upstreamStatuses.has(status) && code !== undefined && upstreamCodes.has(code))
  ) {
    return `answered ${status} (${code ?? 'no code'}): ${message}`;
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const cut = (text: string) => (text.length > 500 ? `${text.slice(0, 500)}…` : text);

// ---- counting ----

const tally = {
  sent: { gateway: 0, emulator: 0 },
  kinds: { valid: 0, 'near-valid': 0, hostile: 0 } satisfies Record<InputKind, number>,
  /** Valid inputs that succeeded, per target: the fuzz reaches the handlers, not only the validation. */
  validSucceeded: { gateway: 0, emulator: 0 },
  serverErrors: 0,
  hangs: 0,
  maxMs: 0,
};

function count(target: Target, request: FuzzRequest, outcome: Outcome): void {
  tally.sent[target.name] += 1;
  tally.kinds[request.kind] += 1;
  tally.maxMs = Math.max(tally.maxMs, outcome.ms);
  if ('hang' in outcome) tally.hangs += 1;
  if ('answer' in outcome) {
    const { status } = outcome.answer;
    if (status >= 500) tally.serverErrors += 1;
    if (request.kind === 'valid' && status >= 200 && status < 300) {
      tally.validSucceeded[target.name] += 1;
    }
  }
}

function summary(): string {
  const { sent, kinds, validSucceeded } = tally;
  return (
    `fuzz: ${sent.gateway + sent.emulator} inputs (gateway ${sent.gateway}, emulator ${sent.emulator}; ` +
    `valid ${kinds.valid}, near-valid ${kinds['near-valid']}, hostile ${kinds.hostile}; ` +
    `valid succeeded: gateway ${validSucceeded.gateway}, emulator ${validSucceeded.emulator}), ` +
    `${tally.serverErrors} × 5xx, ${tally.hangs} hangs, max ${Math.round(tally.maxMs)} ms, seed ${SEED}`
  );
}

// ---- the runs ----

/**
 * Webhooks the fuzz created are removed after each batch: every later write
 * would be delivered to each of them (and fail, see fuzz-requests.ts), a
 * cost that grows with the run and says nothing new.
 */
async function removeHooks(): Promise<void> {
  for (const hook of [...harness.emulator.state.data.hooks]) {
    const response = await fetch(`${harness.emulator.baseUrl}/hooks/${hook.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${EMULATOR_TOKEN}` },
    });
    expect(response.status).toBe(204);
  }
}

it.each(['gateway', 'emulator'] as const)(
  'the %s answers every generated request in time, never 500, and in the envelope when refusing',
  async (name) => {
    const target = targets().find((candidate) => candidate.name === name);
    if (!target) throw new Error(`no target ${name}`);
    const requests = fuzzRequests({
      table: target.table,
      known: knownRecords(harness.emulator.state.data),
      wrongCredentials: target.wrongCredentials,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(requests, { minLength: BATCH, maxLength: BATCH }),
        async (batch) => {
          // This batch's own: an earlier failure's must not fail every batch fast-check shrinks to.
          const unexpectedBefore = harness.unexpected.length;
          const outcomes = await Promise.all(batch.map((request) => send(target, request)));
          await removeHooks();
          const problems = batch.flatMap((request, index) => {
            const outcome = outcomes[index];
            if (!outcome) return [];
            count(target, request, outcome);
            const problem = problemWith(target, request, outcome);
            return problem ? [`${fc.stringify(request)}\n  → ${problem}`] : [];
          });
          expect(problems).toEqual([]);
          expect(harness.unexpected.slice(unexpectedBefore)).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  },
  TEST_TIMEOUT_MS,
);

it('leaves both serving their data, intact', async () => {
  expect(harness.unexpected).toEqual([]);
  // Most valid inputs reach a handler that does what they ask; a generator gone
  // wrong would send only requests the validation refuses, and prove nothing.
  expect(tally.validSucceeded.gateway).toBeGreaterThan(tally.sent.gateway * 0.1);
  expect(tally.validSucceeded.emulator).toBeGreaterThan(tally.sent.emulator * 0.1);

  const health = await harness.request('/api/health');
  expect(health.status).toBe(200);
  expect(healthSchema.parse(health.json)).toMatchObject({
    status: 'ok',
    upstream: { reachable: true },
  });

  // A read straight from Missive (no-cache), and the same read from the emulator, agree.
  const viaGateway = await harness.request('/api/missive/v1/users', {
    headers: { 'Cache-Control': 'no-cache' },
  });
  expect(viaGateway.status, viaGateway.text).toBe(200);
  const direct = await fetch(`${harness.emulator.baseUrl}/users`, {
    headers: { Authorization: `Bearer ${EMULATOR_TOKEN}` },
  });
  expect(usersResponse.parse(viaGateway.json)).toEqual(usersResponse.parse(await direct.json()));

  const audit = await harness.request('/api/audit');
  expect(audit.status, audit.text).toBe(200);
  auditListResponse.parse(audit.json);

  // No call left holding a slot: a leak would wedge the gateway once all five were taken.
  const limits = await harness.gateway.limits();
  expect(limits.budget.inFlight).toBe(0);
  expect(limits.queues.queued).toEqual({ interactive: 0, automation: 0, background: 0 });
  expect(harness.emulator.limiter.snapshot().inFlight).toBe(0);

  expectEmulatorDataIntact(harness.emulator.state.data);
});

/**
 * The emulator's records after thousands of writes: every index still finds
 * every record, and every conversation and contact still renders as
 * Missive's schema says.
 */
function expectEmulatorDataIntact(data: EmulatorData): void {
  const { state } = harness.emulator;
  for (const collection of Object.keys(data) as (keyof EmulatorData)[]) {
    for (const record of data[collection]) expect(state.get(collection, record.id)).toBe(record);
  }
  for (const collection of ['messages', 'comments', 'drafts', 'posts', 'tasks'] as const) {
    for (const record of data[collection])
      expect(state.of(collection, record.conversation)).toContain(record);
  }
  for (const conversation of data.conversations) {
    conversationSchema.parse(renderConversation(state, conversation));
  }
  for (const contact of data.contacts) {
    if (!contact.deleted) contactSchema.parse(renderContact(state, contact, { embed: true }));
  }
}
