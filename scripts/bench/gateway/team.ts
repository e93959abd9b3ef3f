/**
 * The gateway benchmark's load model: a team of agents, each switching
 * conversations on their own clock and signed in with a key of their own,
 * and (in the old design) a contact walker syncing beside them, run against
 * one target for the run's length. What each request and switch took is
 * kept as samples; results.ts turns them into the run's figures.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { contactListResponse } from '@crm/shared/missive/contacts';
import type { Catalog, CatalogConversation } from '../../bench-missive';
import { createRng, subtractCounts } from '../../bench-stats';
import type { GatewayBenchOptions } from './options';
import { summariseMode, type ModeResult } from './results';
import { limiterCounts, tapUpstream, type BenchRequest, type Mode, type Target } from './targets';

/** Mostly anywhere in the mailbox, sometimes one of the conversations everyone is on. */
export function pickConversation(
  rng: () => number,
  conversations: readonly CatalogConversation[],
  options: Pick<GatewayBenchOptions, 'popularShare' | 'popularCount'>,
): CatalogConversation {
  const pool =
    rng() < options.popularShare ? conversations.slice(0, options.popularCount) : conversations;
  const picked = pool[Math.floor(rng() * pool.length)];
  if (!picked) throw new Error('no conversation to pick from');
  return picked;
}

type Lane = 'interactive' | 'background';

interface Sample {
  lane: Lane;
  status: number;
  ms: number;
  /** X-Gateway-Source: cache, coalesced or upstream; null through the naive proxy and for context answers. */
  source: string | null;
}

interface SwitchSample {
  ms: number;
  /** Every read answered 2xx: the sidebar showed everything. */
  complete: boolean;
  reads: number;
}

interface Answer {
  sample: Sample;
  body: string;
  retryAfter: string | null;
}

export interface RunContext {
  options: GatewayBenchOptions;
  catalog: Catalog;
  target: Target;
  endAt: number;
  samples: Sample[];
  switches: SwitchSample[];
}

/** One timed request; the time runs until the whole body has arrived. Undefined if aborted. */
async function timedRequest(
  run: RunContext,
  request: BenchRequest,
  agent: string,
  lane: Lane,
  signal?: AbortSignal,
): Promise<Answer | undefined> {
  // Each agent signs in with a key of their own: the gateway's fairness is per person.
  const headers: Record<string, string> = {
    Authorization: `Bearer ${await run.target.keyOf(agent)}`,
  };
  if (lane === 'background') headers['X-Priority'] = 'background';
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  const started = performance.now();
  let answer: Omit<Answer, 'sample'> & { status: number; source: string | null };
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.body ?? null,
      signal: signal ?? null,
    });
    answer = {
      status: response.status,
      body: await response.text(),
      source: response.headers.get('x-gateway-source'),
      retryAfter: response.headers.get('retry-after'),
    };
  } catch {
    if (signal?.aborted) return undefined;
    // Could not connect or the connection broke: a failure the agent sees.
    answer = { status: 0, body: '', source: null, retryAfter: null };
  }
  const sample: Sample = {
    lane,
    status: answer.status,
    ms: performance.now() - started,
    source: answer.source,
  };
  run.samples.push(sample);
  return { sample, body: answer.body, retryAfter: answer.retryAfter };
}

const agentName = (index: number) => `agent-${index + 1}`;
/** Who the old design's contact walker signs in as. */
const SYNC_WALKER = 'contact-sync';

async function runAgent(run: RunContext, index: number): Promise<void> {
  const { options, catalog, target } = run;
  const rng = createRng(options.seed * 1000 + index);
  const agent = agentName(index);
  const [minThink, maxThink] = options.thinkMs;
  // The team is mid-shift, not all clicking at the same instant.
  await sleep(rng() * minThink);
  while (performance.now() < run.endAt) {
    const conversation = pickConversation(rng, catalog.conversations, options);
    const requests = target.switchRequests(conversation, catalog.sharedBooks);
    const started = performance.now();
    const answers = await Promise.all(
      requests.map((request) => timedRequest(run, request, agent, 'interactive')),
    );
    run.switches.push({
      ms: performance.now() - started,
      complete: answers.every(
        (answer) =>
          answer !== undefined && answer.sample.status >= 200 && answer.sample.status < 300,
      ),
      reads: requests.length,
    });
    const think = minThink + rng() * (maxThink - minThink);
    if (performance.now() + think >= run.endAt) return;
    await sleep(think);
  }
}

