import { incomingMessageBody, type IncomingMessageBody } from '@crm/shared/emulator-control';
import { changeLabels, deleteContact, editContact, receiveMessage } from './control/actions';
import type { HandlerContext } from './handler';
import type { AddressField, ContactRecord, ConversationRecord, MessageRecord } from './model';
import { createRng, type Rng } from './random';
import {
  CONTACT_NOTES,
  CUSTOMER_FOLLOW_UPS,
  TEXT_FOLLOW_UPS,
  TEXT_OPENINGS,
  TOPICS,
} from './seed/tables';
import type { EmulatorState } from './state';

/**
 * The organisation going about its day while the emulator runs: customers
 * write in, colleagues edit, label and now and then delete. Each change goes
 * through the control surface's actions, so it moves timestamps, shows in
 * `modified_since` listings and reaches webhook rules exactly as a change made
 * through `/control` (or in Missive itself) does.
 *
 * Choices come from a generator seeded with the emulator's seed, so the same
 * seed replays the same story; new records still get random UUIDs.
 */

export interface ActivityOptions {
  /** The pause between two changes. */
  intervalMs: number;
  /** Seeds the choices, so a seed replays the same activity. */
  seed: number;
  onError: (message: string, error?: unknown) => void;
}

export interface Activity {
  /** Changes made so far. */
  readonly changes: number;
  /** Clears the timer: nothing is left to keep a process or a test alive. */
  stop: () => void;
}

type Change = (context: HandlerContext, rng: Rng) => boolean;

/** Out of 20 changes: mostly mail, now and then a deletion. */
const CHANGES: readonly Change[] = [
  ...repeat(8, replyToConversation),
  ...repeat(4, startConversation),
  ...repeat(5, editSomeContact),
  ...repeat(2, relabelConversation),
  ...repeat(1, deleteSomeContact),
];

function repeat(times: number, change: Change): Change[] {
  return Array.from({ length: times }, () => change);
}

