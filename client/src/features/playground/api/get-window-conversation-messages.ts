import { useInfiniteQuery } from '@tanstack/react-query';
import type { Message } from '@crm/shared/missive/messages';
import { callMissive } from '@/lib/api-client';
import { missivePages } from '@/lib/queries';
import { nextTimeCursor, timePageQuery, type TimeCursor } from '@/lib/time-paging';

/** `GET /messages/:ids` takes at most 10 ids at once. */
const BODIES_BATCH = 10;
const NEWEST: TimeCursor = {};

/**
 * A conversation's messages as Missive's window shows them: newest first,
 * 10 a page, with their bodies. The list answers previews only, so the
 * bodies it lacks are read (`GET /messages/:ids`) before the page is shown.
 */
export function getWindowConversationMessagesQueryOptions(conversationId: string) {
  return missivePages(
    'listConversationMessages',
    {
      page: (cursor: TimeCursor) => ({
        params: { id: conversationId },
        query: timePageQuery(cursor),
      }),
      initialPageParam: NEWEST,
      select: ({ messages }, signal) => withBodies(messages, signal),
      getNextPageParam: (lastPage, _pages, lastCursor) =>
        nextTimeCursor(lastPage, lastCursor, (message) => message.delivered_at),
    },
    { asMissiveWindow: true },
  );
}

export function useWindowConversationMessages(conversationId: string) {
  return useInfiniteQuery(getWindowConversationMessagesQueryOptions(conversationId));
}

async function withBodies(messages: Message[], signal: AbortSignal): Promise<Message[]> {
  const missing = messages.filter((message) => message.body === undefined).map(({ id }) => id);
  if (missing.length === 0) return messages;
  const batches: string[][] = [];
  for (let start = 0; start < missing.length; start += BODIES_BATCH) {
    batches.push(missing.slice(start, start + BODIES_BATCH));
  }
  const answers = await Promise.all(
    batches.map((batch) =>
      callMissive('getMessages', {
        params: { ids: batch.join(',') },
        signal,
        asMissiveWindow: true,
      }),
    ),
  );
  const bodies = new Map<string, string>();
  for (const answer of answers) {
    // One id answers one object, several an array.
    const list: Message[] = Array.isArray(answer.messages) ? answer.messages : [answer.messages];
    for (const message of list) {
      if (message.body !== undefined) bodies.set(message.id, message.body);
    }
  }
  return messages.map((message) => {
    const body = bodies.get(message.id);
    return body === undefined ? message : { ...message, body };
  });
}
