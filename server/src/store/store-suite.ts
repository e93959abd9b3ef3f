import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PAGE_LIMIT, type StoreWithMirror } from './kysely-store';
import { NameTaken } from './key-store';
import type { StoreEngine } from './test-engines';
import type { NewAuditEntry, NewWebhookEvent } from './types';

/**
 * What the store promises on every engine: one body, run by
 * sqlite-store.test.ts on SQLite and postgres-store.integration.test.ts on a
 * real PostgreSQL, each test on a database of its own.
 */

export const audit = (overrides: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  at: 1_700_000_000_000,
  agent: 'agent-7',
  endpoint: 'createAnalyticsReport',
  method: 'POST',
  path: '/analytics/reports',
  requestBody: { contacts: [{ first_name: 'Ada', infos: [{ kind: 'email', value: 'a@b.c' }] }] },
  upstreamStatus: 201,
  resultIds: ['c1', 'c2'],
  error: null,
  ...overrides,
});

export const webhook = (overrides: Partial<NewWebhookEvent> = {}): NewWebhookEvent => ({
  receivedAt: 1_700_000_000_500,
  digest: 'd'.repeat(64),
  ruleId: 'rule-1',
  ruleType: 'incoming_email',
  conversationId: 'conv-1',
  payload: { rule: { id: 'rule-1' }, conversation: { id: 'conv-1', subject: 'Hi' } },
  ...overrides,
});

/** Past 2^31: what a 32-bit integer column would refuse or wrap. */
const MS = 1_700_000_000_000;

