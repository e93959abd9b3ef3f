import { z } from 'zod';
import { liveEventSchema } from '@crm/shared/events';

/**
 * What the gateway instances tell each other, by topic. Each topic is a
 * channel of its own, so that the internal ones never reach a browser; a
 * message is checked against its topic's schema on arrival, since anything
 * with access to the Redis can write to a channel.
 */
export const busTopics = {
  /** A live event for every instance's SSE clients (EventHub). */
  'live-event': liveEventSchema,
  /** Access keys were created or revoked: read them again from the store (People). */
  'keys-changed': z.strictObject({}),
  /** A request ended on some instance: schedulers waiting for a concurrency slot look again. */
  'budget-freed': z.strictObject({}),
} satisfies Record<string, z.ZodType>;

export type BusTopic = keyof typeof busTopics;
export type BusMessage<T extends BusTopic> = z.infer<(typeof busTopics)[T]>;

/**
 * Messages between the gateway instances (Redis pub/sub: redis-bus.ts).
 * Without one, each instance is on its own: EventHub and People then work
 * in-process, as a single gateway does.
 */
export interface Bus {
  /**
   * Delivers to the handlers of every instance, this one's included, once
   * each. Never throws: a failure (Redis down) goes to the bus's onError.
   */
  publish: <T extends BusTopic>(topic: T, message: BusMessage<T>) => void;
  /**
   * Calls `handler` with each well-formed message on the topic; returns the
   * unsubscribe. A handler that throws is reported to the bus's onError.
   */
  subscribe: <T extends BusTopic>(
    topic: T,
    handler: (message: BusMessage<T>) => void,
  ) => () => void;
  /**
   * Whether this instance hears the other instances now. While it does not,
   * messages are lost for it (not queued): whoever relies on them must not
   * pretend to be up to date.
   */
  readonly hearing: boolean;
  /** Called with each change of `hearing` (a throw is reported likewise); returns the unsubscribe. */
  onHearing: (listener: (hearing: boolean) => void) => () => void;
}
