/**
 * `npm run bench`: first how fast the Missive emulator answers the reads a
 * sidebar makes on a conversation switch, and what a full mailbox walk
 * costs; then the gateway benchmark (bench-gateway.ts): a team of agents and
 * a sync against Missive's real limits, through the gateway and through a
 * naive pass-through; last the sidebar benchmark (bench-sidebar.ts): the
 * built app in Chromium, from a click in the playground to the contact card,
 * cold and warm. Medians and p95 from one run, and ratios: machines here are
 * shared, so ratios travel better than absolute times. Every table is
 * printed and every result goes into one report, .reports/bench.json.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contactBooksResponse } from '@crm/shared/missive/contacts';
import { conversationsResponse } from '@crm/shared/missive/conversations';
import {
  UNLIMITED_LIMITS,
  formatGatewayReport,
  gatewayBenchOptionsFromEnv,
  jsonGetter,
  percentile,
  runGatewayBench,
  startBenchEmulator,
  walkAllMailbox,
} from './bench-gateway';
import {
  formatSidebarReport,
  requireChromium,
  runSidebarBench,
  sidebarBenchOptionsFromEnv,
} from './bench-sidebar';

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
  const gatewayOptions = gatewayBenchOptionsFromEnv(process.env);
  const sidebarOptions = sidebarBenchOptionsFromEnv(process.env);
  requireChromium(sidebarOptions.chromiumPath);
  const emulatorBench = await runEmulatorBench();
  process.stdout.write(`${emulatorBench.table}\n\n`);

  const gateway = await runGatewayBench({
    ...gatewayOptions,
    log: (line) => {
      process.stderr.write(`${line}\n`);
    },
  });
  process.stdout.write(`${formatGatewayReport(gateway)}\n\n`);

  const sidebar = await runSidebarBench({
    ...sidebarOptions,
    log: (line) => {
      process.stderr.write(`${line}\n`);
    },
  });
  process.stdout.write(`${formatSidebarReport(sidebar)}\n\n`);

  const reportDir = fileURLToPath(new URL('../.reports', import.meta.url));
  mkdirSync(reportDir, { recursive: true });
  // The emulator part keeps its old top-level keys; the gateway and sidebar parts sit beside them.
  writeFileSync(
    `${reportDir}/bench.json`,
    JSON.stringify({ ...emulatorBench.report, gateway, sidebar }, null, 2),
  );
  process.stdout.write(
    `JSON report: .reports/bench.json (whole bench ${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
  );
}

main().catch((error: unknown) => {
  console.error(`npm run bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
