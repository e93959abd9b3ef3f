import type { AttachmentFile } from '@crm/shared/missive/common';
import { FILES_HOST } from '../files';
import type {
  AddressField,
  Channel,
  CommentRecord,
  ConversationRecord,
  MessageRecord,
  TeamRecord,
  UserConversationState,
  UserRecord,
} from '../model';
import { itemAt, type Rng } from '../random';
import {
  e164,
  firstWord,
  uniqueEmail,
  uniquePhone,
  userById,
  type Directory,
  type Labels,
  type Person,
  type Staff,
} from './people';
import {
  AGENT_FOLLOW_UPS,
  ATTACHMENTS,
  CITIES,
  COMMENT_LINES,
  COMPANIES,
  CUSTOMER_FOLLOW_UPS,
  DOMAIN,
  FIRST_NAMES,
  FREEMAIL_DOMAINS,
  LAST_NAMES,
  MENTION_LINES,
  SMS_NUMBER,
  SUBTASK_TITLES,
  TASK_STATES,
  TEXT_FOLLOW_UPS,
  TEXT_OPENINGS,
  TEXT_REPLIES,
  TOPICS,
  WHATSAPP_NUMBER,
  type LabelPath,
  type Topic,
} from './tables';
import { between, dueAt, HOUR, MINUTE, pastTime, timesEndingAt } from './time';

/**
 * The conversations, each with its messages and internal comments: who
 * writes in on which channel about what, who answers, and which mailboxes
 * the thread sits in for each member of its team.
 */

/** The first conversations share a few exact last_activity_at seconds: paging by `until` must cope. */
export const TIE_GROUPS = 6;
const TIED_CONVERSATIONS = 18;

/** What every generator after the directory draws from, passed along as one. */
export interface World {
  rng: Rng;
  anchor: number;
  scale: number;
  staff: Staff;
  labels: Labels;
  directory: Directory;
  ties: number[];
  regulars: Person[];
  /**
   * Who in a pool can be written to by email or by phone, and each employer's
   * customers with an email, worked out once: filtering every pool per
   * conversation made a scaled seed quadratic. Same order, same draws.
   */
  reachable: Map<readonly Person[], Record<'email' | 'phone', readonly Person[]>>;
  colleagues: Map<string, readonly Person[]>;
}

/** The other side: a contact, or (about one time in seven) someone who is not one yet. */
interface Correspondent {
  person: Person | null;
  name: string | null;
  first: string | null;
  email: string | null;
  phone: string | null;
}

export interface Thread {
  conversation: ConversationRecord;
  messages: MessageRecord[];
  comments: CommentRecord[];
  topic: Topic | null;
}

const MESSAGE_COUNTS = [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7, 8] as const;
/** A scaled seed keeps threads short: its benchmarks count conversations and contacts, not bodies. */
const SCALED_MESSAGE_COUNTS = [1, 1, 2, 2, 3] as const;

