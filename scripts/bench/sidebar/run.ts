/**
 * The sidebar benchmark of issues #4 and #9: how long an agent waits, in the
 * playground, from clicking a conversation to seeing its participant's
 * contact card in the sidebar, and what each visit costs the API token. It
 * runs the BUILT app as `npm start` would (demo mode: the emulator with
 * Missive's limits and a realistic latency, its organisation kept still),
 * waits until the gateway's mirror reports every object live (the initial
 * sync is done), and drives Debian's Chromium through Playwright, in three
 * scenarios:
 *
 * - cold: a browser that has never seen the conversation (a new browser
 *   context, so no query cache and no HTTP cache) and a gateway that has
 *   not read it either (each conversation is measured cold exactly once,
 *   and no two share an external author, so no contact lookup is cached;
 *   team-wide reads such as users and contact books may well be, within
 *   the gateway's 15 s cache; the mirror holds all of it, but nobody has
 *   asked for this conversation's context yet);
 * - warm gateway, cold browser: the same conversation right after, in a new
 *   browser context: what a second agent sees when a colleague just opened
 *   it (well within the gateway's 15 s cache);
 * - warm: in that same page, the conversation deselected (Escape) and
 *   selected again, everything in the client's query cache.
 *
 * Calls on the token are read from the gateway's GET /api/limits by lane:
 * interactive calls are the sidebar's; background calls during a visit are
 * the mirror's sync coming round, not the visit's, and are shown apart.
 *
 * The old design cannot run in this build; its figures, from an earlier run
 * recorded in the README, are printed beside this run's and labelled so.
 *
 * The stopwatch runs in the browser: it starts in the playground's click
 * handler and stops when the card enters the sidebar's DOM, both read on the
 * playground's clock, so Playwright's own round trips are not counted. The
 * card is what the contacts feature renders: an article named "Contact: …"
 * (a known contact) or "Not a contact: …" (the "Create contact" card).
 */
import type { Page, Request } from 'playwright';
import type { LimitsReport } from '@crm/shared/limits';
import { MISSIVE_LIMITS, loadCatalog, type CatalogConversation } from '../../bench-missive';
import { ensureBuild, startServer, waitForQuiet, type RunningServer } from '../../bench-server';
import {
  launchChromium,
  listedConversationIds,
  openPlayground,
  requireChromium,
  timeSelection,
  type Playground,
} from './browser';
import type { SidebarBenchOptions } from './options';
import type { SidebarBenchResult } from './report';
import {
  SCENARIOS,
  callsBetween,
  compareScenarios,
  pickConversations,
  routeOf,
  sidebarTargets,
  summariseRequests,
  summariseScenario,
  type PageRequest,
  type Scenario,
  type SidebarSample,
} from './stats';

/**
 * Times one selection and counts what it cost upstream, from a quiet
 * gateway to a quiet gateway. `quiet` is a report taken since the last
 * thing that could have made requests, when there is one.
 */
async function measure(
  server: RunningServer,
  page: Page,
  conversation: CatalogConversation,
  quiet?: LimitsReport,
): Promise<{ sample: SidebarSample; after: LimitsReport }> {
  const before = quiet ?? (await waitForQuiet(server));
  const seen: { request: Request; frame: PageRequest['frame'] }[] = [];
  const onDone = (request: Request) => {
    if (!new URL(request.url()).pathname.startsWith('/api/')) return;
    let frame: PageRequest['frame'] = 'playground';
    try {
      if (new URL(request.frame().url()).pathname === '/sidebar') frame = 'sidebar';
    } catch {
      // A request without a frame (a worker's) is the page's own.
    }
    seen.push({ request, frame });
  };
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  let timed: { ms: number; clickedAt: number };
  let after: LimitsReport;
  try {
    timed = await timeSelection(page, conversation);
    after = await waitForQuiet(server);
  } finally {
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
  }
  const requests = seen.map(({ request, frame }): PageRequest => {
    const timing = request.timing();
    return {
      frame,
      route: routeOf(request.method(), request.url()),
      startMs: timing.startTime - timed.clickedAt,
      // -1 when the answer never ended (a failed request).
      ms: Math.max(0, timing.responseEnd),
    };
  });
  const { ms } = timed;
  return {
    sample: { conversationId: conversation.id, ms, calls: callsBetween(before, after), requests },
    after,
  };
}