const SYNC_PAGE = 200;
/**
 * Between passes over the books. Without it the walker, answered from the
 * gateway's cache within the TTL, would spin as fast as the CPU allows and
 * the benchmark would measure its own loop instead of the agents' reads.
 */
const SYNC_PASS_PAUSE_MS = 1000;

/**
 * The old design's contact sync, walking every shared book page after page
 * for the whole run. Like any well-behaved job it waits out a 429 or 503 as
 * told, so the naive mode is not flooded with refusals a real job would not send.
 */
async function runSyncWalker(run: RunContext, apiBase: string, signal: AbortSignal): Promise<void> {
  const books = run.catalog.sharedBooks;
  let bookIndex = 0;
  let offset = 0;
  try {
    while (!signal.aborted) {
      const book = books[bookIndex] ?? '';
      const url = `${apiBase}/contacts?contact_book=${encodeURIComponent(book)}&order=last_modified&limit=${SYNC_PAGE}&offset=${offset}`;
      const answer = await timedRequest(
        run,
        { url, method: 'GET' },
        SYNC_WALKER,
        'background',
        signal,
      );
      if (!answer) return;
      if (answer.sample.status === 200) {
        const page = contactListResponse.parse(JSON.parse(answer.body));
        if (page.contacts.length < SYNC_PAGE) {
          bookIndex = (bookIndex + 1) % books.length;
          offset = 0;
          if (bookIndex === 0) await sleep(SYNC_PASS_PAUSE_MS, undefined, { signal });
        } else offset += SYNC_PAGE;
      } else {
        const seconds = Number(answer.retryAfter);
        await sleep(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000, undefined, {
          signal,
        });
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

/**
 * The team's run against a target already started, which the caller stops.
 * `beside` is other work sharing the gateway with the team (the agents
 * benchmark's AI agent): started with the first agent, it reads the run's
 * end from `run` (brought forward when something fails); awaited once the
 * team's figures are taken, so its tail is not counted as the team's; its
 * failure ends the run, as the walker's does.
 */
export async function runTeam(
  mode: Mode,
  target: Target,
  options: GatewayBenchOptions,
  catalog: Catalog,
  beside?: (run: { readonly endAt: number }) => Promise<void>,
): Promise<ModeResult> {
  const stopSync = new AbortController();
  try {
    // Each agent's key is made before the run: a key takes a slow hash to make.
    await Promise.all(
      [...Array.from({ length: options.agents }, (_, index) => agentName(index)), SYNC_WALKER].map(
        target.keyOf,
      ),
    );
    // Whatever came before the run (the read model's initial load) is not the run's.
    const limiterBefore = limiterCounts(target.emulator);
    const countersBefore = await target.counters?.();
    const tap = tapUpstream(target.emulator.server, target.callerOf);
    const started = performance.now();
    const run: RunContext = {
      options,
      catalog,
      target,
      endAt: started + options.seconds * 1000,
      samples: [],
      switches: [],
    };
    // A failing walker ends the run at once rather than leaving a rejection unheard.
    const failure: { sync?: unknown; beside?: unknown } = {};
    const walker = target.walkerApiBase;
    const sync = walker
      ? runSyncWalker(run, walker, stopSync.signal).catch((error: unknown) => {
          failure.sync = error;
          run.endAt = Math.min(run.endAt, performance.now());
        })
      : Promise.resolve();
    const besideRun = beside
      ? beside(run).catch((error: unknown) => {
          failure.beside = error;
          run.endAt = Math.min(run.endAt, performance.now());
        })
      : Promise.resolve();
    const syncTimer = setTimeout(() => {
      stopSync.abort();
    }, options.seconds * 1000);
    try {
      await Promise.all(Array.from({ length: options.agents }, (_, index) => runAgent(run, index)));
    } finally {
      // After a failure the other agents stop at their next switch instead of running on.
      run.endAt = Math.min(run.endAt, performance.now());
      clearTimeout(syncTimer);
      stopSync.abort();
    }
    await sync;
    if ('sync' in failure) throw failure.sync;
    const elapsedMs = performance.now() - started;
    const countersAfter = await target.counters?.();
    const result = summariseMode(mode, run, elapsedMs, {
      tap,
      limiter: subtractCounts(limiterCounts(target.emulator), limiterBefore),
      counters:
        countersAfter && countersBefore ? subtractCounts(countersAfter, countersBefore) : undefined,
    });
    await besideRun;
    if ('beside' in failure) throw failure.beside;
    return result;
  } finally {
    stopSync.abort();
  }
}