export function createThread(world: World, index: number): Thread {
  const { rng, staff } = world;
  const roll = rng.next();
  const channel: Channel = roll < 0.8 ? 'email' : roll < 0.92 ? 'sms' : 'whatsapp';
  // Some email reaches the token owner directly, from their own contacts, outside any team.
  const direct = channel === 'email' && rng.chance(0.08);
  const topic = channel === 'email' ? rng.pick(TOPICS) : null;
  const team = direct ? null : staff.teams[topic?.team ?? 'support'];
  const access = team?.members ?? [staff.me.id];
  const who = chooseCorrespondent(world, channel, direct);
  const status = rng.next();
  const [trashed, junked, closed] = [status < 0.02, status >= 0.02 && status < 0.04, status >= 0.6];
  const open = !closed && !trashed && !junked;
  const assignees = chooseAssignees(rng, access, staff.me.id, closed);
  const agent = userById(staff, assignees[0] ?? rng.pick(access));
  const tied = index < TIED_CONVERSATIONS;
  const end = tied ? itemAt(world.ties, index % TIE_GROUPS) : pastTime(rng, world.anchor);
  const commentCount = rng.chance(0.3) ? rng.int(1, 3) : 0;
  // An internal note is sometimes the latest activity, after the last message.
  const lastIsComment = commentCount > 0 && rng.chance(0.3);
  const lastMessageAt = lastIsComment ? end - rng.int(5 * MINUTE, 6 * HOUR) : end;
  const counts = world.scale === 1 ? MESSAGE_COUNTS : SCALED_MESSAGE_COUNTS;
  const times = timesEndingAt(rng, lastMessageAt, rng.pick(counts));
  const id = rng.uuid();
  const theirs: AddressField =
    channel === 'email'
      ? { name: who.name, address: who.email }
      : { name: who.name, phone_number: who.phone };
  const cc = channel === 'email' ? ccFor(world, who) : [];
  const plan = {
    id,
    channel,
    topic,
    who,
    agent,
    ours: ourAddress(channel, team, agent),
    theirs,
    cc,
    closed,
    times,
  };
  const messages: MessageRecord[] = [];
  times.forEach((_, position) => messages.push(createMessage(rng, plan, position, messages)));
  const start = itemAt(times, 0);
  const comments = createComments(world, {
    id,
    access,
    count: commentCount,
    start,
    end,
    lastIsComment,
  });
  const labelPaths: LabelPath[] = [
    ...(topic?.labels ?? []),
    ...(who.person?.vip ? (['VIP'] as const) : []),
    ...(open && rng.chance(0.12) ? (['Follow up'] as const) : []),
  ];
  const conversation: ConversationRecord = {
    id,
    created_at: start,
    subject: topic && rng.chance(0.06) ? `${topic.subject} (${who.name ?? 'unknown'})` : null,
    color: rng.chance(0.04) ? rng.pick(['#D93F3F', '#F5A623', '#2E9E5B']) : null,
    organization: staff.organization.id,
    team: team?.id ?? null,
    team_inbox: open && team !== null,
    assignees,
    users: userStates(rng, { access, assignees, open, direct, me: staff.me.id }),
    shared_labels: [...new Set(labelPaths)].slice(0, 3).map((path) => world.labels.id(path)),
    closed,
    trashed,
    junked,
    channel,
    references: messages.flatMap((message) => message.email_message_id ?? []),
    merged_into: null,
    last_activity_at: Math.max(lastMessageAt, ...comments.map((comment) => comment.created_at)),
  };
  return { conversation, messages, comments, topic };
}

function chooseCorrespondent(world: World, channel: Channel, direct: boolean): Correspondent {
  const { rng } = world;
  if (rng.chance(0.15)) return stranger(world, channel);
  const candidates = reachableIn(world, contactPool(world, direct))[
    channel === 'email' ? 'email' : 'phone'
  ];
  if (candidates.length === 0) return stranger(world, channel);
  const person = rng.pick(candidates);
  return {
    person,
    name: person.name,
    first: person.first,
    email: person.email,
    phone: person.phone,
  };
}

function reachableIn(
  world: World,
  pool: readonly Person[],
): Record<'email' | 'phone', readonly Person[]> {
  let found = world.reachable.get(pool);
  if (!found) {
    found = {
      email: pool.filter((person) => person.email !== null),
      phone: pool.filter((person) => person.phone !== null),
    };
    world.reachable.set(pool, found);
  }
  return found;
}

/** Regulars write often and partners now and then; direct mail comes from the owner's own book. */
function contactPool(world: World, direct: boolean): readonly Person[] {
  const { rng, directory } = world;
  if (direct) return directory.personal;
  if (rng.chance(0.35)) return world.regulars;
  return rng.chance(0.12) ? directory.partners : directory.customers;
}

function stranger(world: World, channel: Channel): Correspondent {
  const { rng, directory } = world;
  const [first, last] = [rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)];
  if (channel !== 'email') {
    // A text from an unknown number carries no name.
    const phone = uniquePhone(rng, CITIES[rng.pick(COMPANIES)[2]].phone, directory.known);
    return { person: null, name: null, first: null, email: null, phone: e164(phone) };
  }
  const domain = rng.pick(FREEMAIL_DOMAINS);
  const email = uniqueEmail(rng, first, `${last}${rng.int(1, 99)}`, domain, directory.known);
  return { person: null, name: `${first} ${last}`, first, email, phone: null };
}

