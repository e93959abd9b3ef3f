/**
 * `npm run bench`: how fast the Missive emulator answers the reads a sidebar
 * makes on a conversation switch, and what a full mailbox walk costs.
 * Medians and p95 from one run, and each read's ratio to the cheapest one:
 * machines here are shared, so ratios travel better than absolute times.
 * Issue #3 adds the gateway's agents-and-budget benchmark beside this one.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contactBooksResponse } from '@crm/shared/missive/contacts';
import { conversationsResponse } from '@crm/shared/missive/conversations';
import { parseRateLimits } from '@crm/shared/rate-limits';
import { startEmulator } from '../server/src/emulator/serve';

const TOKEN = 'bench-token-0123456789';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

interface Row {
  read: string;
  medianMs: number;
  p95Ms: number;
  ratioToCheapest: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? 0;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    EMULATOR_TOKEN: TOKEN,
    EMULATOR_HOST: '127.0.0.1',
    EMULATOR_PORT: 0,
    // The benchmark measures the emulator's own work, not its rate limiting.
    EMULATOR_RATE_LIMITS: parseRateLimits('concurrent=1000,1000000/1s'),
    EMULATOR_LATENCY_MS: 0,
    EMULATOR_REPORT_DELAY_MS: 3000,
    EMULATOR_REPORT_TTL_MS: 60_000,
    EMULATOR_SEED: 1,
  });
  const get = async (path: string): Promise<unknown> => {
    const response = await fetch(`${emulator.baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return response.json();
  };
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
    let until: number | undefined;
    let pages = 0;
    let seen = 0;
    for (;;) {
      const page = conversationsResponse.parse(
        await get(`/conversations?all=true&limit=50${until ? `&until=${until}` : ''}`),
      );
      pages += 1;
      seen += page.conversations.length;
      const last = page.conversations.at(-1)?.last_activity_at;
      if (page.conversations.length < 50 || last === undefined) break;
      until = last;
    }
    const walk = { pages, conversations: seen, totalMs: performance.now() - walkStarted };

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
    process.stdout.write(`${table}\n`);
    const reportDir = fileURLToPath(new URL('../.reports', import.meta.url));
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(
      `${reportDir}/bench.json`,
      JSON.stringify({ rounds: ROUNDS, reads: rows, walk }, null, 2),
    );
    process.stdout.write(`JSON report: .reports/bench.json\n`);
  } finally {
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
