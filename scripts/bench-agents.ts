/**
 * The agents benchmark of issue #11: does an AI agent working through the
 * MCP server starve the team's sidebars? The gateway bench's simulated
 * sidebars (the new read model: one context answer per switch, the mirror
 * loaded and syncing at its default share) run twice, each time against a
 * fresh emulator at Missive's real limits: once alone, once beside a
 * scripted AI agent that drafts replies over MCP (Streamable HTTP, its own
 * key) as fast as the gateway lets it. The gateway keeps to its defaults,
 * AGENT_BUDGET_SHARE included, so what is measured is what a team gets.
 *
 * The agent runs with the team first, so that anything the machine warms up
 * (JIT, caches of the OS) favours the run without it, not the claim. Counts
 * of 429s come from the emulator's limiter (Missive's side) over the whole
 * scenario, the mirror's load and the agent's last draft included; whether
 * the drafts exist is read from the emulator's own data, not from the
 * agent's answers.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { LimitsReport } from '@crm/shared/limits';
import { parseRateLimits } from '@crm/shared/rate-limits';
import { readConfig } from '../server/src/config/config';
import { margins } from '../server/src/missive/budget';
import type { GatewayHarness } from '../server/src/test/gateway-harness';
import { callTool, connectOverHttp, textOf } from '../server/src/test/mcp-client';
import {
  DEFAULT_GATEWAY_BENCH_OPTIONS,
  runTeam,
  type GatewayBenchOptions,
  type ModeResult,
} from './bench-gateway';
import { START_TARGET, limiterCounts } from './bench-gateway-targets';
import { MISSIVE_LIMITS, loadCatalog, type Catalog } from './bench-missive';
import {
  checkTarget,
  formatTable,
  formatTargets,
  formatValue,
  ratio,
  readLatencyMs,
  readNumber,
  subtractCounts,
  summariseLatency,
  type LatencySummary,
  type TargetCheck,
  type Unit,
} from './bench-stats';

// --- Options ---------------------------------------------------------------

export interface AgentsBenchOptions {
  /** Simulated sidebars, switching as in the gateway bench. */
  sidebars: number;
  /** Conversations the AI agent drafts a reply for, in turn, again and again until the run ends. */
  drafts: number;
  /** How long the sidebars work, in each scenario. */
  seconds: number;
  latencyMs: number;
  seed: number;
  log?: (line: string) => void;
}

export const DEFAULT_AGENTS_BENCH_OPTIONS: Omit<AgentsBenchOptions, 'log'> = {
  sidebars: 10,
  drafts: 20,
  seconds: DEFAULT_GATEWAY_BENCH_OPTIONS.seconds,
  latencyMs: DEFAULT_GATEWAY_BENCH_OPTIONS.latencyMs,
  seed: DEFAULT_GATEWAY_BENCH_OPTIONS.seed,
};

/** BENCH_SECONDS, BENCH_LATENCY_MS and BENCH_SEED, read as the gateway bench reads them. */
export function agentsBenchOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): AgentsBenchOptions {
  const defaults = DEFAULT_AGENTS_BENCH_OPTIONS;
  return {
    ...defaults,
    seconds: readNumber(env, 'BENCH_SECONDS', defaults.seconds, [1, 600]),
    latencyMs: readLatencyMs(env),
    seed: readNumber(env, 'BENCH_SEED', defaults.seed, [0, 1_000_000]),
  };
}

// --- The AI agent ---------------------------------------------------------------

/** Marks the agent's drafts, so that they can be told from the seed's in Missive's data. */
const DRAFT_TAG = '[bench AI agent]';
/** How the MCP server words a refusal that says when to come back (see mcp/results.ts). */
const RETRY_AFTER = /Retry after (\d+(?:\.\d+)?) s/;
/** Tries per tool call: a well-behaved agent waits out a refusal as told, but not forever. */
const MAX_TRIES = 3;

export interface AgentResult {
  /** The conversations it drafts for, in turn. */
  conversations: number;
  attempted: number;
  /** Drafts the tool answered as created. */
  created: number;
  /** The agent's drafts in the emulator's own data after the run. */
  foundInMissive: number;
  /** Of the conversations, how many have at least one of the agent's drafts in Missive. */
  conversationsDrafted: number;
  /** From the agent's start until `conversations` drafts were created; null if never. */
  firstRoundS: number | null;
  /** Context, messages and draft, for each draft created. */
  perDraft: LatencySummary;
  /** Refusals waited out as told (Retry-After), then tried again. */
  retries: number;
  failed: number;
  /** The first few failures, as the agent saw them. */
  failures: string[];
}

