import { useId } from 'react';
import type { AuditEntryView } from '@crm/shared/audit';
import { WriteStatus } from '@/components/write-status';
import { describeError } from '@/lib/describe-error';
import { Button } from '@/components/ui/button';
import { AUDIT_PAGE_SIZE, useAuditLog } from '../api/get-audit-log';
import { useUndoAuditEntry } from '../api/undo-audit-entry';
import { useIsAdmin } from '@/lib/me';
import { useSessionStore } from '@/stores/session';
import { formatMoment } from '@/lib/format-time';
import { PageNav } from './page-nav';
import { Card } from '@/components/ui/card';

/**
 * Every write the gateway made to Missive, newest first: who, what, and how
 * Missive answered; all of them or one person's (an AI agent is a person
 * too). A contact edit that read the contact first can be undone.
 */
export function AuditLog({
  before,
  onPage,
  agent,
  onAgent,
}: {
  before: number | null;
  onPage: (before: number | null) => void;
  agent: string | null;
  onAgent: (agent: string | null) => void;
}) {
  const headingId = useId();
  const log = useAuditLog(before, agent);
  const entries = log.data ?? [];

  return (
    <Card as="section" aria-labelledby={headingId}>
      <h2 id={headingId}>Audit log</h2>
      <p className="operations-muted">
        The writes this gateway made to Missive, newest first. A contact edit can be undone: only
        the fields it changed are put back, and not if someone changed them since.
      </p>
      {agent === null ? null : (
        <p className="operations-log-actions">
          <span>Only {agent}’s writes.</span>
          <Button
            variant="secondary"
            onClick={() => {
              onAgent(null);
            }}
          >
            Show everyone’s writes
          </Button>
        </p>
      )}
      {log.isPending ? <p>Reading the audit log…</p> : null}
      {log.isError ? (
        <p role="alert" className="error">
          The audit log could not be read. {describeError(log.error)}
        </p>
      ) : null}
      {log.data && entries.length === 0 ? (
        <p className="operations-muted">
          {before === null ? 'No writes yet.' : 'No older writes.'}
        </p>
      ) : null}
      {entries.length > 0 ? (
        <ol className="operations-log" aria-labelledby={headingId}>
          {entries.map((entry) => (
            <AuditRow key={entry.id} entry={entry} onAgent={agent === null ? onAgent : undefined} />
          ))}
        </ol>
      ) : null}
      <PageNav
        label="Audit log pages"
        before={before}
        lastId={entries.at(-1)?.id}
        full={entries.length === AUDIT_PAGE_SIZE}
        onPage={onPage}
      />
    </Card>
  );
}

function AuditRow({
  entry,
  onAgent,
}: {
  entry: AuditEntryView;
  /** Keeps only this entry's person's writes; absent while the log already does. */
  onAgent: ((agent: string) => void) | undefined;
}) {
  const undo = useUndoAuditEntry();
  const me = useSessionStore((state) => state.session?.person);
  const isAdmin = useIsAdmin();
  // Agents undo their own edits; admins anyone's (the gateway enforces it).
  const mayUndo = isAdmin || (me !== undefined && entry.agent === me.name);
  const call = `${entry.method} ${entry.path}`;
  return (
    <li className="operations-log-item" aria-label={`${call}, ${formatMoment(entry.at)}`}>
      <div className="operations-log-head">
        <code>{call}</code>
        <span className="operations-muted">
          {formatMoment(entry.at)} ·{' '}
          {entry.agent !== null && onAgent ? (
            <Button
              variant="secondary"
              aria-label={`Only ${entry.agent}’s writes`}
              onClick={() => {
                if (entry.agent !== null) onAgent(entry.agent);
              }}
            >
              {entry.agent}
            </Button>
          ) : (
            (entry.agent ?? 'anonymous')
          )}{' '}
          · {entry.endpoint}
        </span>
      </div>
      <p className={entry.error ? 'operations-log-failed' : 'operations-log-result'}>
        {describeOutcome(entry)}
      </p>
      {isUndoable(entry) && mayUndo ? (
        <div className="operations-log-actions">
          <Button
            variant="secondary"
            disabled={undo.isPending}
            aria-label={`Undo ${call}`}
            onClick={() => {
              undo.mutate(entry.id);
            }}
          >
            Undo
          </Button>
          <WriteStatus
            pending={undo.isPending ? 'Undoing…' : null}
            success={
              undo.data
                ? `Undone: ${contactName(undo.data.contact)} is back as it was before this edit. The undo is logged too.`
                : null
            }
            error={undo.error}
          />
        </div>
      ) : null}
    </li>
  );
}

/** A contact edit that succeeded and kept the version before it: the gateway can reverse it. */
function isUndoable(entry: AuditEntryView): boolean {
  return (
    entry.endpoint === 'updateContacts' &&
    entry.upstreamStatus !== null &&
    entry.upstreamStatus < 300 &&
    entry.before !== undefined
  );
}

function describeOutcome(entry: AuditEntryView): string {
  const status =
    entry.upstreamStatus === null
      ? 'Missive never answered'
      : `Missive answered ${entry.upstreamStatus}`;
  if (entry.error) return `${status}: ${entry.error}`;
  const ids = entry.resultIds.length ? ` · ${entry.resultIds.join(', ')}` : '';
  return `${status}${ids}`;
}

function contactName(contact: {
  first_name?: string | null;
  last_name?: string | null;
  id: string;
}) {
  const name = [contact.first_name, contact.last_name].filter(Boolean).join(' ');
  return name || `contact ${contact.id}`;
}
