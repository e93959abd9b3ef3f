import { createHash } from 'node:crypto';
import { ReplyError, type Redis } from 'ioredis';

/**
 * A Lua script run by its digest (EVALSHA), its text sent only when the
 * Redis has not seen it: a restarted Redis starts with an empty script cache.
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return await redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}

/**
 * Whether Redis answered with an error (a fault in a script or a command),
 * as opposed to not answering at all (down, unreachable, timed out).
 */
export function isReplyError(error: unknown): boolean {
  return error instanceof ReplyError;
}
