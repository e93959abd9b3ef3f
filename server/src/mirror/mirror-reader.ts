import type { CountryCode } from 'libphonenumber-js';
import type { z } from 'zod';
import {
  contactBookSchema,
  contactGroupSchema,
  contactSchema,
  type Contact,
  type ContactBook,
  type ContactGroup,
} from '@crm/shared/missive/contacts';
import { conversationSchema, type Conversation } from '@crm/shared/missive/conversations';
import { sharedLabelSchema, type SharedLabel } from '@crm/shared/missive/labels';
import {
  organizationSchema,
  teamSchema,
  userSchema,
  type Organization,
  type Team,
  type User,
} from '@crm/shared/missive/people';
import { cannedResponseSchema, type CannedResponse } from '@crm/shared/missive/responses';
import { taskSchema, type Task } from '@crm/shared/missive/tasks';
import { syncObjects, type SyncObjectReport, type SyncReport } from '@crm/shared/sync';
import type { ActivityKey, MirrorStore, StoredRecord, SyncStateRow } from '../store/mirror-store';
import { normalizeEmail } from './handles';
import { normalizePhone } from './phone';
import type { OwnAddresses } from './participants';
import { planParts, prerequisites, type Part } from './plan';

/** A record from the mirror and how fresh it is. */
export interface Mirrored<T> {
  record: T;
  /** When it last matched Missive (ms epoch). */
  asOf: number;
  /** A webhook said it changed and the refresh has not landed (yet). */
  stale: boolean;
}

/** The people on a conversation, as keys: addresses and phone numbers in any form. */
export interface Handles {
  emails?: readonly string[];
  phones?: readonly string[];
}

/**
 * What the gateway answers from instead of Missive. Reads never call
 * Missive and never throw for an unknown id: what the mirror does not have is
 * `undefined` or an empty list, and the caller decides whether to ask Missive.
 */
export interface MirrorReader {
  /** The conversation, following merges (an old id answers the surviving conversation). */
  getConversation(id: string): Promise<Mirrored<Conversation> | undefined>;
  /** Contacts of every book with any of these emails (case-insensitive), each once. */
  contactsByEmails(emails: readonly string[]): Promise<Mirrored<Contact>[]>;
  /** Contacts of every book with any of these numbers, however written (compared as E.164), each once. */
  contactsByPhones(phones: readonly string[]): Promise<Mirrored<Contact>[]>;
  /** Full-text search over names, emails, phones, companies, notes… of every book, best first. */
  searchContacts(text: string, limit: number): Promise<Mirrored<Contact>[]>;
  /** Conversations these people wrote or were written to in, newest activity first. */
  conversationsWith(
    who: Handles,
    options: { excludeId?: string; limit: number },
  ): Promise<Mirrored<Conversation>[]>;
  /** The tasks filed under a conversation. */
  tasksOfConversation(id: string): Promise<Mirrored<Task>[]>;
  /** Every conversation, newest activity first, a page at a time; `next` is where the next page starts. */
  pageConversations(options: {
    after?: ActivityKey | undefined;
    limit: number;
  }): Promise<{ page: Mirrored<Conversation>[]; next: ActivityKey | undefined }>;
  listLabels(): Promise<SharedLabel[]>;
  listUsers(): Promise<User[]>;
  listTeams(): Promise<Team[]>;
  listOrganizations(): Promise<Organization[]>;
  listContactBooks(): Promise<ContactBook[]>;
  /** Groups and organizations, of one contact book or of all. */
  listContactGroups(book?: string): Promise<(ContactGroup & { contact_book: string })[]>;
  listResponses(): Promise<CannedResponse[]>;
  /**
   * The organisation's own emails and phone numbers, so a sidebar can leave
   * the team out of a conversation's participants: users' emails, and every
   * address or number that wrote under a user's name (shared aliases such as
   * support@, the SMS and WhatsApp numbers).
   */
  ownAddresses(): Promise<{ emails: string[]; phones: string[] }>;
  /**
   * When every part of `object` last finished a walk, if every part has (and
   * the list the parts come from has been read): from then on the mirror
   * holds all of it. Null while it does not.
   */
  completeSince(object: Part['object']): Promise<number | null>;
  status(): Promise<SyncReport>;
}

