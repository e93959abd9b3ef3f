import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { endpoints, type EndpointName, type EndpointResponse } from '@crm/shared/missive/endpoints';
import { idSchema } from '@crm/shared/missive/common';
import type { Conversation } from '@crm/shared/missive/conversations';
import { webhookPayloadSchema } from '@crm/shared/missive/hooks';
import type { Lane } from '../gateway/budget';
import type { CompletedWrite } from '../gateway/upstream';
import type { MirrorStore, MirrorWrite } from '../store/mirror-store';
import type { WebhookEvent } from '../store/types';
import type { MessagePeople } from './handles';
import type { Mirrored } from './mirror-reader';
import { SyncFailure, type MissiveReads } from './missive-reads';
import type { Part } from './plan';
import { contactWrite, conversationWrite, plainWrite, taskWrite } from './records';
import { threadReadsOf } from './threads';

/** Calls for single conversations are counted apart from the mailbox walks. */
const ON_DEMAND: Part = { object: 'conversations', scope: 'on_demand' };

export interface FreshnessOptions {
  store: MirrorStore;
  reads: MissiveReads;
  region?: CountryCode | undefined;
  clock?: () => number;
  /** A refresh Missive did not answer: the record stays, marked stale. */
  onFailure?: (error: Error) => void;
  /** A webhook event arrived (the sync relies on them for conversations). */
  onWebhook?: () => void;
}

/**
 * Keeps the mirror current between sync rounds: a webhook delivery's
 * conversation is stored at once, and the gateway's own writes are applied
 * from Missive's answer (write-through), both spending nothing.
 */
export class Freshness {
  private readonly options: FreshnessOptions;
  private readonly clock: () => number;

  constructor(options: FreshnessOptions) {
    this.options = options;
    this.clock = options.clock ?? Date.now;
  }

  /**
   * A delivery carries its conversation as Missive's REST API shapes it: it
   * is stored as it comes, spending nothing, unless the mirror already has
   * later activity on it (a delivery retried late). A delivery without a
   * usable conversation, or naming one merged away, marks it stale and
   * reads it again (one call, background lane).
   */
  async onWebhookEvent(event: WebhookEvent): Promise<void> {
    this.options.onWebhook?.();
    if (event.conversationId === null) return;
    const payload = webhookPayloadSchema.safeParse(event.payload);
    const message = payload.success
      ? (payload.data.message ?? payload.data.latest_message)
      : undefined;
    const current = await this.options.store.resolveAlias(event.conversationId);
    // Whatever the event was, the conversation's kept lists may not show it.
    await this.options.store.dropThreads({ conversationIds: [current] });
    const delivered = payload.success ? payload.data.conversation : undefined;
    if (delivered?.id === event.conversationId && current === delivered.id) {
      const mirrored = activity.safeParse(
        (await this.options.store.getRecord('conversations', current))?.data,
      );
      const known = mirrored.success ? (mirrored.data.last_activity_at ?? 0) : 0;
      if ((delivered.last_activity_at ?? 0) >= known) {
        await this.options.store.write({
          records: [
            conversationWrite(delivered, this.clock(), { region: this.options.region, message }),
          ],
        });
      }
      return;
    }
    await this.options.store.write({ stale: [current] });
    try {
      await this.refreshConversation(event.conversationId, { message });
    } catch (error) {
      if (!(error instanceof SyncFailure)) throw error;
      this.options.onFailure?.(error);
    }
  }

  /**
   * Reads one conversation from Missive into the mirror: what a webhook
   * names, or what a sidebar needs and the mirror lacks (then in the
   * interactive lane, for the agent waiting). A merged id is recorded as an
   * alias of the conversation Missive answers with; a conversation Missive no
   * longer shows (404) leaves the mirror.
   */
  async refreshConversation(
    id: string,
    {
      lane = 'background',
      agent,
      message,
    }: { lane?: Lane; agent?: string; message?: MessagePeople | undefined } = {},
  ): Promise<Mirrored<Conversation> | undefined> {
    // Something that cannot be a Missive id names no conversation.
    if (!idSchema.safeParse(id).success) return undefined;
    const requestedAt = this.clock();
    let conversation: Conversation | undefined;
    try {
      const answer = await this.options.reads.read(ON_DEMAND, 'getConversation', {
        params: { id },
        lane,
        ...(agent === undefined ? {} : { agent }),
      });
      conversation = answer.conversations[0];
    } catch (error) {
      if (!(error instanceof SyncFailure) || error.status !== 404) throw error;
    }
    if (!conversation) {
      const current = await this.options.store.resolveAlias(id);
      await this.options.store.write({ deletes: [{ kind: 'conversations', ids: [current] }] });
      return undefined;
    }
    await this.options.store.write({
      records: [
        conversationWrite(conversation, requestedAt, { region: this.options.region, message }),
      ],
      aliases: [{ oldId: id, newId: conversation.id, at: requestedAt }],
    });
    return { record: conversation, asOf: requestedAt, stale: false };
  }

  /**
   * Applies a write's answer to the mirror, for the writes whose answer
   * carries the record. A draft, a post or a task changes its conversation
   * (counts, last activity) without the answer carrying it: that
   * conversation is read again, in the writer's lane, so that the sidebar
   * reading its context right after the write sees it as Missive does.
   */
  async onWrite(write: CompletedWrite): Promise<void> {
    const { response, call } = write;
    if (!response || response.status >= 300) return;
    await this.dropThreadsOf(call.name, call.params, response.body);
    if (isWriteThrough(call.name)) {
      const change = applyAnswer(call.name, response.body, {
        at: this.clock(),
        region: this.options.region,
        params: call.params,
      });
      if (change) await this.options.store.write(change);
    }
    if (!TOUCHING_WRITES.has(call.name)) return;
    const [conversation] = conversationsOfAnswer(response.body);
    if (!conversation) return;
    try {
      await this.refreshConversation(conversation, { lane: call.lane, agent: call.agent });
    } catch (error) {
      if (!(error instanceof SyncFailure)) throw error;
      this.options.onFailure?.(error);
    }
  }