export function describeStore(engine: StoreEngine): void {
  describe(`the store on ${engine.name}`, () => {
    let store: StoreWithMirror;

    beforeEach(async () => {
      store = await engine.open();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('audit log', () => {
      it('round-trips every field, including nested JSON bodies', async () => {
        const entry = audit();
        const written = await store.recordAudit(entry);
        expect(written).toEqual({ id: expect.any(Number) as number, ...entry });
        expect(await store.getAudit(written.id)).toEqual(written);
      });

      it('keeps a write that Missive never answered: null status, error, no agent, no body', async () => {
        const entry = audit({
          agent: null,
          method: 'DELETE',
          requestBody: undefined,
          upstreamStatus: null,
          resultIds: [],
          error: 'upstream timed out after 10000 ms',
        });
        const written = await store.recordAudit(entry);
        const read = await store.getAudit(written.id);
        expect(read).toEqual({ id: written.id, ...entry });
        expect(read?.upstreamStatus).toBeNull();
        expect(read?.requestBody).toBeUndefined();
      });

      it('tells a JSON null body from no body', async () => {
        const written = await store.recordAudit(audit({ requestBody: null }));
        expect((await store.getAudit(written.id))?.requestBody).toBeNull();
      });

      it('keeps the record as it was before the write, and none when the write did not read it', async () => {
        const before = { id: 'c1', first_name: 'Ada', infos: [{ kind: 'email', value: 'a@b.c' }] };
        const edit = await store.recordAudit(audit({ endpoint: 'updateContacts', before }));
        expect((await store.getAudit(edit.id))?.before).toEqual(before);
        const blind = await store.recordAudit(audit());
        expect((await store.getAudit(blind.id))?.before).toBeUndefined();
      });

      it('answers undefined for an id it does not have', async () => {
        expect(await store.getAudit(12345)).toBeUndefined();
      });

      it('lists newest first and pages with before (exclusive)', async () => {
        const ids: number[] = [];
        for (let i = 0; i < 5; i++) ids.push((await store.recordAudit(audit({ at: 1000 + i }))).id);
        const newestFirst = [...ids].reverse();

        const firstPage = await store.listAudit({ limit: 2 });
        expect(firstPage.map((entry) => entry.id)).toEqual(newestFirst.slice(0, 2));

        const secondPage = await store.listAudit({ limit: 2, before: firstPage.at(-1)?.id });
        expect(secondPage.map((entry) => entry.id)).toEqual(newestFirst.slice(2, 4));

        const lastPage = await store.listAudit({ limit: 2, before: secondPage.at(-1)?.id });
        expect(lastPage.map((entry) => entry.id)).toEqual(newestFirst.slice(4));

        expect(await store.listAudit({ limit: 2, before: lastPage.at(-1)?.id })).toEqual([]);
        expect(await store.listAudit({ limit: 10, before: undefined })).toHaveLength(5);
      });

      it('keeps one person’s writes when asked, by their exact name', async () => {
        await store.recordAudit(audit({ agent: 'Ada Bot' }));
        await store.recordAudit(audit({ agent: 'grace' }));
        await store.recordAudit(audit({ agent: 'Ada Bot' }));
        const ada = await store.listAudit({ limit: 10, agent: 'Ada Bot' });
        expect(ada.map((entry) => entry.agent)).toEqual(['Ada Bot', 'Ada Bot']);
        expect(await store.listAudit({ limit: 10, agent: 'ada bot' })).toEqual([]);
      });
    });

    describe('webhook events', () => {
      it('stores a new event and returns it with its id', async () => {
        const event = webhook();
        const result = await store.saveWebhookEvent(event);
        expect(result).toEqual({
          stored: true,
          event: { id: expect.any(Number) as number, ...event },
        });
      });

      it('does not store a redelivery twice and returns the original row', async () => {
        const original = await store.saveWebhookEvent(webhook());
        const again = await store.saveWebhookEvent(
          webhook({ receivedAt: 1_700_000_999_000, payload: { different: true } }),
        );
        expect(again).toEqual({ stored: false, event: original.event });
        expect(await store.listWebhookEvents({ limit: 10 })).toEqual([original.event]);
      });

      it('stores exactly one of simultaneous deliveries with the same digest', async () => {
        const results = await Promise.all(
          Array.from({ length: 5 }, (_, i) => store.saveWebhookEvent(webhook({ receivedAt: i }))),
        );
        expect(results.filter((result) => result.stored)).toHaveLength(1);
        expect(new Set(results.map((result) => result.event.id)).size).toBe(1);
        expect(await store.listWebhookEvents({ limit: 10 })).toHaveLength(1);
      });

      it('lists newest first and pages with before', async () => {
        for (let i = 0; i < 4; i++) {
          await store.saveWebhookEvent(
            webhook({ digest: `digest-${i}`, conversationId: i % 2 ? null : `conv-${i}` }),
          );
        }
        const all = await store.listWebhookEvents({ limit: 10 });
        expect(all.map((event) => event.digest)).toEqual([
          'digest-3',
          'digest-2',
          'digest-1',
          'digest-0',
        ]);
        expect(all[0]?.conversationId).toBeNull();
        const page = await store.listWebhookEvents({ limit: 2, before: all[1]?.id });
        expect(page.map((event) => event.digest)).toEqual(['digest-1', 'digest-0']);
      });
    });

    it('clamps limit to 1..500', async () => {
      for (let i = 0; i < MAX_PAGE_LIMIT + 2; i++) {
        await store.saveWebhookEvent(webhook({ digest: `digest-${i}` }));
      }
      await store.recordAudit(audit());
      await store.recordAudit(audit());

      expect(await store.listWebhookEvents({ limit: 10_000 })).toHaveLength(MAX_PAGE_LIMIT);
      expect(await store.listWebhookEvents({ limit: Number.POSITIVE_INFINITY })).toHaveLength(
        MAX_PAGE_LIMIT,
      );
      expect(await store.listWebhookEvents({ limit: 0 })).toHaveLength(1);
      expect(await store.listWebhookEvents({ limit: -5 })).toHaveLength(1);
      expect(await store.listWebhookEvents({ limit: Number.NaN })).toHaveLength(1);
      expect(await store.listWebhookEvents({ limit: 2.9 })).toHaveLength(2);
      expect(await store.listAudit({ limit: 0 })).toHaveLength(1);
    });

    describe('numbers', () => {
      it('gives ids, millisecond times and counts back as numbers', async () => {
        const entry = await store.recordAudit(audit({ at: MS }));
        expect(typeof entry.id).toBe('number');
        expect((await store.getAudit(entry.id))?.at).toBe(MS);
        await store.mirror.write({
          records: [
            { kind: 'contacts', id: 'c1', parentId: 'b', data: {}, activityAt: MS, syncedAt: MS },
            { kind: 'contacts', id: 'c2', parentId: 'b', data: {}, activityAt: null, syncedAt: 1 },
          ],
          progress: {
            object: 'contacts',
            scope: 'b',
            cursor: null,
            finished: { checkpoint: MS, at: MS + 1, confirmedAt: MS + 2 },
          },
        });
        expect(await store.mirror.countByKind()).toEqual({ contacts: 2 });
        expect(await store.mirror.getRecord('contacts', 'c1')).toMatchObject({ syncedAt: MS });
        expect(await store.mirror.syncStates()).toMatchObject([
          { checkpoint: MS, lastSuccessAt: MS + 1, confirmedAt: MS + 2, failures: 0, calls: 0 },
        ]);
        await store.integrations.enqueue(delivery('one'));
        expect(await store.integrations.countDeliveries()).toEqual({
          queued: 1,
          sending: 0,
          sent: 0,
          dead: 0,
        });
      });

      it('orders conversations by their newest activity, a time in milliseconds', async () => {
        const conversation = (id: string, at: number) => ({
          kind: 'conversations' as const,
          id,
          parentId: null,
          data: { id },
          activityAt: at,
          syncedAt: MS,
          participants: {
            rows: [
              {
                address: 'ada@example.com',
                kind: 'email' as const,
                role: 'author' as const,
                name: 'ada',
              },
            ],
            recipientsKnown: true,
          },
        });
        await store.mirror.write({
          records: [conversation('old', MS), conversation('new', MS + 1), conversation('mid', MS)],
        });
        expect(
          await store.mirror.conversationIdsWith(['ada@example.com'], {
            excludeId: 'mid',
            limit: 5,
          }),
        ).toEqual(['new', 'old']);
      });
    });

    describe('access keys', () => {
      const key = {
        id: 'k1',
        name: 'Ana',
        role: 'agent' as const,
        keyHash: 'scrypt$hash',
        createdAt: MS,
        createdBy: 'admin',
      };

      it('refuses a second live key under the same name, in any case, until the first is revoked', async () => {
        await store.keys.insert(key);
        await expect(store.keys.insert({ ...key, id: 'k2', name: 'ANA' })).rejects.toThrow(
          NameTaken,
        );
        expect(await store.keys.revoke('k1', MS + 1)).toBe(true);
        await store.keys.insert({ ...key, id: 'k2' });
        expect(await store.keys.list()).toEqual([
          { ...key, lastUsedAt: null, revokedAt: MS + 1 },
          { ...key, id: 'k2', lastUsedAt: null, revokedAt: null },
        ]);
      });
    });

    describe('integration deliveries', () => {
      it('queues an event once, by its id or by its body', async () => {
        const first = await store.integrations.enqueue(delivery('one'));
        expect(first.stored).toBe(true);
        expect(await store.integrations.enqueue(delivery('one'))).toEqual({
          stored: false,
          delivery: first.delivery,
        });
        const replay = await store.integrations.enqueue({ ...delivery('one'), eventId: 'other' });
        expect(replay.stored).toBe(false);
      });

      it('lets one gateway claim a delivery, and only that one renew it', async () => {
        const { delivery: queued } = await store.integrations.enqueue(delivery('one'));
        const [a, b] = await Promise.all([
          store.integrations.claim(queued.id, { owner: 'a', until: MS + 60_000 }, MS),
          store.integrations.claim(queued.id, { owner: 'b', until: MS + 60_000 }, MS),
        ]);
        expect([a, b].filter(Boolean)).toHaveLength(1);
        const owner = a ? 'a' : 'b';
        const other = a ? 'b' : 'a';
        expect(await store.integrations.renew(queued.id, { owner: other, until: MS + 10 })).toBe(
          false,
        );
        expect(await store.integrations.renew(queued.id, { owner, until: MS + 10 })).toBe(true);
        expect(await store.integrations.getDelivery(queued.id)).toMatchObject({
          status: 'sending',
          attempts: 1,
        });
        await store.integrations.settle(queued.id, owner, {
          status: 'sent',
          postId: 'p',
          conversationId: 'c',
          at: MS + 5,
          note: null,
        });
        // Settled, the claim is over: nothing is left to renew.
        expect(await store.integrations.renew(queued.id, { owner, until: MS + 20 })).toBe(false);
      });

      it('lets nothing be claimed while a delivery is sent under a running claim, nor before it is due', async () => {
        const { delivery: first } = await store.integrations.enqueue(delivery('first'));
        const { delivery: second } = await store.integrations.enqueue(delivery('second'));
        expect(await store.integrations.claim(first.id, { owner: 'a', until: MS + 100 }, MS)).toBe(
          true,
        );
        // Another gateway read the second as the head while the first was being sent.
        expect(await store.integrations.claim(second.id, { owner: 'b', until: MS + 100 }, MS)).toBe(
          false,
        );
        expect(await store.integrations.head(MS)).toMatchObject({
          id: first.id,
          status: 'sending',
        });
        // Sent back to wait: it is still the head, and nothing is claimed before it is due.
        await store.integrations.settle(first.id, 'a', {
          status: 'queued',
          nextAttemptAt: MS + 50,
          error: 'busy',
          tried: true,
        });
        expect(await store.integrations.head(MS)).toMatchObject({ id: first.id, status: 'queued' });
        expect(await store.integrations.claim(first.id, { owner: 'b', until: MS + 100 }, MS)).toBe(
          false,
        );
        expect(
          await store.integrations.claim(first.id, { owner: 'b', until: MS + 200 }, MS + 50),
        ).toBe(true);
        // A claim that ran out (its gateway stopped) holds nothing back.
        expect(
          await store.integrations.claim(second.id, { owner: 'a', until: MS + 300 }, MS + 200),
        ).toBe(true);
        expect(await store.integrations.head(MS + 200)).toMatchObject({
          id: second.id,
          status: 'sending',
        });
      });

      it('does not let a gateway whose claim lapsed settle over the next holder', async () => {
        const { delivery: queued } = await store.integrations.enqueue(delivery('one'));
        expect(await store.integrations.claim(queued.id, { owner: 'a', until: MS + 10 }, MS)).toBe(
          true,
        );
        // a stalls past its lease: the delivery goes to a person, who retries it, and c takes it.
        await store.integrations.interrupted('stopped mid-post', MS + 11);
        await store.integrations.retry(queued.id, MS + 12);
        expect(
          await store.integrations.claim(queued.id, { owner: 'c', until: MS + 100 }, MS + 12),
        ).toBe(true);
        const sent = {
          status: 'sent',
          postId: 'late',
          conversationId: 'conversation',
          at: MS + 13,
          note: null,
        } as const;
        expect(await store.integrations.settle(queued.id, 'a', sent)).toBeUndefined();
        expect(await store.integrations.renew(queued.id, { owner: 'a', until: MS + 200 })).toBe(
          false,
        );
        expect(await store.integrations.getDelivery(queued.id)).toMatchObject({
          status: 'sending',
          attempts: 1,
          postId: null,
        });
        expect(
          await store.integrations.settle(queued.id, 'c', { ...sent, postId: 'p' }),
        ).toMatchObject({ status: 'sent', postId: 'p' });
        // Settled, nobody's claim is left to settle again.
        expect(
          await store.integrations.settle(queued.id, 'c', { status: 'dead', error: 'late' }),
        ).toBeUndefined();
      });

      it('takes as interrupted only a claim whose lease ran out', async () => {
        const { delivery: running } = await store.integrations.enqueue(delivery('running'));
        const { delivery: stopped } = await store.integrations.enqueue(delivery('stopped'));
        // The stopped one's claim ran out as the running one was claimed.
        await store.integrations.claim(stopped.id, { owner: 'b', until: MS - 1 }, MS);
        await store.integrations.claim(running.id, { owner: 'a', until: MS + 60_000 }, MS);
        const interrupted = await store.integrations.interrupted('stopped mid-post', MS);
        expect(interrupted).toMatchObject([
          { id: stopped.id, status: 'dead', lastError: 'stopped mid-post' },
        ]);
        expect(await store.integrations.getDelivery(running.id)).toMatchObject({
          status: 'sending',
        });
        expect(await store.integrations.interrupted('later', MS + 60_001)).toMatchObject([
          { id: running.id, status: 'dead' },
        ]);
      });
    });

    describe('leases', () => {
      it('leads a name once at a time, and again after a release', async () => {
        const first = await store.leases.tryLead('mirror-sync');
        expect(first?.name).toBe('mirror-sync');
        expect(await store.leases.tryLead('mirror-sync')).toBeUndefined();
        const other = await store.leases.tryLead('another-task');
        expect(other).toBeDefined();
        await first?.release();
        const again = await store.leases.tryLead('mirror-sync');
        expect(again).toBeDefined();
        await again?.release();
        await other?.release();
      });
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

function delivery(name: string) {
  return {
    provider: 'github',
    eventId: name,
    bodyDigest: `digest of ${name}`,
    summary: name,
    receivedAt: MS,
    job: { name },
  };
}
