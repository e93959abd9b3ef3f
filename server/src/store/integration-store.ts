import { sql, type Generated, type Kysely, type Selectable } from 'kysely';
import {
  deliveryStatusSchema,
  deliveryStatuses,
  integrationKindSchema,
  integrationSettingsSchema,
  type Delivery,
  type DeliveryStatus,
  type IntegrationKind,
  type IntegrationSettings,
} from '@crm/shared/integrations';
import { parseJson, type Database } from './kysely-store';

/**
 * Inbound integrations' settings and their durable delivery queue: the only
 * code that reads or writes `integrations` and `integration_deliveries`.
 * A delivery moves queued → sending → sent, or back to queued to try again
 * later, or to dead (the dead-letter list) when it cannot be posted.
 */

export interface IntegrationsTable {
  provider: string;
  kind: string;
  /** JSON of IntegrationSettings. */
  settings: string;
  /** The secret sealed by integrations/secret-box.ts; NULL when the dashboard set none. */
  secret_sealed: string | null;
  updated_at: number;
  updated_by: string;
}

export interface IntegrationDeliveriesTable {
  id: Generated<number>;
  provider: string;
  event_id: string;
  /** SHA-256 of the signed body, hex. */
  body_digest: string;
  summary: string;
  received_at: number;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  /** JSON: what to send (see integrations/delivery-queue.ts); opaque to the store. */
  job: string;
  last_error: string | null;
  post_id: string | null;
  conversation_id: string | null;
  sent_at: number | null;
  /** The instance sending it, while `sending` (migration 0009). */
  claimed_by: string | null;
  /** Until when (ms) that instance's claim holds unless renewed. */
  claimed_until: number | null;
}

export interface IntegrationTables {
  integrations: IntegrationsTable;
  integration_deliveries: IntegrationDeliveriesTable;
}

export interface StoredIntegration {
  provider: string;
  kind: IntegrationKind;
  settings: IntegrationSettings;
  secretSealed: string | null;
  updatedAt: number;
  updatedBy: string;
}

/** A delivery with the job it carries, for the worker. */
export interface QueuedDelivery extends Delivery {
  job: unknown;
}

export interface NewDelivery {
  provider: string;
  eventId: string;
  /** SHA-256 of the signed body: a replay under a new (unsigned) event id is the same delivery. */
  bodyDigest: string;
  summary: string;
  receivedAt: number;
  job: unknown;
}

/**
 * Who is sending a delivery and until when the claim holds: the sender renews
 * it while the post is under way; a claim left to run out belongs to a
 * gateway that stopped mid-post.
 */
export interface Claim {
  owner: string;
  /** Milliseconds since the epoch. */
  until: number;
}

/** What a delivery's try came to, as the store records it. */
export type Settlement =
  | { status: 'sent'; postId: string; conversationId: string; at: number; note: string | null }
  /** `tried`: false when the post never left (refused before sending): the try is not counted. */
  | { status: 'queued'; nextAttemptAt: number; error: string; tried: boolean }
  | { status: 'dead'; error: string };

export class IntegrationStore {
  constructor(private readonly db: Kysely<Database>) {}

  async listIntegrations(): Promise<StoredIntegration[]> {
    const rows = await this.db.selectFrom('integrations').selectAll().orderBy('provider').execute();
    return rows.map(toIntegration);
  }

  async getIntegration(provider: string): Promise<StoredIntegration | undefined> {
    const row = await this.db
      .selectFrom('integrations')
      .selectAll()
      .where('provider', '=', provider)
      .executeTakeFirst();
    return row && toIntegration(row);
  }

  async putIntegration(record: StoredIntegration): Promise<void> {
    const values = {
      provider: record.provider,
      kind: record.kind,
      settings: JSON.stringify(record.settings),
      secret_sealed: record.secretSealed,
      updated_at: record.updatedAt,
      updated_by: record.updatedBy,
    };
    await this.db
      .insertInto('integrations')
      .values(values)
      .onConflict((conflict) => conflict.column('provider').doUpdateSet(values))
      .execute();
  }

