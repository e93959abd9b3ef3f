import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contactBooksResponse, contactsResponse } from '@crm/shared/missive/contacts';
import { conversationsResponse } from '@crm/shared/missive/conversations';
import { messageResponse } from '@crm/shared/missive/messages';
import { cannedResponsesResponse } from '@crm/shared/missive/responses';
import { parseRateLimits } from '@crm/shared/rate-limits';
import type { SyncObject } from '@crm/shared/sync';
import { CUSTOM_CHANNEL_ACCOUNT } from '../emulator/handlers/content';
import { startEmulator, type RunningEmulator } from '../emulator/serve';
import { createGateway, type Gateway } from '../gateway/gateway';
import { openSqliteStore, type StoreWithMirror } from '../store/sqlite-store';
import { directMissive } from '../test/direct-missive';
import { startUpstreamProxy, type UpstreamProxy } from '../test/upstream-proxy';
import { createMirror, type Mirror } from './mirror';

/**
 * The sync against the emulator over HTTP, through the real gateway, with a
 * proxy between the gateway and "Missive" that counts what is spent and can
 * break the path. The store is a file, so a restart is a real reopen.
 */

const TOKEN = 'sync-test-emulator-token';
const LIMITS = 'concurrent=5,100000/60s,100000/900s';

let emulator: RunningEmulator;
let proxy: UpstreamProxy;
let gateway: Gateway;
let dataDir: string;
let store: StoreWithMirror;
let mirror: Mirror;
const unexpected: unknown[] = [];
const warnings: string[] = [];
/** Calls of a first load from an empty mirror, measured by the first test. */
let fullLoadCalls = 0;

async function openMirror(dir: string): Promise<void> {
  store = await openSqliteStore({ dataDir: dir });
  mirror = createMirror({
    store: store.mirror,
    gateway,
    limits: parseRateLimits(LIMITS),
    budgetShare: 1,
    intervalMs: 60_000,
    onWarning: (message) => warnings.push(message),
    onError: (error) => unexpected.push(error),
  });
}

async function closeMirror(): Promise<void> {
  await mirror.sync.stop();
  await store.close();
}

/** Missive's own API, called directly with the token: what a person or another app does. */
let v1: ReturnType<typeof directMissive>;

/** What the emulator holds, object by object, as the token's owner sees it. */
async function emulatorCounts(): Promise<Record<SyncObject, number>> {
  const { data } = emulator.state;
  const me = emulator.state.me().id;
  const books = new Set(
    contactBooksResponse
      .parse(await v1('/contact_books?limit=200'))
      .contact_books.map((book) => book.id),
  );
  return {
    organizations: data.organizations.length,
    users: data.users.length,
    teams: data.teams.length,
    shared_labels: data.sharedLabels.length,
    contact_books: books.size,
    contact_groups: data.contactGroups.filter((group) => books.has(group.contact_book)).length,
    contacts: data.contacts.filter((contact) => !contact.deleted && books.has(contact.contact_book))
      .length,
    // What the token owner's All mailbox and every team's All mailbox hold together.
    conversations: data.conversations.filter(
      (conversation) =>
        !conversation.merged_into &&
        !conversation.trashed &&
        !conversation.junked &&
        (conversation.users[me] !== undefined || conversation.team !== null),
    ).length,
    tasks: data.tasks.length,
    responses: cannedResponsesResponse.parse(await v1('/responses?limit=200')).responses.length,
  };
}

async function mirrorCounts(): Promise<Record<string, number>> {
  const report = await mirror.reader.status();
  return Object.fromEntries(report.objects.map((object) => [object.object, object.rows]));
}

async function states(): Promise<Record<string, string>> {
  const report = await mirror.reader.status();
  return Object.fromEntries(report.objects.map((object) => [object.object, object.state]));
}

/** A contact of the first book that has an email, as Missive answers it. */
function someContact(index = 0) {
  const contact = emulator.state.data.contacts.filter(
    (candidate) => !candidate.deleted && candidate.infos.some((info) => info.kind === 'email'),
  )[index];
  if (!contact) throw new Error('the seed has no contact with an email');
  const info = contact.infos.find((candidate) => candidate.kind === 'email');
  return {
    id: contact.id,
    book: contact.contact_book,
    email: info && 'value' in info ? info.value : '',
  };
}

