/**
 * The sidebar benchmark's browser: Debian's Chromium driven through
 * Playwright, a playground tab in a context of its own, and the in-page
 * stopwatch from the click on a conversation to its contact card in the
 * sidebar's DOM.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright';
import type { CatalogConversation } from '../../bench-missive';
import { BENCH_SERVER_KEY } from '../../bench-server';
import { conversationIdOfOption } from './stats';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];
/** The contacts feature's cards: a known contact, or the "Create contact" card. */
const CARD_NAME = /^(?:Contact|Not a contact): /;
const SELECT_NOTICE = 'Select a conversation to see who you are talking to.';
const STEP_TIMEOUT_MS = 20_000;

/** Fails with how to install Chromium when it is not there; bench.ts asks before any server starts. */
export function requireChromium(path: string): void {
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}: install it with "sudo apt-get update && sudo apt-get install -y chromium", or set CHROMIUM_PATH`,
    );
  }
}

export async function launchChromium(path: string): Promise<Browser> {
  requireChromium(path);
  try {
    return await chromium.launch({ executablePath: path, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not launch Chromium at ${path}: ${reason}`, { cause: error });
  }
}

/** One playground tab in a browser context of its own: no query cache, no HTTP cache. */
export interface Playground {
  context: BrowserContext;
  page: Page;
}

export async function openPlayground(browser: Browser, origin: string): Promise<Playground> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(`${origin}/playground#key=${encodeURIComponent(BENCH_SERVER_KEY)}`);
    await conversationList(page).getByRole('option').first().waitFor();
    await sidebarFrame(page).getByText(SELECT_NOTICE).waitFor();
    return { context, page };
  } catch (error) {
    await context.close();
    throw error;
  }
}

function conversationList(page: Page) {
  return page.getByRole('listbox', { name: 'Conversations' });
}

function sidebarFrame(page: Page) {
  return page.frameLocator('iframe[title="Sidebar"]');
}

export async function listedConversationIds(page: Page): Promise<string[]> {
  // Typed by hand: the DOM's Element is not in this project's Node typings.
  const optionIds = await conversationList(page)
    .getByRole('option')
    .evaluateAll((options: readonly { id: string }[]) => options.map((option) => option.id));
  return optionIds.flatMap((id) => conversationIdOfOption(id) ?? []);
}

/** The sidebar's document, found without a round trip to the browser. */
function sidebarDocument(page: Page): Frame {
  const frame = page.frame({ url: (url) => url.pathname === '/sidebar' });
  if (!frame) throw new Error('the playground has no sidebar iframe');
  return frame;
}

/**
 * Runs in the sidebar before the click. It refuses to start while a card
 * is shown (any card after the click must be this conversation's), then
 * notes the playground's clock twice: at the click (capture phase, before
 * React handles it) and when a card first enters the sidebar's DOM. A
 * string, not a function: this project's Node scripts are typed without
 * the DOM library.
 */
const START_STOPWATCH = `(() => {
  const name = new RegExp(${JSON.stringify(CARD_NAME.source)});
  const cardShown = () =>
    [...document.querySelectorAll('article[aria-label]')].some((card) =>
      name.test(card.getAttribute('aria-label')),
    );
  if (cardShown()) return 'a contact card is shown before any conversation is selected';
  const playground = window.parent;
  playground.__benchClickAt = new Promise((resolve) => {
    playground.addEventListener('click', () => resolve(playground.performance.now()), {
      capture: true,
      once: true,
    });
  });
  playground.__benchCardAt = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!cardShown()) return;
      observer.disconnect();
      resolve(playground.performance.now());
    });
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['aria-label'],
    });
  });
  return null;
})()`;

/**
 * Clicks the conversation and times it in the browser, from the click to
 * the card (see START_STOPWATCH); Playwright only waits for the card by
 * its role and name, as an agent would look for it.
 */
export async function timeSelection(
  page: Page,
  conversation: CatalogConversation,
): Promise<{ ms: number; clickedAt: number }> {
  const frame = sidebarFrame(page);
  await frame.getByText(SELECT_NOTICE).waitFor();
  const refused: unknown = await sidebarDocument(page).evaluate(START_STOPWATCH);
  if (typeof refused === 'string') throw new Error(refused);
  await conversationList(page)
    .getByRole('option')
    .and(page.locator(`[id$="-option-${conversation.id}"]`))
    .click();
  try {
    await frame.getByRole('article', { name: CARD_NAME }).first().waitFor();
  } catch (error) {
    const shown = await frame
      .locator('main')
      .innerText({ timeout: 1000 })
      .catch(() => '(nothing)');
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(
      `no contact card for conversation ${conversation.id} (${reason}); the sidebar shows: ${shown.slice(0, 300)}`,
      { cause: error },
    );
  }
  // The click also as wall-clock time, the clock Playwright times requests by.
  const read: unknown = await page.evaluate(
    'Promise.all([window.__benchClickAt, window.__benchCardAt]).then(([click, card]) => [card - click, performance.timeOrigin + click])',
  );
  const [ms, clickedAt] = Array.isArray(read) ? (read as unknown[]) : [];
  if (typeof ms !== 'number' || !(ms >= 0) || typeof clickedAt !== 'number') {
    throw new Error(`the in-page stopwatch failed (read ${JSON.stringify(read)})`);
  }
  await expectParticipant(page, conversation);
  return { ms, clickedAt };
}

/** The card's section must name one of the conversation's external authors, or this timed another card. */
async function expectParticipant(page: Page, conversation: CatalogConversation): Promise<void> {
  const text = (
    await sidebarFrame(page).getByRole('region', { name: 'Contacts' }).innerText()
  ).toLowerCase();
  if (!conversation.emails.some((email) => text.includes(email.toLowerCase()))) {
    throw new Error(
      `the contact card shown for conversation ${conversation.id} names none of ${conversation.emails.join(', ')}`,
    );
  }
}
