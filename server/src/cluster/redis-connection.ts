import { Redis } from 'ioredis';
import { redactUrl } from './redact-url';

export interface RedisConnectionOptions {
  /** What the connection is for (`events-subscriber`, `budget`…): its CLIENT SETNAME and error messages. */
  name: string;
  /**
   * The loss of the connection, once it was made: once per outage, not once
   * per failed reconnection attempt, which would fill the log.
   */
  onError: (error: unknown) => void;
}

/** How long a command may go unanswered before it fails. */
const COMMAND_TIMEOUT_MS = 2_000;

/** The longest wait between reconnection attempts: Redis is back within a second of answering. */
const MAX_RECONNECT_DELAY_MS = 1_000;

/**
 * A connection to the Redis at `url` (`redis://` or `rediss://`), resolved
 * once it is ready; rejects, naming the URL without its password, when
 * Redis does not answer.
 *
 * A command while Redis is down fails at once (no offline queue) instead of
 * waiting for a reconnection that may be minutes away, and a command is sent
 * at most once (no retry on reconnection): a PUBLISH or INCR that reached
 * Redis before the connection dropped must not count twice. The connection
 * itself comes back by itself, with backoff; a subscriber connection
 * subscribes again on its 'ready' event (see autoResubscribe below).
 */
export async function connectRedis(url: string, options: RedisConnectionOptions): Promise<Redis> {
  const where = redactUrl(url);
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: options.name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 5_000,
    // A Redis that is connected but silent (a stalled server, a network that
    // drops packets) must fail a command in seconds, not when TCP gives up
    // minutes later: the scheduler's pass and every refusal wait on it.
    commandTimeout: COMMAND_TIMEOUT_MS,
    // A peer gone without a word (a cut network) is noticed by TCP keepalive.
    keepAlive: 10_000,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
    // A subscriber subscribes again itself on each 'ready': ioredis's own
    // resubscription leaves its promise unhandled should the connection drop
    // again, and does not tell when the channels are listened to again.
    autoResubscribe: false,
  });
  let up = false;
  /** Why the connection last failed: the socket's error, which precedes its close. */
  let lastError: unknown;
  // ioredis writes an unhandled error event to the console: every one is taken here.
  redis.on('error', (error: unknown) => {
    lastError = error;
  });
  redis.on('ready', () => {
    up = true;
    lastError = undefined;
  });
  // Not 'close': a connection closed on purpose does not reconnect, and is not lost.
  redis.on('reconnecting', () => {
    if (!up) return;
    up = false;
    options.onError(
      new Error(`Redis connection "${options.name}" to ${where} was lost; reconnecting`, {
        cause: lastError,
      }),
    );
  });
  try {
    await redis.connect();
  } catch (error) {
    // Otherwise it would go on retrying in the background.
    redis.disconnect();
    // ioredis rejects with "Connection is closed."; the socket's error says why.
    const reason = messageOf(lastError ?? error);
    throw new Error(`Could not connect to Redis at ${where} (${options.name}): ${reason}`, {
      cause: error,
    });
  }
  return redis;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