beforeAll(async () => {
  emulator = await startEmulator({
    EMULATOR_TOKEN: TOKEN,
    EMULATOR_HOST: '127.0.0.1',
    EMULATOR_PORT: 0,
    EMULATOR_RATE_LIMITS: parseRateLimits(LIMITS),
    EMULATOR_LATENCY_MS: 0,
    EMULATOR_REPORT_DELAY_MS: 0,
    EMULATOR_REPORT_TTL_MS: 60_000,
    EMULATOR_SEED: 1,
  });
  v1 = directMissive(emulator.baseUrl, TOKEN);
  proxy = await startUpstreamProxy(emulator.baseUrl);
  gateway = createGateway({
    baseUrl: proxy.baseUrl,
    token: TOKEN,
    limits: parseRateLimits(LIMITS),
    backgroundShare: 1,
    queueTimeoutMs: 10_000,
    // Every round must reach "Missive": a cached first page would hide what changed
    // (0 would mean "never expires" to the cache).
    cacheTtlMs: 1,
  });
  dataDir = mkdtempSync(join(tmpdir(), 'crm-sync-'));
  await openMirror(dataDir);
});

afterAll(async () => {
  await closeMirror();
  gateway.close();
  await proxy.close();
  await emulator.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

afterEach(() => {
  proxy.intercept = undefined;
  proxy.latencyMs = 0;
  expect(unexpected).toEqual([]);
});

describe('the initial load', () => {
  it('fills every object with what the emulator holds, and says each is live', async () => {
    const before = proxy.requests.length;
    const { failures } = await mirror.sync.runOnce();
    expect(failures).toEqual([]);
    fullLoadCalls = proxy.requests.length - before;

    expect(await mirrorCounts()).toEqual(await emulatorCounts());
    const report = await mirror.reader.status();
    for (const object of report.objects) {
      expect(object, object.object).toMatchObject({ state: 'live', reason: null });
      expect(object.parts.done, object.object).toBe(object.parts.total);
      expect(object.lastSuccessAt, object.object).toEqual(expect.any(Number));
    }
    // Every call the proxy saw is counted against the object it was for.
    expect(report.objects.reduce((sum, object) => sum + object.calls, 0)).toBe(fullLoadCalls);
    // 10 objects, 3 books × (contacts + 2 group kinds), 3 mailboxes of up to 50 a page.
    expect(fullLoadCalls).toBeGreaterThan(20);
    expect(fullLoadCalls).toBeLessThan(40);
    // Every call went through the background lane as the sync's own agent.
    expect((await gateway.limits()).queues.started.interactive).toBe(0);
  });

  it('answers matching questions from the mirror without calling Missive', async () => {
    const before = proxy.requests.length;
    const { email, id } = someContact();
    const found = await mirror.reader.contactsByEmails([email.toUpperCase()]);
    expect(found.map((contact) => contact.record.id)).toContain(id);
    const sms = emulator.state.data.conversations.find(
      (conversation) => conversation.channel === 'sms' && !conversation.trashed,
    );
    const customer = emulator.state.data.messages.find(
      (message) => message.conversation === sms?.id && !message.outgoing,
    )?.from_field.phone_number;
    expect(customer).toBeTruthy();
    const threads = await mirror.reader.conversationsWith(
      { phones: [customer ?? ''] },
      { limit: 50 },
    );
    expect(threads.map((thread) => thread.record.id)).toContain(sms?.id);
    const own = await mirror.reader.ownAddresses();
    expect(own.phones).toContain('+15145550100');
    expect(own.emails).toEqual(expect.arrayContaining(['support@brightwell.io']));
    expect(own.emails).not.toContain(email.toLowerCase());
    expect(proxy.requests.length).toBe(before);
  });
});

describe('incremental rounds', () => {
  it('bring an external edit, a new conversation and a deletion, for a fraction of a full load', async () => {
    const edited = someContact(0);
    const removed = someContact(1);
    // Someone edits a contact in Missive (the emulator's own API, not the gateway).
    await v1(`/contacts/${edited.id}`, {
      method: 'PATCH',
      body: {
        contacts: [
          {
            id: edited.id,
            first_name: 'Edited-Elsewhere',
            infos: [{ kind: 'email', label: 'work', value: 'moved.on@example.org' }],
          },
        ],
      },
    });
    // A customer writes in, starting a conversation.
    const { messages } = messageResponse.parse(
      await v1('/messages', {
        method: 'POST',
        body: {
          messages: {
            account: CUSTOM_CHANNEL_ACCOUNT,
            from_field: { name: 'New Customer', address: 'new.customer@example.net' },
            to_fields: [{ address: 'support@brightwell.io' }],
            subject: 'Hello there',
            body: 'First time writing',
          },
        },
      }),
    );
    const created = messages.conversation?.id;
    expect(created).toBeTruthy();
    // Someone deletes a contact in Missive.
    const record = emulator.state.get('contacts', removed.id);
    if (!record) throw new Error('the contact to delete is missing');
    record.deleted = true;
    record.modified_at = emulator.state.now();

    expect(await mirror.reader.contactsByEmails(['moved.on@example.org'])).toEqual([]);
    const before = proxy.requests.length;
    const { failures } = await mirror.sync.runOnce();
    expect(failures).toEqual([]);
    const spent = proxy.requests.length - before;

    const [moved] = await mirror.reader.contactsByEmails(['Moved.On@example.org']);
    expect(moved?.record).toMatchObject({ id: edited.id, first_name: 'Edited-Elsewhere' });
    expect(await mirror.reader.contactsByEmails([edited.email])).toEqual([]);
    expect((await mirror.reader.searchContacts('edited elsewhere', 5))[0]?.record.id).toBe(
      edited.id,
    );

    expect((await mirror.reader.getConversation(created ?? ''))?.record.id).toBe(created);
    const theirs = await mirror.reader.conversationsWith(
      { emails: ['new.customer@example.net'] },
      { limit: 5 },
    );
    expect(theirs.map((thread) => thread.record.id)).toEqual([created]);

    expect(await mirror.reader.contactsByEmails([removed.email])).toEqual([]);
    expect(await mirror.reader.searchContacts(removed.email, 5)).toEqual([]);

    expect(await mirrorCounts()).toEqual(await emulatorCounts());
    // Each part is read once from its checkpoint: one page per book and mailbox.
    expect(spent).toBeLessThan(fullLoadCalls);
    const walks = proxy.requests
      .slice(before)
      .filter((url) => url.pathname.endsWith('/conversations'));
    expect(walks.every((url) => !url.searchParams.has('until'))).toBe(true);
    const contactReads = proxy.requests
      .slice(before)
      .filter((url) => url.pathname.endsWith('/contacts'));
    expect(contactReads.every((url) => url.searchParams.get('include_deleted') === 'true')).toBe(
      true,
    );
  });

  it('run by themselves in the background, every SYNC_INTERVAL_S', async () => {
    const { id } = someContact(2);
    mirror = await quickBackgroundMirror();
    mirror.sync.start();
    await v1(`/contacts/${id}`, {
      method: 'PATCH',
      body: { contacts: [{ id, last_name: 'Background-Round' }] },
    });
    await expect
      .poll(async () => (await mirror.reader.searchContacts('background round', 5))[0]?.record.id, {
        timeout: 5000,
      })
      .toBe(id);
    expect((await mirror.reader.status()).running).toBe(true);
    await closeMirror();
    await openMirror(dataDir);
  });
});

/** The mirror reopened with rounds every 300 ms, for tests of the background loop. */
async function quickBackgroundMirror(): Promise<Mirror> {
  await closeMirror();
  store = await openSqliteStore({ dataDir });
  return createMirror({
    store: store.mirror,
    gateway,
    limits: parseRateLimits(LIMITS),
    budgetShare: 1,
    intervalMs: 300,
    onError: (error) => unexpected.push(error),
  });
}

describe('with webhooks heard', () => {
  it('read the contact books every round and the mailboxes only now and then', async () => {
    mirror = await quickBackgroundMirror();
    mirror.sync.webhookHeard();
    const before = proxy.requests.length;
    const since = (wanted: (url: URL) => boolean) =>
      proxy.requests.slice(before).filter(wanted).length;
    const { book } = someContact(0);
    mirror.sync.start();
    await expect
      .poll(
        () =>
          since(
            (url) =>
              url.pathname.endsWith('/contacts') && url.searchParams.get('contact_book') === book,
          ),
        { timeout: 10_000 },
      )
      .toBeGreaterThanOrEqual(4);
    // Every round would have walked the Inbox's "all" mailbox 4 times by now.
    const allWalks = since(
      (url) => url.pathname.endsWith('/conversations') && url.searchParams.get('all') === 'true',
    );
    expect(allWalks).toBeLessThanOrEqual(1);
    await closeMirror();
    await openMirror(dataDir);
  });
});

describe('failures', () => {
  it('a failing page leaves the mirror as it was and the part failing with the reason', async () => {
    const { id, book } = someContact(3);
    const [before] = await mirror.reader.contactsByEmails([someContact(3).email]);
    await v1(`/contacts/${id}`, {
      method: 'PATCH',
      body: { contacts: [{ id, first_name: 'Not-Yet' }] },
    });
    proxy.intercept = (url) =>
      url.pathname.endsWith('/contacts') && url.searchParams.get('contact_book') === book
        ? { status: 500, body: { error: { message: 'database on fire' } } }
        : undefined;

    const { failures } = await mirror.sync.runOnce();
    expect(failures).toEqual([
      {
        part: { object: 'contacts', scope: book },
        reason: expect.stringMatching(
          /listContacts .*Missive answered 500 \(database on fire\)/,
        ) as string,
      },
    ]);
    const [after] = await mirror.reader.contactsByEmails([someContact(3).email]);
    expect(after?.record).toEqual(before?.record);
    const contacts = (await mirror.reader.status()).objects.find(
      (object) => object.object === 'contacts',
    );
    expect(contacts).toMatchObject({
      state: 'failing',
      reason: expect.stringContaining('Missive answered 500') as string,
    });
    expect(warnings.some((warning) => warning.includes('database on fire'))).toBe(true);

    proxy.intercept = undefined;
    expect((await mirror.sync.runOnce()).failures).toEqual([]);
    const [healed] = await mirror.reader.contactsByEmails([someContact(3).email]);
    expect(healed?.record.first_name).toBe('Not-Yet');
    expect((await states()).contacts).toBe('live');
  });

  it('a list that fails halfway writes none of it: nothing removed, nothing half-replaced', async () => {
    const { book } = someContact(0);
    const groups = await mirror.reader.listContactGroups(book);
    const gone = groups.find((group) => group.kind === 'group');
    if (!gone) throw new Error('the book has no group');
    emulator.state.remove('contactGroups', gone.id);
    // The groups of the book are read as two lists; the second answers garbage.
    proxy.intercept = (url) =>
      url.pathname.endsWith('/contact_groups') && url.searchParams.get('kind') === 'organization'
        ? { status: 200, body: { contact_groups: 'not a list' } }
        : undefined;
    const { failures } = await mirror.sync.runOnce();
    expect(failures.map((failure) => failure.reason)).toEqual(
      Array.from({ length: 3 }, (): unknown =>
        expect.stringContaining('does not have the expected shape, so nothing was stored'),
      ),
    );
    expect((await mirror.reader.listContactGroups(book)).map((group) => group.id)).toContain(
      gone.id,
    );
    proxy.intercept = undefined;
    await mirror.sync.runOnce();
    expect((await mirror.reader.listContactGroups(book)).map((group) => group.id)).not.toContain(
      gone.id,
    );
  });
});

describe('a restart in the middle of the first load', () => {
  it('resumes every walk from its stored page instead of starting over', async () => {
    const freshDir = mkdtempSync(join(tmpdir(), 'crm-sync-restart-'));
    await closeMirror();
    try {
      await openMirror(freshDir);
      const start = proxy.requests.length;
      proxy.latencyMs = 15;
      mirror.sync.start();
      // Lists, contact books, then into the mailboxes' walks.
      await expect
        .poll(() => proxy.requests.length - start, { timeout: 10_000 })
        .toBeGreaterThan(12);
      await mirror.sync.stop();
      const unfinished = (await store.mirror.syncStates()).filter((state) => state.cursor);
      expect(unfinished.length).toBeGreaterThan(0);
      expect(await states()).toMatchObject({ conversations: 'initial_load' });
      await store.close();

      // A new process: the same file, a new store and sync.
      await openMirror(freshDir);
      proxy.latencyMs = 0;
      const resumedAt = proxy.requests.length;
      const { failures } = await mirror.sync.runOnce();
      expect(failures).toEqual([]);
      const secondRun = proxy.requests.length - resumedAt;
      // Less than starting over, though the parts the first run finished are checked again.
      expect(secondRun).toBeLessThan(fullLoadCalls);
      // The walks under way went on from their stored page.
      const resumed = proxy.requests.slice(resumedAt);
      for (const state of unfinished) {
        const first = resumed.find((url) =>
          state.object === 'contacts'
            ? url.searchParams.get('contact_book') === state.scope
            : url.pathname.endsWith(`/${state.object}`) &&
              (state.scope === 'all'
                ? url.searchParams.has('all')
                : url.searchParams.get('team_all') === state.scope.replace('team_all:', '')),
        );
        expect(first?.searchParams.has('until') || first?.searchParams.get('offset') !== '0').toBe(
          true,
        );
      }
      expect(await mirrorCounts()).toEqual(await emulatorCounts());
      expect(Object.values(await states()).every((state) => state === 'live')).toBe(true);
    } finally {
      await closeMirror();
      rmSync(freshDir, { recursive: true, force: true });
      await openMirror(dataDir);
    }
  });
});

describe('single conversations', () => {
  it('a conversation merged in Missive resolves to the surviving one once read again', async () => {
    const [source, target] = emulator.state.data.conversations.filter(
      (conversation) => !conversation.merged_into && conversation.users[emulator.state.me().id],
    );
    if (!source || !target) throw new Error('the seed has too few conversations');
    await v1(`/conversations/${source.id}/merge`, { method: 'POST', body: { target: target.id } });
    const refreshed = await mirror.freshness.refreshConversation(source.id);
    expect(refreshed?.record.id).toBe(target.id);
    expect((await mirror.reader.getConversation(source.id))?.record.id).toBe(target.id);
    conversationsResponse.parse(await v1(`/conversations/${target.id}`));
  });

  it('an unknown id is nothing, never an error', async () => {
    expect(await mirror.reader.getConversation('no-such-conversation')).toBeUndefined();
    expect(await mirror.freshness.refreshConversation('no-such-conversation')).toBeUndefined();
    expect(await mirror.freshness.refreshConversation('../../contacts')).toBeUndefined();
    expect(await mirror.reader.tasksOfConversation('no-such-conversation')).toEqual([]);
  });

  it('reads a contact Missive answers with whole', async () => {
    const { id } = someContact(4);
    const answer = contactsResponse.parse(await v1(`/contacts/${id}`));
    const [mirrored] = await mirror.reader.contactsByEmails([someContact(4).email]);
    expect(mirrored?.record.id).toBe(answer.contacts[0]?.id);
  });
});

describe('pacing', () => {
  it('keeps the sync to its share of the longest window', async () => {
    await closeMirror();
    const freshDir = mkdtempSync(join(tmpdir(), 'crm-sync-paced-'));
    try {
      store = await openSqliteStore({ dataDir: freshDir });
      // Share 0.1 of the 294 the gateway allows in 61 s: 29, of which a burst
      // of 5, then 24 per 61 s (one every 2.5 s), so no span holds more than 29.
      mirror = createMirror({
        store: store.mirror,
        gateway,
        limits: parseRateLimits('concurrent=5,300/60s'),
        budgetShare: 0.1,
        intervalMs: 60_000,
        onError: (error) => unexpected.push(error),
      });
      // When each call reached "Missive": the positive signal is the first
      // call after the burst, which must wait for the pacer.
      const arrivals: number[] = [];
      proxy.intercept = () => {
        arrivals.push(Date.now());
        return undefined;
      };
      const startedAt = Date.now();
      mirror.sync.start();
      await expect.poll(() => arrivals.length, { timeout: 10_000 }).toBeGreaterThan(5);
      await mirror.sync.stop();
      // Once the burst is spent, a call every 61 s ÷ 24: no sooner than that
      // after the start, however long the burst itself took.
      const pacedFrom = startedAt + 61_000 / 24;
      expect(arrivals.filter((at) => at < pacedFrom)).toHaveLength(5);
    } finally {
      await closeMirror();
      rmSync(freshDir, { recursive: true, force: true });
      await openMirror(dataDir);
    }
  });
});
