import { endpoints, type EndpointName, type Resource } from '@crm/shared/missive/endpoints';
import type { Conversation } from '@crm/shared/missive/conversations';
import type { Lane } from '../gateway/budget';
import type { Gateway } from '../gateway/gateway';
import type { MirrorStore } from '../store/mirror-store';
import type { MirrorReader } from './mirror-reader';

/**
 * A conversation's own lists: read on demand (a timeline opened, a drafts
 * section with drafts) and kept in the mirror until the conversation changes.
 */
const THREAD_READS = [
  'listConversationMessages',
  'listConversationComments',
  'listConversationDrafts',
  'listConversationPosts',
] as const satisfies readonly EndpointName[];
export type ThreadRead = (typeof THREAD_READS)[number];

export function isThreadRead(name: EndpointName): name is ThreadRead {
  return (THREAD_READS as readonly EndpointName[]).includes(name);
}

/** The lists a write to these resources may have changed. */
export function threadReadsOf(resources: readonly Resource[]): ThreadRead[] {
  return THREAD_READS.filter((name) => resources.includes(endpoints[name].resource));
}

/**
 * What a conversation's lists depend on. A message, comment or post moves
 * `last_activity_at`; a draft only its counts. When none of these moved, a
 * list read earlier is still what Missive would answer.
 */
export function threadVersion(conversation: Conversation): string {
  return JSON.stringify([
    conversation.last_activity_at ?? null,
    conversation.messages_count,
    conversation.drafts_count,
    conversation.send_later_messages_count,
  ]);
}

/** Who reads, for the audit's names and the budget's lanes. */
export interface Caller {
  agent: string;
  lane: Lane;
}

/** One list read of a mirrored conversation: answered from the mirror, or told what Missive answered. */
interface ThreadLookup {
  kept: { body: unknown; asOf: number } | undefined;
  /** Keeps Missive's answer under the conversation's version as it was when the read began. */
  keep: (body: unknown) => Promise<void>;
}

/** Query keys in one order, so that the same question finds the same answer. */
function canonicalQuery(query: Readonly<Record<string, string>>): string {
  return new URLSearchParams(
    Object.entries(query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ).toString();
}

/**
 * A conversation's messages, comments, drafts and posts as Missive answered
 * them, valid while the mirrored conversation has the same version and is
 * not marked stale. Webhook events and the gateway's writes drop what they
 * touch (see Freshness); without webhooks, the sync's walk of the mailboxes
 * brings the new `last_activity_at` within SYNC_INTERVAL_S. A conversation
 * the mirror does not hold is never kept: nothing would say when it changed.
 */
export class Threads {
  constructor(
    private readonly store: MirrorStore,
    private readonly reader: Pick<MirrorReader, 'getConversation'>,
    private readonly clock: () => number = Date.now,
  ) {}

  async lookup(
    name: ThreadRead,
    conversationId: string,
    query: Readonly<Record<string, string>>,
  ): Promise<ThreadLookup | undefined> {
    const startedAt = this.clock();
    const mirrored = await this.reader.getConversation(conversationId);
    // Nothing would say when this conversation changed: its lists are not kept.
    if (!mirrored || mirrored.stale) return undefined;
    const key = {
      endpoint: name,
      conversationId: mirrored.record.id,
      query: canonicalQuery(query),
    };
    const version = threadVersion(mirrored.record);
    const entry = await this.store.getThread(key);
    const kept =
      entry?.version === version ? { body: entry.data, asOf: entry.fetchedAt } : undefined;
    return {
      kept,
      keep: async (body) => {
        // Changed while Missive answered: the answer may predate the change.
        const now = await this.reader.getConversation(conversationId);
        if (!now || now.stale || threadVersion(now.record) !== version) return;
        await this.store.keepThread(key, { version, data: body, fetchedAt: startedAt });
      },
    };
  }
}

/**
 * One list of a conversation, for the proxy and the gateway's own routes:
 * from the mirror while it holds it (`kept`), else Missive's own answer now,
 * kept for next time.
 */
export async function readThread(
  { threads, gateway }: { threads: Threads; gateway: Pick<Gateway, 'call'> },
  read: { name: ThreadRead; conversationId: string; query: Record<string, string> } & Caller,
): Promise<{ kept: { body: unknown; asOf: number } } | Awaited<ReturnType<Gateway['call']>>> {
  const { name, conversationId, query, agent, lane } = read;
  const lookup = await threads.lookup(name, conversationId, query);
  if (lookup?.kept) return { kept: lookup.kept };
  const answer = await gateway.call({
    name,
    params: { id: conversationId },
    query,
    body: undefined,
    agent,
    lane,
    // An answer to keep must be Missive's own now, not one cached or joined
    // before the conversation changed.
    ...(lookup ? { fresh: true } : {}),
  });
  if (answer.response.status === 200 && answer.source === 'upstream') {
    await lookup?.keep(answer.response.body);
  }
  return answer;
}