/** One tool call, waiting out a refusal that says when to come back. */
async function useTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  tally: { retries: number },
): Promise<void> {
  for (let tries = 1; ; tries++) {
    const answer = await callTool(client, name, args);
    if (!answer.isError) return;
    const text = textOf(answer);
    const wait = RETRY_AFTER.exec(text);
    if (!wait || tries >= MAX_TRIES) throw new Error(`${name}: ${text}`);
    tally.retries += 1;
    await sleep(Number(wait[1]) * 1000);
  }
}

/**
 * What an AI agent asked to draft replies does, one conversation after the
 * other: read the context and the thread, then leave a draft for a person
 * (never send). No pause for thought: a model takes seconds to write, so
 * this agent asks more of the budget than a real one would. It keeps going
 * until the run ends, and drafts for every conversation at least once.
 */
async function runAiAgent(
  client: Client,
  conversations: readonly string[],
  run: { readonly endAt: number },
): Promise<Omit<AgentResult, 'foundInMissive' | 'conversationsDrafted'>> {
  const started = performance.now();
  const tally = { retries: 0 };
  const times: number[] = [];
  const failures: string[] = [];
  let attempted = 0;
  let firstRoundS: number | null = null;
  while (attempted < conversations.length || performance.now() < run.endAt) {
    const id = conversations[attempted % conversations.length] ?? '';
    attempted += 1;
    const draftStarted = performance.now();
    try {
      await useTool(client, 'get_conversation_context', { conversation_id: id }, tally);
      await useTool(client, 'list_all_missive_conversation_messages', { id }, tally);
      await useTool(
        client,
        'create_a_missive_draft',
        {
          drafts: {
            conversation: id,
            subject: 'Re: your message',
            body: `Thank you for writing; we are looking into it. ${DRAFT_TAG} #${attempted}`,
          },
        },
        tally,
      );
      times.push(performance.now() - draftStarted);
      if (times.length === conversations.length) firstRoundS = (performance.now() - started) / 1000;
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  return {
    conversations: conversations.length,
    attempted,
    created: times.length,
    firstRoundS,
    perDraft: summariseLatency(times),
    retries: tally.retries,
    failed: failures.length,
    failures: failures.slice(0, 5),
  };
}

/** The first `count` conversations that have messages, as the agent would be handed them. */
function conversationsToDraft(harness: GatewayHarness, count: number): string[] {
  const ids = [...new Set(harness.emulator.state.data.messages.map((m) => m.conversation))];
  if (ids.length < count) throw new Error(`the seed has only ${ids.length} conversations`);
  return ids.slice(0, count);
}

/** The agent's drafts as Missive holds them: how many, and over how many of its conversations. */
function draftsInMissive(
  harness: GatewayHarness,
  conversations: readonly string[],
): Pick<AgentResult, 'foundInMissive' | 'conversationsDrafted'> {
  const mine = harness.emulator.state.data.drafts.filter((draft) => draft.body.includes(DRAFT_TAG));
  const drafted = new Set(mine.map((draft) => draft.conversation));
  return {
    foundInMissive: mine.length,
    conversationsDrafted: conversations.filter((id) => drafted.has(id)).length,
  };
}

// --- One scenario ---------------------------------------------------------------------

export const SCENARIOS = ['alone', 'withAgent'] as const;
export type Scenario = (typeof SCENARIOS)[number];

const SCENARIO_LABELS: Record<Scenario, string> = {
  alone: 'sidebars alone',
  withAgent: 'sidebars + AI agent',
};

type Lanes = LimitsReport['upstream']['upstreamCallsByLane'];

export interface ScenarioResult {
  /**
   * The sidebars, as the gateway bench reports them. Its `upstream` split
   * goes by URL: beside the agent, the gateway's re-read of a conversation
   * after each draft counts there as a sidebar's; `callsByLane` does not guess.
   */
  team: ModeResult;
  /** Calls the gateway sent to Missive from the run's start to the agent's last draft. */
  callsByLane: Lanes;
  /** Missive's refusals over the whole scenario (mirror load, run, the agent's tail). */
  rejected429: number;
  /** 429s the gateway itself received, over the same span. */
  gatewaySaw429: number;
  agent: AgentResult | null;
}

async function runScenario(
  scenario: Scenario,
  options: AgentsBenchOptions,
  catalog: Catalog,
  automationShare: number,
): Promise<ScenarioResult> {
  const teamOptions: GatewayBenchOptions = {
    ...DEFAULT_GATEWAY_BENCH_OPTIONS,
    agents: options.sidebars,
    seconds: options.seconds,
    latencyMs: options.latencyMs,
    seed: options.seed,
    modes: ['readModel'],
  };
  const target = await START_TARGET.readModel({ ...teamOptions, automationShare });
  const { harness } = target;
  try {
    if (!harness) throw new Error('the read model started without its gateway');
    const conversations = conversationsToDraft(harness, options.drafts);
    // Connected before the clock starts, as an agent's session would be.
    const client =
      scenario === 'withAgent'
        ? await connectOverHttp(harness.base, await harness.keyFor('AI agent', 'agent'))
        : null;
    const agent: { run?: Omit<AgentResult, 'foundInMissive' | 'conversationsDrafted'> } = {};
    const beside = client
      ? async (run: { readonly endAt: number }) => {
          agent.run = await runAiAgent(client, conversations, run);
        }
      : undefined;
    try {
      const lanesBefore = harness.gateway.limits().upstream.upstreamCallsByLane;
      const team = await runTeam('readModel', target, teamOptions, catalog, beside);
      const limits = harness.gateway.limits();
      return {
        team,
        callsByLane: subtractCounts(limits.upstream.upstreamCallsByLane, lanesBefore),
        rejected429: limiterCounts(harness.emulator).rejected,
        gatewaySaw429: limits.upstream.rateLimited,
        agent: agent.run ? { ...agent.run, ...draftsInMissive(harness, conversations) } : null,
      };
    } finally {
      await client?.close();
    }
  } finally {
    await target.stop();
  }
}

// --- The comparison ------------------------------------------------------------------

export interface AgentsComparisonRow {
  label: string;
  unit: Unit;
  values: Record<Scenario, number | null>;
  /** with the agent ÷ alone. */
  ratio: number | null;
}

export interface AgentsBenchResult {
  settings: Omit<AgentsBenchOptions, 'log'> & {
    limits: string;
    /** AGENT_BUDGET_SHARE as a gateway has it by default. */
    automationShare: number;
    /** The automation lane's cap in each of Missive's windows, as the gateway counts it. */
    automationCaps: { windowS: number; calls: number }[];
    thinkMs: readonly [number, number];
  };
  /** The mirror's initial load before each run (not counted in it). */
  mirrorLoadS: Record<Scenario, number>;
  scenarios: Record<Scenario, ScenarioResult>;
  comparison: AgentsComparisonRow[];
  targets: TargetCheck[];
}

type Metric = [string, Unit, (result: ScenarioResult) => number | null];

const METRICS: readonly Metric[] = [
  ['sidebar switches', 'count', (r) => r.team.switches.completed],
  [
    '  fully served (every read 2xx)',
    'share',
    (r) => ratio(r.team.switches.fullyServed, r.team.switches.completed),
  ],
  ['  p50 ms to a full sidebar', 'fineMs', (r) => r.team.switches.latency.p50Ms],
  ['  p95 ms to a full sidebar', 'fineMs', (r) => r.team.switches.latency.p95Ms],
  ['  503 shed by the gateway', 'count', (r) => r.team.interactive.shed],
  [
    '  other failures',
    'count',
    (r) => r.team.interactive.rateLimited + r.team.interactive.otherFailed,
  ],
  ['Missive calls: people (interactive)', 'count', (r) => r.callsByLane.interactive],
  ['  AI agent (automation)', 'count', (r) => r.callsByLane.automation],
  ['  mirror sync (background)', 'count', (r) => r.callsByLane.background],
  ['429s from Missive (target 0)', 'count', (r) => r.rejected429],
  ['  429s the gateway saw', 'count', (r) => r.gatewaySaw429],
  ['AI agent drafts created', 'count', (r) => r.agent?.created ?? null],
  ['  found in Missive', 'count', (r) => r.agent?.foundInMissive ?? null],
  [
    '  Missive calls per draft',
    'per',
    (r) => (r.agent ? ratio(r.callsByLane.automation, r.agent.created) : null),
  ],
  ['  p50 ms per draft (3 tool calls)', 'ms', (r) => r.agent?.perDraft.p50Ms ?? null],
  ['  p95 ms per draft', 'ms', (r) => r.agent?.perDraft.p95Ms ?? null],
];

export function compareScenarios(
  scenarios: Record<Scenario, ScenarioResult>,
): AgentsComparisonRow[] {
  return METRICS.map(([label, unit, read]) => {
    const alone = read(scenarios.alone);
    const withAgent = read(scenarios.withAgent);
    return {
      label,
      unit,
      values: { alone, withAgent },
      ratio: alone === null || withAgent === null ? null : ratio(withAgent, alone),
    };
  });
}

/** Issue #11: the agent gets its drafts done, and the sidebars do not notice it. */
export function agentsTargets(
  scenarios: Record<Scenario, ScenarioResult>,
  drafts: number,
): TargetCheck[] {
  const { alone, withAgent } = scenarios;
  const served = (result: ScenarioResult) =>
    ratio(result.team.switches.fullyServed, result.team.switches.completed);
  const aloneServed = served(alone);
  const withServed = served(withAgent);
  const agent = withAgent.agent;
  return [
    checkTarget(
      '429s from Missive, both runs',
      alone.rejected429 + withAgent.rejected429,
      'at most',
      0,
      'count',
    ),
    checkTarget(
      'sidebar reads shed (503) beside the agent',
      withAgent.team.interactive.shed,
      'at most',
      0,
      'count',
    ),
    checkTarget(
      'sidebars fully served, with ÷ without the agent',
      aloneServed === null || withServed === null ? null : ratio(withServed, aloneServed),
      'at least',
      0.99,
      'per',
    ),
    checkTarget(
      `conversations with the agent's draft in Missive (of ${drafts})`,
      agent?.conversationsDrafted ?? null,
      'at least',
      drafts,
      'count',
    ),
    checkTarget(
      "agent's drafts missing from Missive",
      agent ? agent.created - agent.foundInMissive : null,
      'at most',
      0,
      'count',
    ),
  ];
}

export function formatAgentsReport(result: AgentsBenchResult): string {
  const { settings, scenarios } = result;
  const agent = scenarios.withAgent.agent;
  const caps = settings.automationCaps
    .map((cap) => `${cap.calls} calls a ${cap.windowS} s`)
    .join(', ');
  const rows = result.comparison.map((row) => [
    row.label,
    formatValue(row.values.alone, row.unit),
    formatValue(row.values.withAgent, row.unit),
    row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`,
  ]);
  const lines = [
    `AI agents beside the team: ${settings.sidebars} sidebars (new read model) switching every ${settings.thinkMs[0] / 1000}–${settings.thinkMs[1] / 1000} s for ${settings.seconds} s, alone and beside an AI agent drafting replies over MCP; emulator latency ${settings.latencyMs} ms, limits ${settings.limits}, AGENT_BUDGET_SHARE ${settings.automationShare} (${caps})`,
    `Each run on a fresh stack after the mirror's load (${result.mirrorLoadS.alone.toFixed(1)} s and ${result.mirrorLoadS.withAgent.toFixed(1)} s); the run with the agent first. One run: compare ratios, not absolute times.`,
    '',
    formatTable(['', SCENARIO_LABELS.alone, SCENARIO_LABELS.withAgent, 'with ÷ alone'], rows),
    '',
  ];
  if (agent) {
    lines.push(
      `AI agent (its own key, role agent; per draft: get_conversation_context, list_all_missive_conversation_messages, create_a_missive_draft; no pause): ${agent.created} of ${agent.attempted} drafts created over ${agent.conversations} conversations, the first ${agent.conversations} in ${agent.firstRoundS === null ? '—' : `${agent.firstRoundS.toFixed(1)} s`}; ${agent.foundInMissive} found in Missive, ${agent.conversationsDrafted} of the ${agent.conversations} conversations with one; ${agent.retries} refusals waited out, ${agent.failed} drafts failed.`,
    );
    for (const failure of agent.failures) lines.push(`  failed: ${failure}`);
  }
  lines.push('', formatTargets('Targets (issue #11):', result.targets));
  return lines.join('\n');
}

/** The automation lane's cap in each window: its share of what the gateway allows itself (budget.ts). */
function automationCaps(share: number): { windowS: number; calls: number }[] {
  return parseRateLimits(MISSIVE_LIMITS).windows.map((window) => ({
    windowS: window.windowMs / 1000,
    calls: Math.max(1, Math.floor(margins(window.limit, window.windowMs).allowed * share)),
  }));
}

export async function runAgentsBench(options: AgentsBenchOptions): Promise<AgentsBenchResult> {
  const catalog = await loadCatalog();
  const automationShare = readConfig({}).AGENT_BUDGET_SHARE;
  const run = (scenario: Scenario) => {
    options.log?.(
      `agents bench: ${SCENARIO_LABELS[scenario]}, ${options.sidebars} sidebars for ${options.seconds} s (after the mirror is live)…`,
    );
    return runScenario(scenario, options, catalog, automationShare);
  };
  // The agent's run first: whatever warms up on the way favours the run without it.
  const withAgent = await run('withAgent');
  const alone = await run('alone');
  const scenarios = { alone, withAgent };
  return {
    settings: {
      sidebars: options.sidebars,
      drafts: options.drafts,
      seconds: options.seconds,
      latencyMs: options.latencyMs,
      seed: options.seed,
      limits: MISSIVE_LIMITS,
      automationShare,
      automationCaps: automationCaps(automationShare),
      thinkMs: DEFAULT_GATEWAY_BENCH_OPTIONS.thinkMs,
    },
    mirrorLoadS: {
      alone: alone.team.setup?.mirrorLoadS ?? 0,
      withAgent: withAgent.team.setup?.mirrorLoadS ?? 0,
    },
    scenarios,
    comparison: compareScenarios(scenarios),
    targets: agentsTargets(scenarios, options.drafts),
  };
}