export interface MirrorReaderOptions {
  store: MirrorStore;
  region?: CountryCode | undefined;
  budgetShare: number;
  intervalS: number;
  /** Whether the background sync runs in this process. */
  running: () => boolean;
  /** OWN_ADDRESSES: the team's own, beyond what the mirror learns. */
  ownAddresses?: OwnAddresses | undefined;
  clock?: () => number;
}

export function createMirrorReader(options: MirrorReaderOptions): MirrorReader {
  const { store, region } = options;
  const clock = options.clock ?? Date.now;

  /** Records that still parse as their schema; a damaged row reads as absent. */
  const parsed = <S extends z.ZodType>(rows: readonly StoredRecord[], schema: S) =>
    rows.flatMap((row) => {
      const result = schema.safeParse(row.data);
      return result.success ? [{ row, record: result.data }] : [];
    });
  const mirrored = <S extends z.ZodType>(rows: readonly StoredRecord[], schema: S) =>
    parsed(rows, schema).map(({ row, record }): Mirrored<z.output<S>> => ({
      record,
      asOf: row.syncedAt,
      stale: row.stale,
    }));
  const list = async <S extends z.ZodType>(
    kind: Part['object'],
    schema: S,
  ): Promise<z.output<S>[]> =>
    parsed(await store.recordsOfKind(kind), schema).map(({ record }) => record);

  /**
   * A contact is as fresh as its book's last finished round, which read
   * every change since the one before; or fresher, if written since.
   */
  const contacts = async (ids: readonly string[]): Promise<Mirrored<Contact>[]> => {
    if (ids.length === 0) return [];
    const rows = await store.recordsByIds('contacts', ids);
    const confirmed = new Map(
      (await store.syncStates())
        .filter((state) => state.object === 'contacts')
        .map((state) => [state.scope, state.confirmedAt ?? 0]),
    );
    return mirrored(rows, contactSchema).map((contact) => ({
      ...contact,
      asOf: Math.max(contact.asOf, confirmed.get(contact.record.contact_book) ?? 0),
    }));
  };

  // Every outgoing message is an author row named like a user: reading them
  // takes ~10 ms at 40 000 conversations, and the answer changes by the week.
  let own: { at: number; value: { emails: string[]; phones: string[] } } | undefined;

  const phones = (numbers: readonly string[]) =>
    unique(numbers.flatMap((number) => normalizePhone(number, region) ?? []));
  const emails = (addresses: readonly string[]) =>
    unique(addresses.flatMap((address) => normalizeEmail(address) ?? []));

  /** The sync's parts as the mirror knows them now, and their states. */
  const planAndStates = async () => {
    const [states, books, teams] = await Promise.all([
      store.syncStates(),
      store.recordsOfKind('contact_books'),
      store.recordsOfKind('teams'),
    ]);
    const plan = planParts({
      books: books.map((row) => row.id),
      teams: teams.map((row) => row.id),
    });
    return { plan, states };
  };

  return {
    async getConversation(id) {
      const current = await store.resolveAlias(id);
      const row = await store.getRecord('conversations', current);
      return row && mirrored([row], conversationSchema)[0];
    },

    async contactsByEmails(addresses) {
      return contacts(await store.contactIdsByEmails(emails(addresses)));
    },

    async contactsByPhones(numbers) {
      return contacts(await store.contactIdsByPhones(phones(numbers)));
    },

    async searchContacts(text, limit) {
      return contacts(await store.searchContactIds(text, clampLimit(limit)));
    },

    async conversationsWith(who, { excludeId, limit }) {
      const addresses = [...emails(who.emails ?? []), ...phones(who.phones ?? [])];
      const exclude = excludeId === undefined ? undefined : await store.resolveAlias(excludeId);
      const ids = await store.conversationIdsWith(addresses, {
        excludeId: exclude,
        limit: clampLimit(limit),
      });
      return mirrored(await store.recordsByIds('conversations', ids), conversationSchema);
    },

    async tasksOfConversation(id) {
      const current = await store.resolveAlias(id);
      return mirrored(await store.recordsOfKind('tasks', current), taskSchema);
    },

    async pageConversations({ after, limit }) {
      const { rows, next } = await store.recordsByActivity('conversations', {
        after,
        limit: clampLimit(limit),
      });
      return { page: mirrored(rows, conversationSchema), next };
    },

    listLabels: () => list('shared_labels', sharedLabelSchema),
    listUsers: () => list('users', userSchema),
    listTeams: () => list('teams', teamSchema),
    listOrganizations: () => list('organizations', organizationSchema),
    listContactBooks: () => list('contact_books', contactBookSchema),
    listResponses: () => list('responses', cannedResponseSchema),

    async listContactGroups(book) {
      return parsed(await store.recordsOfKind('contact_groups', book), contactGroupSchema).map(
        ({ row, record }) => ({ ...record, contact_book: row.parentId ?? '' }),
      );
    },

    async ownAddresses() {
      const now = clock();
      if (own && now - own.at < OWN_ADDRESSES_TTL_MS) return own.value;
      const users = await list('users', userSchema);
      const names = unique(users.map((user) => user.name.trim().toLowerCase()).filter(Boolean));
      const authored = await store.authorAddressesNamed(names);
      const value = {
        emails: unique([
          ...(options.ownAddresses?.emails ?? []),
          ...emails(users.map((user) => user.email)),
          ...authored.filter((entry) => entry.kind === 'email').map((entry) => entry.address),
        ]),
        phones: unique([
          ...(options.ownAddresses?.phones ?? []),
          ...authored.filter((entry) => entry.kind === 'phone').map((entry) => entry.address),
        ]),
      };
      own = { at: now, value };
      return value;
    },

    async completeSince(object) {
      const { plan, states } = await planAndStates();
      const reports = new Map<Part['object'], SyncObjectReport>();
      for (const each of [prerequisites[object], object]) {
        if (!each) continue;
        reports.set(
          each,
          objectReport(each, plan, states, 0, clock(), (prerequisite) => reports.get(prerequisite)),
        );
      }
      return reports.get(object)?.lastSuccessAt ?? null;
    },

    async status() {
      const [{ plan, states }, counts] = await Promise.all([planAndStates(), store.countByKind()]);
      const reports = new Map<string, SyncObjectReport>();
      for (const object of syncObjects) {
        reports.set(
          object,
          objectReport(object, plan, states, counts[object] ?? 0, clock(), (prerequisite) =>
            reports.get(prerequisite),
          ),
        );
      }
      return {
        running: options.running(),
        budgetShare: options.budgetShare,
        intervalS: options.intervalS,
        objects: [...reports.values()],
      };
    },
  };
}

