import type { ReactNode } from 'react';
import { useSearchParamChanges } from '@/lib/search-params';
import { AuditLog } from './audit-log';
import { MirrorSync } from './mirror-sync';
import { readCursor } from './page-nav';
import { RateBudget } from './rate-budget';
import { StatusPanel } from './status-panel';
import { WebhookEvents } from './webhook-events';
import { WebhookHooks } from './webhook-hooks';
import './operations.css';

/** The page cursors live in the URL, so reload and back keep the page of the log being read. */
const AUDIT_PARAM = 'audit_before';
const AUDIT_AGENT_PARAM = 'audit_by';
const EVENTS_PARAM = 'events_before';

/**
 * Is the integration healthy? The gateway and Missive reachable, the shared
 * rate budget, how far the gateway's mirror of Missive is, what the gateway
 * wrote (with undo), which webhooks arrived, and the webhook rules that feed
 * this server.
 *
 * `children`: panels other features add (the integrations' deliveries). The
 * app composes them here, since features do not import each other.
 */
export function OperationsPage({ children }: { children?: ReactNode }) {
  const [params, change] = useSearchParamChanges();
  return (
    <div className="operations">
      <h1>Operations</h1>
      <div className="operations-status">
        <StatusPanel />
      </div>
      <RateBudget />
      <MirrorSync />
      <AuditLog
        before={readCursor(params.get(AUDIT_PARAM))}
        onPage={(before) => {
          change({ [AUDIT_PARAM]: before === null ? null : String(before) });
        }}
        agent={params.get(AUDIT_AGENT_PARAM)}
        onAgent={(agent) => {
          // Another person's writes start from their newest.
          change({ [AUDIT_AGENT_PARAM]: agent, [AUDIT_PARAM]: null });
        }}
      />
      <WebhookEvents
        before={readCursor(params.get(EVENTS_PARAM))}
        onPage={(before) => {
          change({ [EVENTS_PARAM]: before === null ? null : String(before) });
        }}
      />
      {children}
      <WebhookHooks />
    </div>
  );
}