  /** False when there was no such provider. */
  async deleteIntegration(provider: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('integrations')
      .where('provider', '=', provider)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /**
   * Queues a delivery unless its event, or its very body, was queued before:
   * the UNIQUE (provider, event_id) and (provider, body_digest), not a prior
   * lookup, decide, so two simultaneous redeliveries cannot both be queued.
   */
  async enqueue(delivery: NewDelivery): Promise<{ stored: boolean; delivery: Delivery }> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('integration_deliveries')
        .values({
          provider: delivery.provider,
          event_id: delivery.eventId,
          body_digest: delivery.bodyDigest,
          summary: delivery.summary,
          received_at: delivery.receivedAt,
          status: 'queued',
          attempts: 0,
          next_attempt_at: delivery.receivedAt,
          job: JSON.stringify(delivery.job),
          last_error: null,
          post_id: null,
          conversation_id: null,
          sent_at: null,
        })
        // Either constraint: no conflict target, so both are covered.
        .onConflict((conflict) => conflict.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { stored: true, delivery: toDelivery(inserted) };
      const existing = await trx
        .selectFrom('integration_deliveries')
        .selectAll()
        .where('provider', '=', delivery.provider)
        .where((eb) =>
          eb.or([
            eb('event_id', '=', delivery.eventId),
            eb('body_digest', '=', delivery.bodyDigest),
          ]),
        )
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      return { stored: false, delivery: toDelivery(existing) };
    });
  }

  /**
   * The head of the queue: the oldest delivery that is queued (due or not),
   * or being sent under a claim still running at `now`. Deliveries are posted
   * in the order they came, one at a time across every gateway on the store,
   * so a head being sent (by any gateway) holds the rest back.
   */
  async head(now: number): Promise<QueuedDelivery | undefined> {
    const row = await this.db
      .selectFrom('integration_deliveries')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('status', '=', 'queued'),
          eb.and([eb('status', '=', 'sending'), eb('claimed_until', '>', now)]),
        ]),
      )
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row && { ...toDelivery(row), job: parseJson(row.job, `delivery ${row.id} job`) };
  }

  /**
   * Marks a queued delivery as being sent by `claim.owner`, counting the try.
   * Recorded before the post leaves: a gateway killed while sending leaves it
   * `sending`, which `interrupted` hands to a person once the claim runs out,
   * rather than risk posting twice. One UPDATE decides, so of several
   * gateways claiming at once exactly one gets it; and it decides with the
   * rest of the queue in view: the delivery must be due at `now` and no
   * delivery may be `sending` under a running claim, so the gateways
   * together post one at a time (a head read a moment ago may since have
   * been claimed, or sent back to wait, by another).
   *
   * `now` is the claimant's clock (the queue's, under test); the wall clock
   * when not given.
   */
  async claim(id: number, claim: Claim, now: number = Date.now()): Promise<boolean> {
    const result = await this.db
      .updateTable('integration_deliveries')
      .set((eb) => ({
        status: 'sending',
        attempts: eb('attempts', '+', 1),
        claimed_by: claim.owner,
        claimed_until: claim.until,
      }))
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('integration_deliveries as sending')
              .select(sql.lit(1).as('one'))
              .where('sending.status', '=', 'sending')
              .where('sending.claimed_until', '>', now),
          ),
        ),
      )
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Extends a claim still held; false when it is not (it ran out and was taken as interrupted). */
  async renew(id: number, claim: Claim): Promise<boolean> {
    const result = await this.db
      .updateTable('integration_deliveries')
      .set({ claimed_until: claim.until })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .where('claimed_by', '=', claim.owner)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Records how `owner`'s try went, if the delivery is still `owner`'s to
   * settle (`sending` under its claim): undefined, nothing written, when it
   * is not. A claim that ran out was handed to a person as interrupted, who
   * may have retried it and another gateway claimed it since: a late
   * settlement written then would overwrite what that gateway is doing, so
   * the caller reports it instead.
   */
  async settle(id: number, owner: string, settlement: Settlement): Promise<Delivery | undefined> {
    const changes =
      settlement.status === 'sent'
        ? {
            status: 'sent',
            next_attempt_at: null,
            post_id: settlement.postId,
            conversation_id: settlement.conversationId,
            sent_at: settlement.at,
            last_error: settlement.note,
          }
        : settlement.status === 'queued'
          ? {
              status: 'queued',
              next_attempt_at: settlement.nextAttemptAt,
              last_error: settlement.error,
            }
          : { status: 'dead', next_attempt_at: null, last_error: settlement.error };
    const uncounted = settlement.status === 'queued' && !settlement.tried;
    const row = await this.db
      .updateTable('integration_deliveries')
      .set({ ...changes, claimed_by: null, claimed_until: null })
      // claim() counted the try; one that never left is given back.
      .$if(uncounted, (query) => query.set((eb) => ({ attempts: eb('attempts', '-', 1) })))
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .where('claimed_by', '=', owner)
      .returningAll()
      .executeTakeFirst();
    return row && toDelivery(row);
  }

  /**
   * Sends a dead delivery again, as soon as the queue reaches it, with its
   * tries counted afresh: undefined when there is none with this id, the
   * delivery unchanged when it is not dead.
   */
  async retry(
    id: number,
    at: number,
  ): Promise<{ retried: boolean; delivery: Delivery } | undefined> {
    const row = await this.db
      .updateTable('integration_deliveries')
      .set({ status: 'queued', next_attempt_at: at, attempts: 0 })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .returningAll()
      .executeTakeFirst();
    if (row) return { retried: true, delivery: toDelivery(row) };
    const existing = await this.getDelivery(id);
    return existing && { retried: false, delivery: existing };
  }

  /**
   * Deliveries left `sending` by a gateway that stopped mid-post (a crash, a
   * kill), known by a claim that ran out before `now`: Missive may have the
   * post, so they go to the dead-letter list with that said, for a person to
   * check before retrying. A claim still running is another gateway's post
   * in flight and is left alone; one without a lease was made before
   * migration 0009, by a gateway that is gone.
   */
  async interrupted(error: string, now: number): Promise<Delivery[]> {
    const rows = await this.db
      .updateTable('integration_deliveries')
      .set({
        status: 'dead',
        next_attempt_at: null,
        last_error: error,
        claimed_by: null,
        claimed_until: null,
      })
      .where('status', '=', 'sending')
      .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
      .returningAll()
      .execute();
    return rows.map(toDelivery);
  }

  async getDelivery(id: number): Promise<Delivery | undefined> {
    const row = await this.db
      .selectFrom('integration_deliveries')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toDelivery(row);
  }

  /** Newest first. */
  async listDeliveries(page: {
    limit: number;
    before?: number | undefined;
    status?: DeliveryStatus | undefined;
  }): Promise<Delivery[]> {
    let query = this.db
      .selectFrom('integration_deliveries')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(Math.min(500, Math.max(1, Math.trunc(page.limit))));
    if (page.before !== undefined) query = query.where('id', '<', page.before);
    if (page.status !== undefined) query = query.where('status', '=', page.status);
    return (await query.execute()).map(toDelivery);
  }

  async countDeliveries(): Promise<Record<DeliveryStatus, number>> {
    const rows = await this.db
      .selectFrom('integration_deliveries')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(deliveryStatuses.map((status) => [status, 0])) as Record<
      DeliveryStatus,
      number
    >;
    for (const row of rows) counts[deliveryStatusSchema.parse(row.status)] = row.count;
    return counts;
  }
}

function toIntegration(row: Selectable<IntegrationsTable>): StoredIntegration {
  const where = `integrations row "${row.provider}"`;
  const kind = integrationKindSchema.safeParse(row.kind);
  if (!kind.success) throw new Error(`${where}: unknown kind "${row.kind}"`);
  const settings = integrationSettingsSchema.safeParse(
    parseJson(row.settings, `${where} settings`),
  );
  if (!settings.success) throw new Error(`${where}: settings do not match the schema`);
  return {
    provider: row.provider,
    kind: kind.data,
    settings: settings.data,
    secretSealed: row.secret_sealed,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

function toDelivery(row: Selectable<IntegrationDeliveriesTable>): Delivery {
  const status = deliveryStatusSchema.safeParse(row.status);
  if (!status.success) throw new Error(`delivery ${row.id}: unknown status "${row.status}"`);
  return {
    id: row.id,
    provider: row.provider,
    eventId: row.event_id,
    summary: row.summary,
    receivedAt: row.received_at,
    status: status.data,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    postId: row.post_id,
    conversationId: row.conversation_id,
    sentAt: row.sent_at,
  };
}
