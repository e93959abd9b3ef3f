import {
  booleanMailboxes,
  contactFilters,
  conversationListQuery,
  type idMailboxes,
} from '@crm/shared/missive/conversations';
import type { EndpointQuery } from '@crm/shared/missive/endpoints';

/**
 * What the conversation browser lists, as a value and as URL search
 * params. Missive answers GET /conversations only for exactly one mailbox
 * and at most one contact filter; the types below cannot say anything else,
 * so neither can the URL once it has been read through them.
 */

export type PersonalMailbox = (typeof booleanMailboxes)[number];
export type TeamView = Exclude<(typeof idMailboxes)[number], 'shared_label'>;
export type ContactFilterKind = (typeof contactFilters)[number];

export type MailboxFilter =
  | { kind: 'personal'; name: PersonalMailbox }
  /** `teamId` is null while the person has yet to choose the team. */
  | { kind: 'team'; view: TeamView; teamId: string | null }
  | { kind: 'label'; labelId: string | null };

export interface ContactFilter {
  kind: ContactFilterKind;
  value: string;
}

export interface ConversationFilter {
  mailbox: MailboxFilter;
  contact: ContactFilter | null;
}

/** The list's Missive query without its paging. */
export type ConversationListFilter = Omit<EndpointQuery<'listConversations'>, 'limit' | 'until'>;

export const DEFAULT_FILTER: ConversationFilter = {
  mailbox: { kind: 'personal', name: 'inbox' },
  contact: null,
};

export const teamViews = ['team_inbox', 'team_closed', 'team_all'] as const satisfies TeamView[];

/** Names the person reads: Missive calls the flagged mailbox "Starred", junk "Spam". */
export const personalMailboxNames: Record<PersonalMailbox, string> = {
  inbox: 'Inbox',
  all: 'All',
  assigned: 'Assigned to me',
  closed: 'Closed',
  snoozed: 'Snoozed',
  flagged: 'Starred',
  drafts: 'Drafts',
  junked: 'Spam',
  trashed: 'Trash',
};

export const teamViewNames: Record<TeamView, string> = {
  team_inbox: 'Team inbox',
  team_closed: 'Team closed',
  team_all: 'Team all',
};

export const contactFilterNames: Record<ContactFilterKind, string> = {
  email: 'Email',
  domain: 'Domain',
  contact_organization: 'Organization',
};

// URL parameter names. The mailbox and contact filters reuse Missive's
// names so a URL reads like the request it stands for.
const MAILBOX = 'mailbox';
const TEAM = 'team';
const LABEL = 'label';
const FILTER_PARAMS = [MAILBOX, TEAM, LABEL, ...contactFilters];

function isOneOf<T extends string>(values: readonly T[], value: string | null): value is T {
  return values.some((candidate) => candidate === value);
}

function nonEmpty(value: string | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * The filter a URL stands for. Anything unknown falls back to the inbox, and
 * of several contact filters the first in Missive's order wins, so a
 * hand-edited URL still asks Missive something it accepts.
 */
export function readConversationFilter(params: URLSearchParams): ConversationFilter {
  const mailbox = params.get(MAILBOX);
  const contactKind = contactFilters.find((kind) => nonEmpty(params.get(kind)) !== null);
  const contactValue = contactKind ? nonEmpty(params.get(contactKind)) : null;
  return {
    mailbox: isOneOf(booleanMailboxes, mailbox)
      ? { kind: 'personal', name: mailbox }
      : isOneOf(teamViews, mailbox)
        ? { kind: 'team', view: mailbox, teamId: nonEmpty(params.get(TEAM)) }
        : mailbox === 'shared_label'
          ? { kind: 'label', labelId: nonEmpty(params.get(LABEL)) }
          : DEFAULT_FILTER.mailbox,
    contact: contactKind && contactValue ? { kind: contactKind, value: contactValue } : null,
  };
}

/** `params` with the filter's parameters replaced; the others (such as `open`) are kept. */
export function writeConversationFilter(
  params: URLSearchParams,
  filter: ConversationFilter,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const name of FILTER_PARAMS) next.delete(name);
  const { mailbox, contact } = filter;
  if (mailbox.kind === 'personal') next.set(MAILBOX, mailbox.name);
  if (mailbox.kind === 'team') {
    next.set(MAILBOX, mailbox.view);
    if (mailbox.teamId) next.set(TEAM, mailbox.teamId);
  }
  if (mailbox.kind === 'label') {
    next.set(MAILBOX, 'shared_label');
    if (mailbox.labelId) next.set(LABEL, mailbox.labelId);
  }
  if (contact) next.set(contact.kind, contact.value);
  return next;
}

/** The query for Missive, or null while a team or label has yet to be chosen. */
export function toListFilter(filter: ConversationFilter): ConversationListFilter | null {
  const mailbox = mailboxQuery(filter.mailbox);
  if (!mailbox) return null;
  return { ...mailbox, ...contactQuery(filter.contact) };
}

function mailboxQuery(mailbox: MailboxFilter): ConversationListFilter | null {
  switch (mailbox.kind) {
    case 'personal':
      return personalQuery[mailbox.name];
    case 'team':
      if (!mailbox.teamId) return null;
      if (mailbox.view === 'team_inbox') return { team_inbox: mailbox.teamId };
      if (mailbox.view === 'team_closed') return { team_closed: mailbox.teamId };
      return { team_all: mailbox.teamId };
    case 'label':
      return mailbox.labelId ? { shared_label: mailbox.labelId } : null;
  }
}

const personalQuery = {
  inbox: { inbox: 'true' },
  all: { all: 'true' },
  assigned: { assigned: 'true' },
  closed: { closed: 'true' },
  snoozed: { snoozed: 'true' },
  flagged: { flagged: 'true' },
  drafts: { drafts: 'true' },
  junked: { junked: 'true' },
  trashed: { trashed: 'true' },
} as const satisfies Record<PersonalMailbox, ConversationListFilter>;

function contactQuery(contact: ContactFilter | null): ConversationListFilter {
  if (!contact) return {};
  if (contact.kind === 'email') return { email: contact.value };
  if (contact.kind === 'domain') return { domain: contact.value };
  return { contact_organization: contact.value };
}

/**
 * A typed email address or domain as Missive's filter takes it, or the
 * reason it cannot be one. The domain rule is the shared contract's, so the
 * form and the gateway never disagree.
 */
export function normalizeContactValue(
  kind: 'email' | 'domain',
  text: string,
): { value: string } | { error: string } {
  const value = text.trim().toLowerCase();
  if (kind === 'email') {
    // Missive's own rule for the filter (its length), and the shape of an address.
    const parsed = conversationListQuery.shape.email.safeParse(value);
    return parsed.success && parsed.data && /^[^\s@]+@[^\s@]+$/.test(parsed.data)
      ? { value: parsed.data }
      : { error: 'Enter an email address such as ada@example.com' };
  }
  // People paste "@example.com" or an address; the domain is what follows the last "@".
  const domain = value.slice(value.lastIndexOf('@') + 1);
  const parsed = conversationListQuery.shape.domain.safeParse(domain);
  return parsed.success && parsed.data
    ? { value: parsed.data }
    : { error: 'Enter a domain such as example.com' };
}