/**
 * One object's state from its parts' states: failing if any part is, live
 * once every part has finished a walk (and the list the parts come from has
 * been read), the least recent part's figures otherwise.
 */
function objectReport(
  object: Part['object'],
  plan: readonly Part[],
  states: readonly SyncStateRow[],
  rows: number,
  now: number,
  reportOf: (object: Part['object']) => SyncObjectReport | undefined,
): SyncObjectReport {
  const own = states.filter((state) => state.object === object);
  const parts = plan
    .filter((part) => part.object === object)
    .map((part) => own.find((state) => state.scope === part.scope));
  const done = parts.filter(
    (state): state is SyncStateRow => state !== undefined && state.lastSuccessAt !== null,
  );
  const failing = parts.find((state) => state?.state === 'failing');
  const prerequisite = prerequisites[object];
  const complete =
    done.length === parts.length &&
    (prerequisite === undefined || (reportOf(prerequisite)?.parts.done ?? 0) > 0);
  const oldest = (pick: (state: SyncStateRow) => number | null) =>
    complete && done.length ? Math.min(...done.map((state) => pick(state) ?? 0)) : null;
  const confirmed = oldest((state) => state.confirmedAt);
  return {
    object,
    rows,
    state: failing ? 'failing' : complete ? 'live' : 'initial_load',
    reason: failing?.reason ?? null,
    lastSuccessAt: oldest((state) => state.lastSuccessAt),
    lagMs: confirmed === null ? null : Math.max(0, now - confirmed),
    // Every call counts, including on-demand refreshes outside the plan.
    calls: own.reduce((sum, state) => sum + state.calls, 0),
    parts: { done: done.length, total: parts.length },
  };
}

const OWN_ADDRESSES_TTL_MS = 60_000;

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function clampLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.min(500, Math.max(1, Math.trunc(limit))) : 1;
}
