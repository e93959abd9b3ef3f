import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { busTopics, type Bus, type BusMessage, type BusTopic } from './bus';
import { connectRedis } from './redis-connection';

export interface RedisBusOptions {
  /** REDIS_URL. */
  url: string;
  /**
   * Starts every channel's name (`<prefix>:live-event`…), so that several
   * deployments, or test files, share one Redis without hearing each other.
   */
  prefix: string;
  /** Malformed messages, failed publishes, lost connections: reported, never thrown. */
  onError: (error: unknown) => void;
}

type Handlers = { [T in BusTopic]: Set<(message: BusMessage<T>) => void> };

/** The topics' schemas, typed so that a check of topic T yields a BusMessage<T>. */
const schemas: { [T in BusTopic]: z.ZodType<BusMessage<T>> } = busTopics;

/** A message is quoted this far in the report of a malformed one. */
const QUOTED_CHARS = 200;

/**
 * The bus over Redis pub/sub: one channel per topic, one connection that
 * publishes and one that listens (a subscribed connection can do nothing
 * else). A publisher hears its own messages through Redis like every other
 * instance, and only so: one path to every SSE client, in the same order on
 * every instance, each message delivered once.
 */
export class RedisBus implements Bus {
  private readonly handlers: Handlers = {
    'live-event': new Set(),
    'keys-changed': new Set(),
    'budget-freed': new Set(),
  };
  private readonly hearingListeners = new Set<(hearing: boolean) => void>();
  /** Each channel's topic. */
  private readonly topicOf: Map<string, BusTopic>;
  private listening = false;
  private closing = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly options: RedisBusOptions,
  ) {
    this.topicOf = channelsOf(options.prefix);
  }

  /** Connects both connections and listens to every topic; rejects when Redis does not answer. */
  static async open(options: RedisBusOptions): Promise<RedisBus> {
    const { url, prefix, onError } = options;
    const publisher = await connectRedis(url, { name: `${prefix}:publisher`, onError });
    let subscriber: Redis | undefined;
    try {
      subscriber = await connectRedis(url, { name: `${prefix}:subscriber`, onError });
      const bus = new RedisBus(publisher, subscriber, options);
      // Watching first: a message may arrive in the same read as SUBSCRIBE's answer.
      bus.watch();
      await subscriber.subscribe(...bus.topicOf.keys());
      bus.listening = true;
      return bus;
    } catch (error) {
      publisher.disconnect();
      subscriber?.disconnect();
      throw error;
    }
  }

  get hearing(): boolean {
    return this.listening;
  }

  publish<T extends BusTopic>(topic: T, message: BusMessage<T>): void {
    this.publisher.publish(this.channel(topic), JSON.stringify(message)).catch((error: unknown) => {
      this.options.onError(
        new Error(`Could not publish a ${topic} message to Redis; it is lost`, { cause: error }),
      );
    });
  }

  subscribe<T extends BusTopic>(topic: T, handler: (message: BusMessage<T>) => void): () => void {
    // A wrapper of its own, so the same handler subscribed twice is called twice.
    const subscription = (message: BusMessage<T>) => {
      handler(message);
    };
    const handlers: Handlers[T] = this.handlers[topic];
    handlers.add(subscription);
    return () => {
      handlers.delete(subscription);
    };
  }

  onHearing(listener: (hearing: boolean) => void): () => void {
    this.hearingListeners.add(listener);
    return () => {
      this.hearingListeners.delete(listener);
    };
  }

  /** Closes both connections, announcing nothing: the process is stopping. */
  async close(): Promise<void> {
    this.closing = true;
    this.hearingListeners.clear();
    await Promise.all(
      [this.publisher, this.subscriber].map((redis) =>
        // QUIT lets what was published leave first; a connection that is down is just dropped.
        redis.quit().then(
          () => undefined,
          () => {
            redis.disconnect();
          },
        ),
      ),
    );
  }

  private channel(topic: BusTopic): string {
    return channelOf(this.options.prefix, topic);
  }

  private watch(): void {
    this.subscriber.on('message', (channel: string, text: string) => {
      const topic = this.topicOf.get(channel);
      if (topic) this.receive(topic, text);
    });
    // The messages published while the connection is down are lost for this
    // instance (pub/sub keeps nothing): from the first sign of it, not hearing.
    this.subscriber.on('close', () => {
      this.setListening(false);
    });
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(...this.topicOf.keys()).then(
        () => {
          this.setListening(true);
        },
        (error: unknown) => {
          // Dropped again before listening: the next 'ready' tries again.
          this.options.onError(
            new Error('Could not listen to the Redis channels again', { cause: error }),
          );
        },
      );
    });
  }

  // T ties the topic's schema to its handlers, which a plain BusTopic would not.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  private receive<T extends BusTopic>(topic: T, text: string): void {
    const parsed = parseJson(text);
    const checked = parsed.ok ? schemas[topic].safeParse(parsed.value) : undefined;
    if (!checked?.success) {
      const quoted = text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}…` : text;
      this.options.onError(
        new Error(`Ignored a malformed ${topic} message on Redis: ${quoted}`, {
          cause: checked?.error ?? (parsed.ok ? undefined : parsed.error),
        }),
      );
      return;
    }
    const message: BusMessage<T> = checked.data;
    this.callEach(this.handlers[topic], message);
  }

  private setListening(listening: boolean): void {
    if (this.closing || listening === this.listening) return;
    this.listening = listening;
    this.callEach(this.hearingListeners, listening);
  }

  /**
   * Calls each (a copy: one may unsubscribe while called); one that throws
   * neither stops the others nor reaches ioredis's event emitter, which would
   * take the process down.
   */
  private callEach<A>(callbacks: Set<(argument: A) => void>, argument: A): void {
    for (const callback of [...callbacks]) {
      try {
        callback(argument);
      } catch (error) {
        this.options.onError(error);
      }
    }
  }
}

function channelOf(prefix: string, topic: BusTopic): string {
  return `${prefix}:${topic}`;
}

function channelsOf(prefix: string): Map<string, BusTopic> {
  const topics = Object.keys(busTopics) as BusTopic[];
  return new Map(topics.map((topic) => [channelOf(prefix, topic), topic]));
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error };
  }
}
