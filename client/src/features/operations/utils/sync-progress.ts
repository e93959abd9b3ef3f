import type { SyncObject, SyncObjectReport, SyncReport } from '@crm/shared/sync';
import { formatAgo } from './format';

/** How a person calls each object the mirror keeps. */
export const syncObjectLabels: Record<SyncObject, string> = {
  organizations: 'Organizations',
  users: 'Users',
  teams: 'Teams',
  shared_labels: 'Shared labels',
  contact_books: 'Contact books',
  contact_groups: 'Contact groups',
  contacts: 'Contacts',
  conversations: 'Conversations',
  tasks: 'Tasks',
  responses: 'Canned responses',
};

/** What an object's parts are: each contact book, each mailbox, or the one list. */
const partNouns: Partial<Record<SyncObject, { one: string; many: string }>> = {
  contacts: { one: 'contact book', many: 'contact books' },
  contact_groups: { one: 'contact book', many: 'contact books' },
  conversations: { one: 'mailbox', many: 'mailboxes' },
};
const listNoun = { one: 'list', many: 'lists' };

/** "3 of 8 contact books": how far an object's first load is. */
export function describeParts(report: Pick<SyncObjectReport, 'object' | 'parts'>): string {
  const { done, total } = report.parts;
  const noun = partNouns[report.object] ?? listNoun;
  return `${done} of ${total} ${total === 1 ? noun.one : noun.many}`;
}

/**
 * Not yet read in full once. A failing object may still be in its first load
 * (some books read, one refused): its progress is worth showing too.
 */
export function isLoading(report: SyncObjectReport): boolean {
  return (
    report.state === 'initial_load' ||
    (report.state === 'failing' && report.parts.done < report.parts.total)
  );
}

export interface SyncSummary {
  tone: 'failing' | 'loading' | 'live';
  text: string;
}

/**
 * The one line above the table: failing first (someone may have to act),
 * then how far the initial load is, else how recent the last round was.
 */
export function summarizeSync(report: SyncReport, now: number): SyncSummary {
  const { objects } = report;
  const loading = objects.filter(isLoading);
  const progress = `Initial load: ${objects.length - loading.length} of ${objects.length} objects done.`;
  const failing = objects.filter((object) => object.state === 'failing');
  if (failing.length > 0) {
    const names = failing.map((object) => syncObjectLabels[object.object]).join(', ');
    return { tone: 'failing', text: `Failing: ${names}.${loading.length ? ` ${progress}` : ''}` };
  }
  if (loading.length > 0) return { tone: 'loading', text: progress };
  // Each object's lastSuccessAt is its least recent part's; the latest of
  // them is when the sync last finished something, i.e. its last round.
  const rounds = objects.flatMap((object) =>
    object.lastSuccessAt === null ? [] : [object.lastSuccessAt],
  );
  const last = rounds.length ? Math.max(...rounds) : null;
  return {
    tone: 'live',
    text: last === null ? 'Live.' : `Live, last round ${formatAgo(last, now)}.`,
  };
}
