import type {
  CannedResponseRecord,
  ConversationRecord,
  DraftRecord,
  EmulatorData,
  PostRecord,
  TaskRecord,
} from './model';
import { FILES_HOST } from './files';
import { createRng, itemAt } from './random';
import {
  createThread,
  ensureMeInEveryMailbox,
  TIE_GROUPS,
  userStates,
  type Thread,
  type World,
} from './seed/conversations';
import { createDirectory, createLabels, createStaff, firstWord, userById } from './seed/people';
import {
  DRAFT_BODIES,
  RESPONSES,
  STANDALONE_TASKS,
  SUBTASK_TITLES,
  TASK_STATES,
} from './seed/tables';
import { between, DAY, dueAt, HISTORY, HOUR, MINUTE, pastTime } from './seed/time';

/**
 * The emulator's starting data: Brightwell, a small booking-software company,
 * and the support inbox it has answered over the last three months.
 *
 * One seeded generator and one anchor ("now") drive everything, so a test, a
 * screenshot or a bug report can rebuild exactly the same inbox.
 *
 * This file runs the draws in order and writes what hangs off the
 * conversations (drafts, integration posts, tasks) and the canned responses.
 * The rest lives in seed/: the static tables (names, companies, topics,
 * lines of text), seeded time, the people and contact books, and the
 * conversations with their messages and comments.
 */

export interface SeedOptions {
  /** "Now", in Unix seconds: every seeded time lies before it, scheduled sends and due dates aside. */
  anchor: number;
  seed?: number;
  /**
   * Multiplies the customers and their conversations (not the staff, labels,
   * companies or canned responses) for benchmarks: 100 gives about 30,000
   * contacts and 40,000 conversations. 1 is the everyday organisation.
   */
  scale?: number;
}

export const DEFAULT_SEED = 20_240_611;

const CONVERSATION_COUNT = 400;
/** Customers who write in again and again, so a contact's other conversations are worth showing. */
const REGULAR_COUNT = 30;

export function createSeedData({
  anchor,
  seed = DEFAULT_SEED,
  scale = 1,
}: SeedOptions): EmulatorData {
  if (!Number.isInteger(scale) || scale < 1)
    throw new Error(`scale must be a whole number ≥ 1, not ${scale}`);
  const rng = createRng(seed);
  const staff = createStaff(rng);
  const labels = createLabels(rng, staff.organization);
  const directory = createDirectory(rng, anchor, staff, scale);
  const ties = Array.from({ length: TIE_GROUPS }, () => pastTime(rng, anchor));
  const regulars = rng.sample(directory.customers, REGULAR_COUNT * scale);
  const world: World = {
    rng,
    anchor,
    scale,
    staff,
    labels,
    directory,
    ties,
    regulars,
    reachable: new Map(),
    colleagues: new Map(),
  };
  const threads = Array.from({ length: CONVERSATION_COUNT * scale }, (_, index) =>
    createThread(world, index),
  );
  const conversations = threads.map((thread) => thread.conversation);
  ensureMeInEveryMailbox(conversations, staff.me.id);
  const { tasks, taskConversations } = createTasks(world, conversations);
  return {
    organizations: [staff.organization],
    users: staff.users,
    teams: [staff.teams.support, staff.teams.billing],
    sharedLabels: labels.records,
    contactBooks: directory.books,
    contactGroups: directory.groups,
    contacts: directory.contacts,
    conversations: [...conversations, ...taskConversations],
    messages: threads.flatMap((thread) => thread.messages),
    comments: threads.flatMap((thread) => thread.comments),
    drafts: createDrafts(world, threads),
    posts: createPosts(world, threads),
    responses: createResponses(world),
    tasks,
    hooks: [],
    reports: [],
  };
}

// --- Drafts, integration posts and canned responses ------------------------

function createDrafts(world: World, threads: readonly Thread[]): DraftRecord[] {
  const { rng, anchor, staff } = world;
  const open = threads.filter(({ conversation: c }) => !c.closed && !c.trashed && !c.junked);
  return rng
    .sample(open, Math.round(threads.length * 0.05))
    .map(({ conversation, messages }, index) => {
      const last = itemAt(messages, messages.length - 1);
      const author = userById(
        staff,
        conversation.assignees[0] ?? rng.pick(Object.keys(conversation.users)),
      );
      const created = between(rng, last.delivered_at, conversation.last_activity_at);
      // Every fourth draft is scheduled ("send later"), every other one of those with a follow-up.
      const sendAt = index % 4 === 0 ? anchor + rng.int(2 * HOUR, 3 * DAY) : null;
      const [ours, theirs] = last.outgoing
        ? [last.from_field, last.to_fields]
        : [last.to_fields[0], [last.from_field]];
      return {
        id: rng.uuid(),
        conversation: conversation.id,
        type: conversation.channel,
        author: author.id,
        subject: last.subject === null ? null : `Re: ${last.subject.replace(/^Re: /, '')}`,
        body: `<p>Hi ${firstWord(theirs[0]?.name ?? 'there')},</p>${rng.pick(DRAFT_BODIES)}`,
        from_field: { ...ours, name: author.name },
        to_fields: theirs.map((field) => ({ ...field })),
        cc_fields: [],
        bcc_fields: [],
        attachments: [],
        send_at: sendAt,
        auto_followup: sendAt !== null && index % 8 === 0,
        created_at: created,
        updated_at: created,
      };
    });
}

