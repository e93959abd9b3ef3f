import type { accountTypes, Report, ReportRequest } from '@crm/shared/missive/analytics';
import { HttpError } from '../../http/http-error';
import type { Handlers } from '../handler';
import { mustExist } from '../lookup';
import type { ConversationRecord, MessageRecord } from '../model';
import type { EmulatorState } from '../state';

/**
 * Reports are asynchronous in Missive: 404 (with no body) until complete,
 * 200 once complete, 404 again a minute after completion.
 */
const notReady = () => new HttpError(404, '', { emptyBody: true });

export const analyticsHandlers = {
  createAnalyticsReport({ body: { reports: request } }, { state, reports }) {
    mustExist(state, 'organizations', [request.organization], 'organization');
    mustExist(state, 'teams', request.teams, 'teams');
    mustExist(state, 'users', request.users, 'users');
    mustExist(state, 'sharedLabels', request.shared_labels, 'shared_labels');
    const now = state.nowMs();
    const report = state.insert('reports', {
      id: state.newId(),
      request,
      created_at_ms: now,
      ready_at_ms: now + reports.delayMs,
    });
    return { reports: { id: report.id } };
  },

  getAnalyticsReport({ params }, { state, reports }) {
    const report = state.get('reports', params.id);
    const now = state.nowMs();
    if (!report || now < report.ready_at_ms) throw notReady();
    if (now >= report.ready_at_ms + reports.ttlMs) {
      state.remove('reports', report.id);
      throw notReady();
    }
    return {
      reports: buildReport(state, report.id, report.request, Math.floor(report.ready_at_ms / 1000)),
    };
  },
} satisfies Partial<Handlers>;

type Counts = Pick<
  Report['totals'],
  | 'conversations_created'
  | 'messages_received'
  | 'messages_sent'
  | 'comments_created'
  | 'conversations_closed'
>;
const zero = (): Counts => ({
  conversations_created: 0,
  messages_received: 0,
  messages_sent: 0,
  comments_created: 0,
  conversations_closed: 0,
});

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 ? upper : Math.round(((sorted[middle - 1] ?? upper) + upper) / 2);
}

/** Every emulator channel is one of Missive's account types. */
function accountType(message: MessageRecord): (typeof accountTypes)[number] {
  return message.type;
}

/** The report's figures, computed from the emulator's data for the period and filters. */
function buildReport(
  state: EmulatorState,
  id: string,
  request: ReportRequest,
  completedAt: number,
): Report {
  const timeZone = request.time_zone ?? 'UTC';
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const inPeriod = (time: number) => time >= request.start && time <= request.end;
  const userByEmail = new Map(state.data.users.map((user) => [user.email.toLowerCase(), user]));

  const conversations = state.data.conversations.filter((conversation: ConversationRecord) => {
    if (conversation.merged_into) return false;
    if (request.teams?.length && !(conversation.team && request.teams.includes(conversation.team)))
      return false;
    if (request.users?.length && !request.users.some((user) => user in conversation.users))
      return false;
    if (
      request.shared_labels?.length &&
      !conversation.shared_labels.some((label) => request.shared_labels?.includes(label))
    )
      return false;
    return true;
  });

  const totals = zero();
  const byDay = new Map<string, Counts>();
  const byUser = new Map<
    string,
    { messages_sent: number; conversations_closed: number; comments_created: number }
  >();
  const byTeam = new Map<string, { conversations_created: number; conversations_closed: number }>();
  const byLabel = new Map<string, number>();
  const byAccount = new Map<string, { messages_received: number; messages_sent: number }>();
  const firstResponses: number[] = [];
  const resolutions: number[] = [];
  const bump = (time: number, field: keyof Counts) => {
    totals[field] += 1;
    const key = day.format(new Date(time * 1000));
    const counts = byDay.get(key) ?? zero();
    counts[field] += 1;
    byDay.set(key, counts);
  };
  const userRow = (userId: string) => {
    const row = byUser.get(userId) ?? {
      messages_sent: 0,
      conversations_closed: 0,
      comments_created: 0,
    };
    byUser.set(userId, row);
    return row;
  };
  const teamRow = (teamId: string) => {
    const row = byTeam.get(teamId) ?? { conversations_created: 0, conversations_closed: 0 };
    byTeam.set(teamId, row);
    return row;
  };

  for (const conversation of conversations) {
    const messages = state
      .of('messages', conversation.id)
      .filter(
        (message) =>
          !request.account_types?.length || request.account_types.includes(accountType(message)),
      )
      .sort((a, b) => a.delivered_at - b.delivered_at);
    if (request.account_types?.length && !messages.length) continue;
    if (inPeriod(conversation.created_at)) {
      bump(conversation.created_at, 'conversations_created');
      if (conversation.team) teamRow(conversation.team).conversations_created += 1;
      for (const label of conversation.shared_labels)
        byLabel.set(label, (byLabel.get(label) ?? 0) + 1);
      const firstIn = messages.find((message) => !message.outgoing);
      const reply =
        firstIn &&
        messages.find(
          (message) => message.outgoing && message.delivered_at >= firstIn.delivered_at,
        );
      if (firstIn && reply) firstResponses.push(reply.delivered_at - firstIn.delivered_at);
    }
    // The emulator does not record when a conversation was closed; its last activity stands in.
    if (conversation.closed && inPeriod(conversation.last_activity_at)) {
      bump(conversation.last_activity_at, 'conversations_closed');
      resolutions.push(conversation.last_activity_at - conversation.created_at);
      if (conversation.team) teamRow(conversation.team).conversations_closed += 1;
      for (const assignee of conversation.assignees) userRow(assignee).conversations_closed += 1;
    }
    for (const message of messages.filter((candidate) => inPeriod(candidate.delivered_at))) {
      bump(message.delivered_at, message.outgoing ? 'messages_sent' : 'messages_received');
      const account = byAccount.get(accountType(message)) ?? {
        messages_received: 0,
        messages_sent: 0,
      };
      account[message.outgoing ? 'messages_sent' : 'messages_received'] += 1;
      byAccount.set(accountType(message), account);
      const sender =
        message.outgoing && message.from_field.address
          ? userByEmail.get(message.from_field.address.toLowerCase())
          : undefined;
      if (sender) userRow(sender.id).messages_sent += 1;
    }
    for (const comment of state
      .of('comments', conversation.id)
      .filter((candidate) => inPeriod(candidate.created_at))) {
      bump(comment.created_at, 'comments_created');
      userRow(comment.author).comments_created += 1;
    }
  }

  const nameOf = (collection: 'users' | 'teams' | 'sharedLabels', key: string) =>
    state.get(collection, key)?.name ?? 'Unknown';
  return {
    id,
    organization: request.organization,
    start: request.start,
    end: request.end,
    time_zone: timeZone,
    completed_at: completedAt,
    totals: {
      ...totals,
      median_first_response_seconds: median(firstResponses),
      median_resolution_seconds: median(resolutions),
    },
    by_day: [...byDay.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, counts]) => ({ date, ...counts })),
    by_user: [...byUser.entries()].map(([user, row]) => ({
      user,
      name: nameOf('users', user),
      ...row,
    })),
    by_team: [...byTeam.entries()].map(([team, row]) => ({
      team,
      name: nameOf('teams', team),
      ...row,
    })),
    by_label: [...byLabel.entries()].map(([label, conversationsCount]) => ({
      shared_label: label,
      name: nameOf('sharedLabels', label),
      conversations: conversationsCount,
    })),
    by_account_type: [...byAccount.entries()].map(([account_type, row]) => ({
      account_type,
      ...row,
    })),
  };
}
