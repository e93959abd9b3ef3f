import type { Message } from '@crm/shared/missive/messages';
import { callMissive } from '@/lib/api-client';

/** `GET /messages/:ids` takes at most 10 ids at once. */
const BATCH = 10;

/**
 * The bodies of messages, by id. A conversation's message list carries
 * previews only; the bodies come from `GET /messages/:ids`, 10 at a time.
 */
export async function getMessageBodies(
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += BATCH) {
    batches.push(ids.slice(start, start + BATCH));
  }
  const answers = await Promise.all(
    batches.map((batch) =>
      callMissive('getMessages', {
        // Missive's own window: not on the token's budget.
        asMissiveWindow: true,
        params: { ids: batch.join(',') },
        ...(signal ? { signal } : {}),
      }),
    ),
  );
  const bodies = new Map<string, string>();
  for (const { messages } of answers) {
    // One id answers one object, several an array.
    const list: Message[] = Array.isArray(messages) ? messages : [messages];
    for (const message of list) {
      if (message.body !== undefined) bodies.set(message.id, message.body);
    }
  }
  return bodies;
}