function createPosts(world: World, threads: readonly Thread[]): PostRecord[] {
  const { rng } = world;
  const billing = threads.filter((thread) => thread.topic?.team === 'billing');
  const bugs = threads.filter((thread) => thread.topic?.labels.includes('Product/Bugs'));
  const post = (thread: Thread, username: string, body: string) => ({
    id: rng.uuid(),
    conversation: thread.conversation.id,
    created_at: between(rng, thread.conversation.created_at, thread.conversation.last_activity_at),
    username,
    username_icon: `${FILES_HOST}/icons/${username.toLowerCase()}.png`,
    text: null,
    notification: { title: username, body },
  });
  const stripe = rng.sample(billing, 7 * world.scale).map((thread): PostRecord => {
    const amount = `$${rng.int(29, 480)}.00`;
    const reason = rng.pick(['card_declined', 'expired_card', 'insufficient_funds']);
    const fields = [
      { title: 'Amount', value: amount, short: true },
      { title: 'Reason', value: reason, short: true },
    ];
    const attachment = { color: '#D93F3F', title: 'Payment failed', fields };
    return {
      ...post(thread, 'Stripe', `Payment of ${amount} failed`),
      markdown: null,
      attachments: [attachment],
    };
  });
  const linear = rng.sample(bugs, 5 * world.scale).map((thread): PostRecord => {
    const issue = `BW-${rng.int(1200, 1600)}`;
    const status = rng.pick(['In Progress', 'In Review', 'Done']);
    const markdown = `**${issue}** moved to *${status}* by the Platform team`;
    return { ...post(thread, 'Linear', `${issue} was updated`), markdown, attachments: [] };
  });
  return [...stripe, ...linear];
}

function createResponses(world: World): CannedResponseRecord[] {
  const { rng, anchor, staff, labels } = world;
  const owners = [staff.me, itemAt(staff.users, 1)];
  return RESPONSES.map(([title, subject, body, paths], index): CannedResponseRecord => {
    const owner = owners[index - (RESPONSES.length - owners.length)];
    const billing = paths.some((path) => path.startsWith('Billing'));
    return {
      id: rng.uuid(),
      title,
      body,
      subject,
      organization: owner ? null : staff.organization.id,
      user: owner?.id ?? null,
      share_with_team: billing ? staff.teams.billing.id : null,
      modified_at: pastTime(rng, anchor, 2 * HISTORY),
      to_fields: [],
      cc_fields: [],
      bcc_fields: [],
      attachments: [],
      shared_labels: paths.map((path) => labels.id(path)),
    };
  });
}

// --- Tasks -----------------------------------------------------------------

type TaskPlan = Pick<
  TaskRecord,
  'title' | 'description' | 'team' | 'assignees' | 'conversation' | 'subtask' | 'created_at'
>;

function createTask(world: World, plan: TaskPlan): TaskRecord {
  const { rng, anchor, staff } = world;
  return {
    ...plan,
    id: rng.uuid(),
    state: rng.pick(TASK_STATES),
    organization: staff.organization.id,
    due_at: dueAt(rng, plan.created_at),
    last_activity_at: between(rng, plan.created_at, anchor - MINUTE),
  };
}

function createTasks(world: World, conversations: readonly ConversationRecord[]) {
  const { rng, anchor, staff } = world;
  const live = conversations.filter((c) => c.team !== null && !c.trashed && !c.junked);
  const subtasks = rng.sample(live, 28 * world.scale).map((conversation) => {
    const fallback = [rng.pick(Object.keys(conversation.users))];
    return createTask(world, {
      title: rng.pick(SUBTASK_TITLES),
      description: null,
      team: conversation.team,
      assignees: conversation.assignees.length > 0 ? [...conversation.assignees] : fallback,
      conversation: conversation.id,
      subtask: true,
      created_at: between(rng, conversation.created_at, conversation.last_activity_at),
    });
  });
  const teams = [staff.teams.support, staff.teams.billing];
  // To Missive, a standalone task is a conversation of its own, without messages.
  const standalone = STANDALONE_TASKS.map(([title, description]) => {
    const team = rng.chance(0.6) ? rng.pick(teams) : null;
    const members = team?.members ?? staff.users.map((user) => user.id);
    const assignees = rng.sample(members, team && rng.chance(0.3) ? 0 : rng.int(1, 2));
    const task = createTask(world, {
      title,
      description,
      team: team?.id ?? null,
      assignees,
      conversation: rng.uuid(),
      subtask: false,
      created_at: pastTime(rng, anchor, 60 * DAY),
    });
    const open = task.state !== 'closed';
    const access = team ? members : assignees;
    const conversation: ConversationRecord = {
      id: task.conversation,
      created_at: task.created_at,
      subject: title,
      color: null,
      organization: staff.organization.id,
      team: task.team,
      team_inbox: open && team !== null,
      assignees: [...assignees],
      users: userStates(rng, { access, assignees, open, direct: false, me: staff.me.id }),
      shared_labels: [],
      closed: !open,
      trashed: false,
      junked: false,
      channel: 'custom',
      references: [],
      merged_into: null,
      last_activity_at: task.last_activity_at,
    };
    return { task, conversation };
  });
  return {
    tasks: [...subtasks, ...standalone.map((entry) => entry.task)],
    taskConversations: standalone.map((entry) => entry.conversation),
  };
}
