/**
 * `npm run bench`: first how fast the Missive emulator answers the reads a
 * sidebar makes on a conversation switch, and what a full mailbox walk
 * costs; then the gateway benchmark (bench/gateway/): a team of agents and
 * a sync against Missive's real limits, the old design through the gateway
 * and through a naive pass-through, and the new read model, in the same run;
 * then the agents benchmark (bench-agents.ts): sidebars alone and beside an
 * AI agent drafting replies over MCP, at the same limits, twice: with the
 * read model (no Missive call per switch) and with live reads (sidebars
 * competing with the agent for the budget);
 * then the integrations benchmark (bench/integrations/): read-model
 * sidebars alone, beside a paced firehose of signed GitHub deliveries (a
 * heavy burst's rate) and beside an unpaced one (the gateway's capacity), at
 * the same limits: deliveries accepted a second, posts sent a minute through
 * the background lane, the queue left, and whether the sidebars notice;
 * then the outage benchmark (bench-outage.ts): Missive unreachable under a
 * team's reads, and back; then the sidebar benchmark (bench/sidebar/): the built app in Chromium,
 * from a click in the playground to the contact card, cold and warm, with
 * the calls each visit costs the token; then the cluster benchmark
 * (bench/cluster/): one gateway, three sharing nothing, three sharing Redis
 * and PostgreSQL, and three with one SIGKILLed; last, when BENCH_SCALE is set, the
 * scale benchmark (bench-scale.ts): the mirror of a large organisation.
 * Medians and p95 from one run, and ratios: machines here are shared, so
 * ratios travel better than absolute times. Every table is printed and every
 * result goes into one report, .reports/bench.json.
 *
 * `npm run bench -- scale` (or `gateway`, `agents`, `integrations`, `outage`, `sidebar`,
 * `cluster`, `emulator`, several at once) runs only those parts, into .reports/bench-<parts>.json; `scale`
 * named this way defaults to BENCH_SCALE=100.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contactBooksResponse } from '@crm/shared/missive/contacts';
import { conversationsResponse } from '@crm/shared/missive/conversations';
import { agentsBenchOptionsFromEnv, formatAgentsReport, runAgentsBench } from './bench-agents';
import { gatewayBenchOptionsFromEnv } from './bench/gateway/options';
import { formatGatewayReport } from './bench/gateway/report';
import { runGatewayBench } from './bench/gateway/run';
import { integrationsBenchOptionsFromEnv } from './bench/integrations/options';
import { formatIntegrationsReport } from './bench/integrations/report';
import { runIntegrationsBench } from './bench/integrations/run';
import { DEFAULT_OUTAGE_OPTIONS, formatOutageReport, runOutageBench } from './bench-outage';
import { UNLIMITED_LIMITS, jsonGetter, startBenchEmulator, walkAllMailbox } from './bench-missive';
import { formatScaleReport, runScaleBench, scaleBenchOptionsFromEnv } from './bench-scale';
import { requireChromium } from './bench/sidebar/browser';
import { sidebarBenchOptionsFromEnv } from './bench/sidebar/options';
import { formatSidebarReport } from './bench/sidebar/report';
import { runSidebarBench } from './bench/sidebar/run';
import { DEFAULT_CLUSTER_OPTIONS, formatClusterReport, runClusterBench } from './bench/cluster/run';
import { benchParts, percentile, reportName, type BenchPart } from './bench-stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

interface Row {
  read: string;
  medianMs: number;
  p95Ms: number;
  ratioToCheapest: number;
}

interface EmulatorBench {
  report: {
    rounds: number;
    reads: Row[];
    walk: { pages: number; conversations: number; totalMs: number };
  };
  table: string;
}

async function runEmulatorBench(): Promise<EmulatorBench> {
  // The benchmark measures the emulator's own work, not its rate limiting.
  const emulator = await startBenchEmulator(UNLIMITED_LIMITS, 0);
  const get = jsonGetter(emulator.baseUrl);
  try {
    const { conversations } = conversationsResponse.parse(
      await get('/conversations?all=true&limit=50'),
    );
    const sample = conversations.find((conversation) =>
      conversation.authors.some((author) => author.address),
    );
    const email = sample?.authors.find((author) => author.address)?.address;
    if (!sample || !email) throw new Error('the seed has no conversation with an email author');
    const book = contactBooksResponse.parse(await get('/contact_books')).contact_books[0]?.id ?? '';

    const reads: [string, string][] = [
      ['conversation', `/conversations/${sample.id}`],
      ['messages (10)', `/conversations/${sample.id}/messages`],
      ['comments (10)', `/conversations/${sample.id}/comments`],
      [
        'contact search in a book',
        `/contacts?contact_book=${book}&search=${encodeURIComponent(email)}`,
      ],
      [
        "participant's other conversations",
        `/conversations?all=true&email=${encodeURIComponent(email)}`,
      ],
      ['inbox page (25)', '/conversations?inbox=true'],
      ['shared labels', '/shared_labels'],
    ];
    const rows: Row[] = [];
    for (const [read, path] of reads) {
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const started = performance.now();
        await get(path);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      rows.push({
        read,
        medianMs: percentile(times, 0.5),
        p95Ms: percentile(times, 0.95),
        ratioToCheapest: 0,
      });
    }
    const cheapest = Math.min(...rows.map((row) => row.medianMs));
    for (const row of rows) row.ratioToCheapest = row.medianMs / cheapest;

    // A full walk of the All mailbox with `until`, 50 a page.
    const walkStarted = performance.now();
    const { pages, conversations: seen } = await walkAllMailbox(get);
    const walk = { pages, conversations: seen.length, totalMs: performance.now() - walkStarted };

    const table = [
      `Emulator reads, ${ROUNDS} rounds each (one run; compare ratios, not absolute times)`,
      '',
      `${'read'.padEnd(36)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(8)} ${'× cheapest'.padStart(11)}`,
      ...rows.map(
        (row) =>
          `${row.read.padEnd(36)} ${row.medianMs.toFixed(2).padStart(10)} ${row.p95Ms.toFixed(2).padStart(8)} ${row.ratioToCheapest.toFixed(1).padStart(11)}`,
      ),
      '',
      `All-mailbox walk: ${walk.conversations} conversations in ${walk.pages} pages, ${walk.totalMs.toFixed(0)} ms`,
    ].join('\n');
    return { report: { rounds: ROUNDS, reads: rows, walk }, table };
  } finally {
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  // Read before any server starts, so a mistyped setting fails at once.
  const args = process.argv.slice(2);
  const scaleOptions = scaleBenchOptionsFromEnv(process.env, args.includes('scale') ? 100 : 0);
  const parts = benchParts(args, scaleOptions !== null);
  if (parts.includes('scale') && !scaleOptions) {
    throw new Error('BENCH_SCALE=0 turns the scale part off: unset it, or give the scale to load');
  }
  const gatewayOptions = gatewayBenchOptionsFromEnv(process.env);
  const agentsOptions = agentsBenchOptionsFromEnv(process.env);
  const integrationsOptions = integrationsBenchOptionsFromEnv(process.env);
  const sidebarOptions = sidebarBenchOptionsFromEnv(process.env);
  if (parts.includes('sidebar')) requireChromium(sidebarOptions.chromiumPath);
  const log = (line: string) => {
    process.stderr.write(`${line}\n`);
  };
  const report: Record<string, unknown> = {};
  const timings: string[] = [];
  const timed = async <T>(part: BenchPart, run: () => Promise<T>): Promise<T> => {
    const partStarted = performance.now();
    const result = await run();
    timings.push(`${part} ${((performance.now() - partStarted) / 1000).toFixed(0)} s`);
    return result;
  };

  if (parts.includes('emulator')) {
    const emulatorBench = await timed('emulator', runEmulatorBench);
    process.stdout.write(`${emulatorBench.table}\n\n`);
    // The emulator part keeps its old top-level keys; the other parts sit beside them.
    Object.assign(report, emulatorBench.report);
  }
  if (parts.includes('gateway')) {
    const gateway = await timed('gateway', () => runGatewayBench({ ...gatewayOptions, log }));
    process.stdout.write(`${formatGatewayReport(gateway)}\n\n`);
    report.gateway = gateway;
  }
  if (parts.includes('agents')) {
    const agents = await timed('agents', () => runAgentsBench({ ...agentsOptions, log }));
    process.stdout.write(`${formatAgentsReport(agents)}\n\n`);
    report.agents = agents;
  }
  if (parts.includes('integrations')) {
    const integrations = await timed('integrations', () =>
      runIntegrationsBench({ ...integrationsOptions, log }),
    );
    process.stdout.write(`${formatIntegrationsReport(integrations)}\n\n`);
    report.integrations = integrations;
  }
  if (parts.includes('outage')) {
    const outage = await timed('outage', () => runOutageBench({ ...DEFAULT_OUTAGE_OPTIONS, log }));
    process.stdout.write(`${formatOutageReport(outage)}\n\n`);
    report.outage = outage;
  }
  if (parts.includes('sidebar')) {
    const sidebar = await timed('sidebar', () => runSidebarBench({ ...sidebarOptions, log }));
    process.stdout.write(`${formatSidebarReport(sidebar)}\n\n`);
    report.sidebar = sidebar;
  }
  if (parts.includes('cluster')) {
    const cluster = await timed('cluster', () =>
      runClusterBench({ ...DEFAULT_CLUSTER_OPTIONS, log }),
    );
    process.stdout.write(`${formatClusterReport(cluster, DEFAULT_CLUSTER_OPTIONS)}\n\n`);
    report.cluster = cluster;
  }
  if (parts.includes('scale') && scaleOptions) {
    const scale = await timed('scale', () => runScaleBench({ ...scaleOptions, log }));
    process.stdout.write(`${formatScaleReport(scale)}\n\n`);
    report.scale = scale;
  }

  const reportDir = fileURLToPath(new URL('../.reports', import.meta.url));
  mkdirSync(reportDir, { recursive: true });
  const name = reportName(parts);
  writeFileSync(`${reportDir}/${name}`, JSON.stringify(report, null, 2));
  process.stdout.write(
    `JSON report: .reports/${name} (whole bench ${((performance.now() - started) / 1000).toFixed(0)} s: ${timings.join(', ')})\n`,
  );
}

main().catch((error: unknown) => {
  console.error(`npm run bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