  /**
   * A draft deleted, a post removed, a message filed: the kept lists of the
   * conversation the write names (in its answer, or its path for a
   * conversation's own writes) go; of every conversation when it names none.
   */
  private async dropThreadsOf(
    name: EndpointName,
    params: Readonly<Record<string, string>>,
    answer: unknown,
  ): Promise<void> {
    const reads = threadReadsOf(endpoints[name].invalidates);
    if (reads.length === 0) return;
    const named = [
      // The path's id is a conversation's only on a conversation's own writes (a merge).
      ...(endpoints[name].path.startsWith('/conversations/') && params.id ? [params.id] : []),
      ...conversationsOfAnswer(answer),
    ];
    const ids = await Promise.all(named.map((id) => this.options.store.resolveAlias(id)));
    await this.options.store.dropThreads(
      ids.length > 0 ? { conversationIds: ids } : { endpoints: reads },
    );
  }
}

/** What a mirrored conversation says of its latest activity (epoch seconds). */
const activity = z.looseObject({ last_activity_at: z.number().nullable() });

/** Writes whose answer names the conversation they changed without carrying it. */
const TOUCHING_WRITES: ReadonlySet<EndpointName> = new Set([
  'createDraft',
  'createPost',
  'createTask',
  'updateTask',
]);
const withConversation = z.looseObject({ conversation: z.string().nullish() });
const touchedConversation = z.looseObject({
  drafts: withConversation.optional(),
  posts: withConversation.optional(),
  tasks: withConversation.optional(),
  messages: z
    .looseObject({ conversation: z.looseObject({ id: z.string() }).optional() })
    .optional(),
  conversations: z.array(z.looseObject({ id: z.string() })).optional(),
});

/** The conversations a write's answer names. */
function conversationsOfAnswer(answer: unknown): string[] {
  const touched = touchedConversation.safeParse(answer).data;
  const named = [
    touched?.drafts?.conversation,
    touched?.posts?.conversation,
    touched?.tasks?.conversation,
    touched?.messages?.conversation?.id,
    ...(touched?.conversations ?? []).map((conversation) => conversation.id),
  ];
  return named.filter((id) => typeof id === 'string');
}

interface AnswerContext {
  at: number;
  region: CountryCode | undefined;
  params: Readonly<Record<string, string>>;
}

type Applier<N extends EndpointName> = (
  answer: EndpointResponse<N>,
  context: AnswerContext,
) => MirrorWrite;

const contactsAnswer: Applier<'createContacts' | 'updateContacts'> = (
  { contacts },
  { at, region },
) => ({
  records: contacts.map((contact) => contactWrite(contact, at, region)),
});
const labelsAnswer: Applier<'createSharedLabels' | 'updateSharedLabels'> = (
  { shared_labels },
  { at },
) => ({
  records: shared_labels.map((label) => plainWrite('shared_labels', label, at)),
});
const taskAnswer: Applier<'createTask' | 'updateTask'> = ({ tasks }, { at }) => ({
  records: [taskWrite(tasks, at)],
  // Its conversation's task counts changed: the next walk or webhook brings them.
  ...(tasks.conversation === null ? {} : { stale: [tasks.conversation] }),
});
const responsesAnswer: Applier<'createResponses' | 'updateResponses'> = (
  { responses },
  { at },
) => ({
  records: responses.map((item) => plainWrite('responses', item, at)),
});
const teamsAnswer: Applier<'createTeams' | 'updateTeams'> = ({ teams }, { at }) => ({
  records: teams.map((team) => plainWrite('teams', team, at)),
});

/**
 * The writes whose answer is the record as Missive now has it. Drafts, posts
 * and messages are not here: their answers do not carry the conversation,
 * whose last_activity_at moves, so the next round reads it.
 */
const appliers = {
  createContacts: contactsAnswer,
  updateContacts: contactsAnswer,
  updateConversations: ({ conversations }, { at, region }) => ({
    records: conversations.map((conversation) => conversationWrite(conversation, at, { region })),
  }),
  mergeConversations: ({ conversations }, { at, region, params }) => {
    const [target] = conversations;
    return {
      records: conversations.map((conversation) => conversationWrite(conversation, at, { region })),
      // The merged conversation's id keeps working in Missive; here too.
      ...(target && params.id ? { aliases: [{ oldId: params.id, newId: target.id, at }] } : {}),
    };
  },
  createSharedLabels: labelsAnswer,
  updateSharedLabels: labelsAnswer,
  createTask: taskAnswer,
  updateTask: taskAnswer,
  createResponses: responsesAnswer,
  updateResponses: responsesAnswer,
  createTeams: teamsAnswer,
  updateTeams: teamsAnswer,
} satisfies { [N in EndpointName]?: Applier<N> };
type WriteThrough = keyof typeof appliers;

function isWriteThrough(name: EndpointName): name is WriteThrough {
  return Object.hasOwn(appliers, name);
}

// N ties the endpoint's answer to its applier; it is not redundant.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function applyAnswer<N extends WriteThrough>(
  name: N,
  body: unknown,
  context: AnswerContext,
): MirrorWrite | undefined {
  const answer = endpoints[name].response.safeParse(body);
  if (!answer.success) return undefined;
  // Each applier is typed against its endpoint's answer above; TypeScript
  // cannot follow a generic name from the table to its schema, so it is told.
  const apply = appliers[name] as Applier<N>;
  return apply(answer.data as EndpointResponse<N>, context);
}
