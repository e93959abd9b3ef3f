import type { InfiniteData } from '@tanstack/react-query';
import type { Comment } from '@crm/shared/missive/conversations';
import type { Message } from '@crm/shared/missive/messages';
import type { Post } from '@crm/shared/missive/posts';
import { flattenTimePages, TIME_PAGE_SIZE } from '@/lib/time-paging';
import {
  commentTime,
  messageTime,
  postTime,
  useConversationComments,
  useConversationMessages,
  useConversationPosts,
} from '../api/get-conversation-thread';

export type TimelineEntry =
  | { kind: 'message'; id: string; time: number; message: Message }
  | { kind: 'comment'; id: string; time: number; comment: Comment }
  | { kind: 'post'; id: string; time: number; post: Post };

/** One of the three lists as loaded so far. */
export interface TimelineList {
  entries: TimelineEntry[];
  /** Missive has older items than those loaded. */
  hasMore: boolean;
}

export interface TimelineResult {
  /** What can be shown without a gap, newest first. */
  entries: TimelineEntry[];
  /** Some first page has not arrived yet. */
  isPending: boolean;
  /** A first page failed: nothing can be shown in order without it. */
  error: Error | null;
  /** "Show earlier" failed; what was shown stays. */
  earlierError: Error | null;
  hasEarlier: boolean;
  isLoadingEarlier: boolean;
  showEarlier: () => void;
  retry: () => void;
}

/**
 * A conversation's messages, comments and posts as one history. Each list
 * pages on its own (10 at a time), so after a page of each they reach back
 * to different times: entries older than the newest point a list with more
 * pages has reached are held back, so a later page never has to slot in
 * above something already shown.
 */
export function useTimeline(conversationId: string): TimelineResult {
  const messages = useConversationMessages(conversationId);
  const comments = useConversationComments(conversationId);
  const posts = useConversationPosts(conversationId);
  const queries = [messages, comments, posts];

  const lists = [
    listOf(messages.data, messages.hasNextPage, (message) => ({
      kind: 'message',
      id: message.id,
      time: messageTime(message),
      message,
    })),
    listOf(comments.data, comments.hasNextPage, (comment) => ({
      kind: 'comment',
      id: comment.id,
      time: commentTime(comment),
      comment,
    })),
    listOf(posts.data, posts.hasNextPage, (post) => ({
      kind: 'post',
      id: post.id,
      time: postTime(post),
      post,
    })),
  ];
  const merged = mergeTimeline(lists);

  const unloaded = queries.filter((query) => query.data === undefined);
  const error = unloaded.find((query) => query.error)?.error ?? null;
  const earlierError = queries.find((query) => query.isFetchNextPageError)?.error ?? null;

  return {
    entries: merged.entries,
    isPending: unloaded.length > 0 && error === null,
    error,
    earlierError,
    hasEarlier: unloaded.length === 0 && lists.some((list) => list.hasMore),
    isLoadingEarlier: queries.some((query) => query.isFetchingNextPage),
    showEarlier: () => {
      queries.forEach((query, index) => {
        if (merged.shouldFetch[index] && !query.isFetchingNextPage) void query.fetchNextPage();
      });
    },
    retry: () => {
      for (const query of unloaded) void query.refetch();
    },
  };
}

function listOf<T extends { id: string }>(
  data: InfiniteData<T[]> | undefined,
  hasMore: boolean,
  toEntry: (item: T) => TimelineEntry,
): TimelineList {
  return { entries: flattenTimePages(data?.pages ?? []).map(toEntry), hasMore };
}

const kindOrder = { message: 0, comment: 1, post: 2 } as const;

/**
 * Interleaves the lists newest first and cuts at the horizon: the oldest
 * time every list with more pages has reached. Below it a list may still
 * have unseen items, so nothing below it is shown yet.
 *
 * `shouldFetch` says which lists "Show earlier" pages: each that has more,
 * unless it already holds a page's worth of entries below the horizon (they
 * show once the others catch up, so fetching further ahead would be waste).
 */
export function mergeTimeline(lists: readonly TimelineList[]): {
  entries: TimelineEntry[];
  shouldFetch: boolean[];
} {
  const reached = lists
    .filter((list) => list.hasMore && list.entries.length > 0)
    .map((list) => Math.min(...list.entries.map((entry) => entry.time)));
  const horizon = reached.length > 0 ? Math.max(...reached) : -Infinity;
  const entries = lists
    .flatMap((list) => list.entries)
    .filter((entry) => entry.time >= horizon)
    .sort(
      (a, b) =>
        b.time - a.time || kindOrder[a.kind] - kindOrder[b.kind] || a.id.localeCompare(b.id),
    );
  const shouldFetch = lists.map(
    (list) =>
      list.hasMore && list.entries.filter((entry) => entry.time < horizon).length < TIME_PAGE_SIZE,
  );
  return { entries, shouldFetch };
}