/** A colleague in cc, contact or not, so some conversations have several external participants. */
function ccFor(world: World, who: Correspondent): AddressField[] {
  const { rng, directory } = world;
  const employer = who.person?.employer;
  if (!employer || !rng.chance(0.15)) return [];
  let colleagues = world.colleagues.get(employer);
  if (!colleagues) {
    colleagues = directory.customers.filter((p) => p.employer === employer && p.email);
    world.colleagues.set(employer, colleagues);
  }
  const colleague = rng.sample(
    colleagues.filter((person) => person !== who.person),
    1,
  )[0];
  if (colleague) return [{ name: colleague.name, address: colleague.email }];
  const [first, last] = [rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES)];
  const domain = who.email?.split('@')[1] ?? DOMAIN;
  return [
    { name: `${first} ${last}`, address: uniqueEmail(rng, first, last, domain, directory.known) },
  ];
}

function chooseAssignees(rng: Rng, access: readonly string[], me: string, closed: boolean) {
  if (!rng.chance(closed ? 0.7 : 0.6)) return [];
  const mine = access.includes(me) && rng.chance(0.3) ? [me] : [];
  const others = access.filter((id) => id !== me);
  return [...mine, ...rng.sample(others, rng.chance(0.15) ? 2 : 1)].slice(0, 2);
}

interface AccessContext {
  access: readonly string[];
  assignees: readonly string[];
  open: boolean;
  /** Outside any team: the conversation sits in its one user's Inbox. */
  direct: boolean;
  me: string;
}

/** A personal Inbox holds open conversations assigned to its user; snoozing takes one out for now. */
export function userStates(
  rng: Rng,
  context: AccessContext,
): Record<string, UserConversationState> {
  const states: Record<string, UserConversationState> = {};
  for (const id of context.access) {
    const eligible = context.open && (context.direct || context.assignees.includes(id));
    const snoozed = eligible && rng.chance(0.12);
    const flagged = rng.chance(id === context.me ? 0.1 : 0.05);
    states[id] = { inbox: eligible && !snoozed, flagged, snoozed };
  }
  return states;
}

/** Where replies go out from: the team's alias, the agent's own address, or our number. */
function ourAddress(channel: Channel, team: TeamRecord | null, agent: UserRecord): AddressField {
  if (channel === 'sms') return { phone_number: SMS_NUMBER };
  if (channel === 'whatsapp') return { phone_number: WHATSAPP_NUMBER };
  if (!team) return { name: agent.name, address: agent.email };
  return { name: `Brightwell ${team.name}`, address: `${team.name.toLowerCase()}@${DOMAIN}` };
}

interface MessagePlan {
  id: string;
  channel: Channel;
  topic: Topic | null;
  who: Correspondent;
  agent: UserRecord;
  ours: AddressField;
  theirs: AddressField;
  cc: AddressField[];
  closed: boolean;
  times: readonly number[];
}

/** Customers write first and agents answer; each email threads onto every one before it. */
function createMessage(rng: Rng, plan: MessagePlan, position: number, earlier: MessageRecord[]) {
  const outgoing = position % 2 === 1;
  const email = plan.channel === 'email';
  const time = itemAt(plan.times, position);
  const subject = plan.topic?.subject ?? 'Question about my account';
  const references = earlier.flatMap((message) => message.email_message_id ?? []);
  const texts = outgoing ? TEXT_REPLIES : position === 0 ? TEXT_OPENINGS : TEXT_FOLLOW_UPS;
  const message: MessageRecord = {
    id: rng.uuid(),
    conversation: plan.id,
    type: plan.channel,
    subject: !email ? null : position === 0 ? subject : `Re: ${subject}`,
    body: email ? emailBody(rng, plan, position) : rng.pick(texts),
    // Copies, not shared objects: the emulator edits records in place.
    from_field: outgoing ? { ...plan.ours, name: plan.agent.name } : { ...plan.theirs },
    to_fields: [{ ...(outgoing ? plan.theirs : plan.ours) }],
    cc_fields: plan.cc.map((field) => ({ ...field })),
    bcc_fields: [],
    reply_to_fields: [],
    attachments: rng.chance(outgoing ? 0.04 : 0.12) ? [createAttachment(rng)] : [],
    delivered_at: time,
    created_at: time,
    updated_at: time,
    email_message_id: email ? `<${rng.uuid()}@mail.example.com>` : null,
    in_reply_to: references.slice(-1),
    references,
    external_id: null,
    outgoing,
  };
  return message;
}

