import type { CountryCode } from 'libphonenumber-js';
import type {
  ContextParticipant,
  ContextSource,
  ConversationContext,
  HostConversation,
  Participant,
} from '@crm/shared/context';
import type { Contact } from '@crm/shared/missive/contacts';
import type { Lane } from '../gateway/budget';
import type { Freshness } from './freshness';
import { messagePeopleSchema } from './handles';
import type { Mirrored, MirrorReader } from './mirror-reader';
import { conversationTitle, externalPeople } from './participants';

/** Other conversations listed per person: the card shows the latest few. */
const OTHER_CONVERSATIONS = 5;

export interface ContextDeps {
  reader: MirrorReader;
  /** Reads a conversation the mirror lacks from Missive, for the agent waiting, and keeps it. */
  freshness: Pick<Freshness, 'refreshConversation'>;
  region?: CountryCode | undefined;
}

/**
 * The sidebar's whole context for one conversation: what the host window
 * gave first, the mirror second, and Missive only for a conversation the
 * mirror has never seen (one call, in the caller's lane, then kept).
 * Undefined when Missive does not know the conversation either.
 */
export async function buildConversationContext(
  conversationId: string,
  host: HostConversation | undefined,
  caller: { agent: string; lane: Lane },
  deps: ContextDeps,
): Promise<ConversationContext | undefined> {
  const latest = host?.latest_message ?? undefined;
  let source: ContextSource = 'mirror';
  let mirrored = await deps.reader.getConversation(conversationId);
  if (!mirrored) {
    const message = latest ? messagePeopleSchema.safeParse(latest).data : undefined;
    mirrored = await deps.freshness.refreshConversation(conversationId, { ...caller, message });
    if (!mirrored) return undefined;
    source = 'missive';
  }
  const conversation = mirrored.record;
  const [own, labels, tasks] = await Promise.all([
    deps.reader.ownAddresses(),
    deps.reader.listLabels(),
    deps.reader.tasksOfConversation(conversation.id),
  ]);
  const people = externalPeople(conversation, latest, own, deps.region);
  const participants = await Promise.all(
    people.map((person) => matchPerson(person, conversation.id, deps.reader)),
  );
  const applied = new Set(conversation.shared_labels.map((label) => label.id));
  return {
    conversation,
    title: conversationTitle(conversation, people),
    // Missive's conversation record does not say; the mirror keeps no messages yet.
    channel: null,
    participants: participants.map(({ participant }) => participant),
    labels: labels.filter((label) => applied.has(label.id)),
    tasks: tasks.map((task) => task.record),
    sources: { conversation: source, participants: latest ? 'host' : source },
    as_of: {
      conversation: mirrored.asOf,
      contacts: oldest(participants.flatMap(({ contacts }) => contacts)),
      tasks: oldest(tasks),
    },
  };
}

async function matchPerson(
  person: Participant,
  conversationId: string,
  reader: MirrorReader,
): Promise<{ participant: ContextParticipant; contacts: Mirrored<Contact>[] }> {
  const emails = person.email ? [person.email] : [];
  const phones = person.phone ? [person.phone] : [];
  const [byEmail, byPhone, others] = await Promise.all([
    reader.contactsByEmails(emails),
    reader.contactsByPhones(phones),
    reader.conversationsWith(
      { emails, phones },
      { excludeId: conversationId, limit: OTHER_CONVERSATIONS },
    ),
  ]);
  // One person's record may hold both their address and their number.
  const contacts = [...byEmail, ...byPhone].filter(
    (contact, index, all) =>
      all.findIndex((other) => other.record.id === contact.record.id) === index,
  );
  return {
    participant: {
      ...person,
      contacts: contacts.map((contact) => contact.record),
      other_conversations: others.map((other) => other.record),
    },
    contacts,
  };
}

/** How fresh a part is: as fresh as its least recently confirmed record; null with none. */
function oldest(records: readonly Mirrored<unknown>[]): number | null {
  return records.length === 0 ? null : Math.min(...records.map((record) => record.asOf));
}