export function startActivity(context: HandlerContext, options: ActivityOptions): Activity {
  // Its own stream, apart from the seed's: the data and the story vary independently.
  const rng = createRng(options.seed ^ 0x5eed_ac71);
  let timer: NodeJS.Timeout | undefined;
  let changes = 0;
  const tick = () => {
    try {
      if (rng.pick(CHANGES)(context, rng)) changes += 1;
    } catch (error) {
      options.onError('emulator activity failed to make a change', error);
    }
    schedule();
  };
  const schedule = () => {
    timer = setTimeout(tick, options.intervalMs);
    // The emulator's server keeps a process alive, not its pastime.
    timer.unref();
  };
  schedule();
  return {
    get changes() {
      return changes;
    },
    stop: () => {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * A random record that passes `test`, by a few draws rather than a scan, so
 * a tick costs the same in a scaled organisation; none after the draws, none.
 */
function draw<T>(rng: Rng, records: readonly T[], test: (record: T) => boolean): T | undefined {
  for (let attempt = 0; attempt < 50 && records.length; attempt += 1) {
    const record = records[rng.int(0, records.length - 1)];
    if (record !== undefined && test(record)) return record;
  }
  return undefined;
}

function firstIncoming(state: EmulatorState, conversation: string): MessageRecord | undefined {
  return state.of('messages', conversation).find((message) => !message.outgoing);
}

function isLive(conversation: ConversationRecord): boolean {
  return !conversation.merged_into && !conversation.trashed && !conversation.junked;
}

/**
 * What the control route would accept: the activity's messages pass the same
 * schema, so they can be nothing a person could not send through /control.
 */
function receive(context: HandlerContext, input: IncomingMessageBody): void {
  receiveMessage(context, incomingMessageBody.parse(input));
}

/** A seeded address as a sender or recipient of the control surface. */
function person(field: AddressField): IncomingMessageBody['from_field'] {
  const name = field.name ? field.name : undefined;
  if (field.address) return { name, address: field.address };
  if (field.phone_number) return { name, phone_number: field.phone_number };
  throw new Error('a seeded message field has neither an address nor a phone number');
}

/** A customer writes again in one of their conversations. */
function replyToConversation(context: HandlerContext, rng: Rng): boolean {
  const { state } = context;
  const conversation = draw(
    rng,
    state.data.conversations,
    (candidate) => isLive(candidate) && firstIncoming(state, candidate.id) !== undefined,
  );
  const customer = conversation && firstIncoming(state, conversation.id);
  if (!conversation || !customer) return false;
  receive(context, {
    conversation: conversation.id,
    from_field: person(customer.from_field),
    body:
      customer.type === 'email'
        ? `<p>${rng.pick(CUSTOMER_FOLLOW_UPS)}</p>`
        : rng.pick([...TEXT_FOLLOW_UPS, ...TEXT_OPENINGS]),
  });
  return true;
}

/**
 * A contact writes about something new, to the same address (and so the same
 * team) as an earlier conversation on that channel: an email, or a text when
 * they have a number on file.
 */
function startConversation(context: HandlerContext, rng: Rng): boolean {
  const { state } = context;
  const byText = rng.chance(0.2);
  const kind = byText ? 'phone_number' : 'email';
  const contact = draw(rng, state.data.contacts, (candidate) => handleOf(candidate, kind) !== null);
  const template = draw(
    rng,
    state.data.conversations,
    (candidate) =>
      isLive(candidate) &&
      candidate.team !== null &&
      candidate.channel === (byText ? 'sms' : 'email') &&
      firstIncoming(state, candidate.id) !== undefined,
  );
  const inbound = template && firstIncoming(state, template.id);
  const handle = contact && handleOf(contact, kind);
  if (!contact || !handle || !template || !inbound) return false;
  const name = [contact.first_name, contact.last_name].filter(Boolean).join(' ') || undefined;
  const topic = rng.pick(TOPICS);
  const route = { team: template.team ?? undefined, to_fields: inbound.to_fields.map(person) };
  receive(
    context,
    byText
      ? {
          ...route,
          from_field: { name, phone_number: `+${handle.replace(/\D/g, '')}` },
          body: rng.pick(TEXT_OPENINGS),
        }
      : {
          ...route,
          from_field: { name, address: handle },
          subject: topic.subject,
          body: `<p>Hi there,</p><p>${topic.opening}</p><p>Thanks,<br>${contact.first_name ?? ''}</p>`,
        },
  );
  return true;
}

function handleOf(contact: ContactRecord, kind: 'email' | 'phone_number'): string | null {
  if (contact.deleted) return null;
  const info = contact.infos.find((candidate) => candidate.kind === kind);
  return info && 'value' in info ? info.value : null;
}

/** A colleague stars a contact, rewrites its note or adds a mobile number. */
function editSomeContact(context: HandlerContext, rng: Rng): boolean {
  const contact = draw(rng, context.state.data.contacts, (candidate) => !candidate.deleted);
  if (!contact) return false;
  const roll = rng.next();
  if (roll < 0.4) {
    editContact(context, contact.id, { notes: rng.pick(CONTACT_NOTES) });
  } else if (roll < 0.7) {
    editContact(context, contact.id, { starred: !contact.starred });
  } else {
    const mobile = `+1 514 555-${String(rng.int(0, 9999)).padStart(4, '0')}`;
    editContact(context, contact.id, {
      infos: [...contact.infos, { kind: 'phone_number', label: 'mobile', value: mobile }],
    });
  }
  return true;
}

/** A colleague files a conversation under a label, or takes one off. */
function relabelConversation(context: HandlerContext, rng: Rng): boolean {
  const { state } = context;
  const conversation = draw(rng, state.data.conversations, isLive);
  if (!conversation) return false;
  const present = conversation.shared_labels;
  if (present.length && rng.chance(0.4)) {
    changeLabels(context, conversation.id, { remove_shared_labels: [rng.pick(present)] });
    return true;
  }
  const absent = state.data.sharedLabels.filter((label) => !present.includes(label.id));
  if (!absent.length) return false;
  changeLabels(context, conversation.id, { add_shared_labels: [rng.pick(absent).id] });
  return true;
}

function deleteSomeContact(context: HandlerContext, rng: Rng): boolean {
  const contact = draw(rng, context.state.data.contacts, (candidate) => !candidate.deleted);
  if (!contact) return false;
  deleteContact(context, contact.id);
  return true;
}
