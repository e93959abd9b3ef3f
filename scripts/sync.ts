/**
 * `npm run sync -- --once`: fills the mirror of Missive (DATA_DIR, or DATABASE_URL) from the
 * command line, with the server's configuration (a demo emulator when no
 * MISSIVE_API_TOKEN is set), then says what it holds. The server keeps the
 * mirror current by itself; this is for a first load before starting it, or
 * to catch up by hand. Stopped with Ctrl-C, it resumes where it was next time.
 */
import { resolve } from 'node:path';
import type { SyncObject, SyncReport } from '@crm/shared/sync';
import { longestWindow } from '@crm/shared/rate-limits';
import { readConfig, type Config } from '../server/src/config/config';
import { connectMissive, gatewaySettings } from '../server/src/gateway/connect';
import { createGateway } from '../server/src/gateway/gateway';
import { openMirror, syncSettings } from '../server/src/mirror/mirror';
import { describePart } from '../server/src/mirror/plan';
import type { RunProgress } from '../server/src/mirror/sync-engine';
import { openSharedState, sharedStateSettings } from '../server/src/cluster/shared-state';

const USAGE =
  'usage: npm run sync -- --once\n  Fills the mirror once and exits; the server syncs continuously by itself.\n';

const out = process.stdout;
const say = (line: string) => out.write(`${line}\n`);
const warn = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  if (process.argv.slice(2).join(' ') !== '--once') {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = readConfig(process.env);
  const missive = await connectMissive(config, process.env);
  const dataDir = resolve(config.DATA_DIR);
  const settings = gatewaySettings(config);
  // The running gateways' own budget and store, when they share them: a sync
  // from here must not spend a budget of its own beside theirs.
  const shared = await openSharedState({
    ...sharedStateSettings(config, dataDir),
    budget: settings,
    cacheTtlMs: settings.cacheTtlMs,
    log: { info: say, warn },
    onError: (error) => {
      warn(error instanceof Error ? error.message : String(error));
    },
  });
  const { store } = shared;
  const lead = await store.leases.tryLead('mirror-sync');
  if (!lead) {
    warn(
      'A gateway instance is syncing the mirror right now (it holds the lead); it keeps it filled.',
    );
    await shared.close();
    await missive.emulator?.stop();
    return 1;
  }
  const gateway = createGateway({
    baseUrl: missive.baseUrl,
    token: missive.token,
    ...settings,
    ...shared.gateway,
  });
  const mirror = await openMirror({
    store: store.mirror,
    gateway,
    ...syncSettings(config),
    source: missive.source,
    onNotice: say,
    onWarning: warn,
  });
  // An object, so that TypeScript sees the handler below may change it.
  const signal = { received: false };
  const stop = () => {
    signal.received = true;
    void mirror.sync.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  try {
    say(`Filling the mirror (${shared.where.store}) from ${missive.source},`);
    say(`spending at most ${budget(config)} (SYNC_BUDGET_SHARE).`);
    const before = callsByObject(await mirror.reader.status());
    const started = Date.now();
    const { failures } = await mirror.sync.runOnce(progressPrinter());
    if (out.isTTY) out.write('\n');

    const report = await mirror.reader.status();
    const spent = callsByObject(report);
    for (const object of report.objects) {
      const calls = (spent.get(object.object) ?? 0) - (before.get(object.object) ?? 0);
      const state = `${object.state}${object.reason ? `: ${object.reason}` : ''}`;
      say(
        `${object.object.padEnd(15)} ${String(object.rows).padStart(8)} rows ${String(calls).padStart(6)} calls  ${state}`,
      );
    }
    const total = [...spent.values()].reduce((sum, calls) => sum + calls, 0);
    const now = total - [...before.values()].reduce((sum, calls) => sum + calls, 0);
    say(`${now} calls to Missive in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (signal.received) say('Stopped: the next run resumes where this one was.');
    for (const failure of failures) warn(`failed: ${failure.reason}`);
    return failures.length || signal.received ? 1 : 0;
  } finally {
    gateway.close();
    await lead.release();
    await shared.close();
    await missive.emulator?.stop();
  }
}

/**
 * On a terminal one line is redrawn: a bar of the parts (books, mailboxes)
 * read in full and the records so far. Piped to a file, a line per finished part.
 */
function progressPrinter(): (progress: RunProgress) => void {
  const rows = new Map<SyncObject, number>();
  return ({ part, stored, done, parts }) => {
    rows.set(part.object, (rows.get(part.object) ?? 0) + stored);
    if (out.isTTY) {
      const width = 24;
      const filled = parts.total ? Math.round((parts.done / parts.total) * width) : 0;
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${parts.done}/${parts.total} parts`;
      const counts = [...rows].map(([object, count]) => `${object} ${count}`).join(' · ');
      out.write(`\r\x1b[2K${bar}  ${counts}`);
    } else if (done) {
      say(`${parts.done}/${parts.total} done: ${describePart(part)}`);
    }
  };
}

function callsByObject(report: SyncReport): Map<SyncObject, number> {
  return new Map(report.objects.map((object) => [object.object, object.calls]));
}

function budget(config: Config): string {
  const longest = longestWindow(config.MISSIVE_RATE_LIMITS);
  const share = `${Math.round(config.SYNC_BUDGET_SHARE * 100)} %`;
  return longest ? `${share} of ${longest.limit} calls per ${longest.windowMs / 1000} s` : share;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    warn(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