/** The topic's lines open and settle the thread; stock lines fill longer back-and-forths. */
function emailBody(rng: Rng, plan: MessagePlan, position: number): string {
  const { topic, who, agent } = plan;
  if (position % 2 === 1) {
    const last = position === plan.times.length - 1;
    const reply = position === 1 ? topic?.reply : undefined;
    const text = (last && plan.closed ? topic?.closing : reply) ?? rng.pick(AGENT_FOLLOW_UPS);
    const hello = `<p>Hi ${who.first ?? 'there'},</p>`;
    return `${hello}<p>${text}</p><p>Best,<br>${agent.name}<br>Brightwell Support</p>`;
  }
  const scripted = position === 0 ? topic?.opening : position === 2 ? topic?.followUp : undefined;
  const hello = `<p>Hi ${position === 0 ? 'there' : firstWord(agent.name)},</p>`;
  return `${hello}<p>${scripted ?? rng.pick(CUSTOMER_FOLLOW_UPS)}</p><p>Thanks,<br>${who.first ?? ''}</p>`;
}

interface CommentPlan {
  id: string;
  access: readonly string[];
  count: number;
  start: number;
  end: number;
  lastIsComment: boolean;
}

function createComments(world: World, plan: CommentPlan): CommentRecord[] {
  const { rng, staff } = world;
  const times = Array.from({ length: plan.count }, () => between(rng, plan.start, plan.end));
  times.sort((a, b) => a - b);
  if (plan.lastIsComment) times.splice(-1, 1, plan.end);
  return times.map((time) => {
    const author = rng.pick(plan.access);
    const others = plan.access.filter((id) => id !== author);
    const mentioned = others.length > 0 && rng.chance(0.4) ? rng.pick(others) : null;
    const task = {
      description: rng.pick(SUBTASK_TITLES),
      state: rng.pick(TASK_STATES),
      due_at: dueAt(rng, time),
      assignees: [mentioned ?? author],
    };
    return {
      id: rng.uuid(),
      conversation: plan.id,
      body: mentioned
        ? `@${userById(staff, mentioned).name} ${rng.pick(MENTION_LINES)}`
        : rng.pick(COMMENT_LINES),
      author,
      mentions: mentioned ? [mentioned] : [],
      created_at: time,
      attachment: rng.chance(0.08) ? createAttachment(rng) : null,
      task: rng.chance(0.15) ? task : null,
    };
  });
}

/**
 * Chance alone makes each of the token owner's mailboxes likely to be filled;
 * the product's mailbox views need it certain, whatever the seed.
 */
export function ensureMeInEveryMailbox(
  conversations: readonly ConversationRecord[],
  me: string,
): void {
  const mine = conversations.filter(
    (c) => c.team !== null && !c.closed && !c.trashed && !c.junked && me in c.users,
  );
  const has = (test: (state: UserConversationState, c: ConversationRecord) => boolean) =>
    mine.some((c) => {
      const state = c.users[me];
      return state !== undefined && test(state, c);
    });
  const wanted: [boolean, UserConversationState][] = [
    [
      has((s, c) => s.inbox && c.assignees.includes(me)),
      { inbox: true, flagged: false, snoozed: false },
    ],
    [has((s) => s.snoozed), { inbox: false, flagged: false, snoozed: true }],
    [has((s) => s.flagged), { inbox: true, flagged: true, snoozed: false }],
  ];
  wanted.forEach(([present, state], slot) => {
    const conversation = mine[slot];
    if (present || !conversation) return;
    conversation.assignees = [me, ...conversation.assignees.filter((id) => id !== me)].slice(0, 2);
    conversation.users[me] = state;
  });
}

function createAttachment(rng: Rng): AttachmentFile {
  const { filename, type, sub, width, height } = rng.pick(ATTACHMENTS);
  const id = rng.uuid();
  return {
    id,
    filename,
    extension: filename.slice(filename.lastIndexOf('.') + 1),
    url: `${FILES_HOST}/${id}/${filename}`,
    media_type: type,
    sub_type: sub,
    size: rng.int(12_000, 2_400_000),
    width: width ?? null,
    height: height ?? null,
  };
}