export async function runSidebarBench(options: SidebarBenchOptions): Promise<SidebarBenchResult> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  requireChromium(options.chromiumPath);
  const build = ensureBuild(log);
  const catalog = await loadCatalog();
  const browser = await launchChromium(options.chromiumPath);
  let server: RunningServer | undefined;
  const open: Playground[] = [];
  try {
    const running = await startServer(options.latencyMs);
    server = running;
    log("sidebar bench: waiting for the mirror's initial load (GET /api/sync, every object live)…");
    const loadS = (await running.mirrorLive()) / 1000;
    const loaded = await running.limits();
    const fresh = async () => {
      const playground = await openPlayground(browser, running.origin);
      open.push(playground);
      return playground.page;
    };
    const closeAll = async () => {
      for (const playground of open.splice(0)) await playground.context.close();
    };

    // The page the list is read from has loaded nothing about any
    // conversation: it serves the first cold visit.
    let unused: Page | undefined = await fresh();
    const conversations = pickConversations(
      await listedConversationIds(unused),
      catalog.conversations,
      options.rounds,
    );
    if (conversations.length < options.rounds) {
      throw new Error(
        `the playground's inbox lists only ${conversations.length} conversations with an external author not seen in another: set BENCH_SIDEBAR_ROUNDS to at most ${conversations.length}`,
      );
    }
    log(
      `sidebar bench: ${conversations.length} conversations, cold, warm gateway and warm, emulator latency ${options.latencyMs} ms…`,
    );

    const samples: Record<Scenario, SidebarSample[]> = {
      cold: [],
      warmGatewayColdBrowser: [],
      warm: [],
    };
    for (const conversation of conversations) {
      const cold = await measure(running, unused ?? (await fresh()), conversation);
      unused = undefined;
      samples.cold.push(cold.sample);
      await closeAll();
      const page = await fresh();
      const secondAgent = await measure(running, page, conversation);
      samples.warmGatewayColdBrowser.push(secondAgent.sample);
      // Escape selects nothing, as in Missive; the sidebar then shows no
      // conversation. It reads nothing, so the gateway is still quiet.
      await page.keyboard.press('Escape');
      samples.warm.push((await measure(running, page, conversation, secondAgent.after)).sample);
      await closeAll();
    }

    const scenarios = SCENARIOS.map((scenario) => summariseScenario(scenario, samples[scenario]));
    const limits = await running.limits();
    const elapsedS = (performance.now() - started) / 1000;
    log(`sidebar bench: done in ${elapsedS.toFixed(0)} s`);
    return {
      settings: {
        rounds: conversations.length,
        latencyMs: options.latencyMs,
        // The demo server's default, as the gateway bench's emulators enforce it.
        limits: MISSIVE_LIMITS,
        chromium: browser.version(),
        build,
      },
      conversations: conversations.map(({ id, emails }) => ({ id, emails })),
      scenarios,
      ratios: compareScenarios(scenarios),
      samples,
      targets: sidebarTargets(scenarios),
      requests: summariseRequests(samples),
      mirror: { loadS, loadCalls: loaded.upstream.upstreamCallsByLane.background },
      gateway: {
        calls: limits.upstream.upstreamCallsByLane,
        rateLimited: limits.upstream.rateLimited,
        shed: limits.queues.shed,
        cacheHitRate: limits.cache.hitRate,
      },
      elapsedS,
    };
  } finally {
    for (const playground of open) await playground.context.close().catch(() => undefined);
    await browser.close();
    await server?.stop();
  }
}
