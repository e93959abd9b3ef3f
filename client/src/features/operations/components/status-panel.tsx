import type { Health } from '@crm/shared/health';
import { useOrganizations } from '@/lib/directory/get-organizations';
import { useHealth } from '@/lib/health';
import { useSessionStore } from '@/stores/session';
import { useLatestConversations } from '../api/get-latest-conversations';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';

/**
 * Is the product working end to end? The gateway's own health (no key
 * needed), then, once signed in, one read of each kind through the gateway.
 */
export function StatusPanel() {
  const signedIn = useSessionStore((state) => state.session !== null);
  return (
    <>
      <GatewayHealth />
      {signedIn ? <MissiveProbe /> : null}
    </>
  );
}

function GatewayHealth() {
  const health = useHealth();
  return (
    <Card as="section" aria-labelledby="gateway-status-heading">
      <h2 id="gateway-status-heading">Gateway status</h2>
      {health.isPending ? <p>Checking the gateway…</p> : null}
      {health.isError ? <ErrorMessage error={health.error} /> : null}
      {health.data ? (
        <>
          <p className="mode">
            <Badge tone={health.data.mode}>
              {health.data.mode === 'demo' ? 'Demo mode' : 'Live mode'}
            </Badge>
          </p>
          <dl className="facts">
            <dt>Status</dt>
            <dd>{health.data.status}</dd>
            <dt>Version</dt>
            <dd>{health.data.version}</dd>
            <dt>Missive API</dt>
            <dd>
              <UpstreamStatus upstream={health.data.upstream} />
            </dd>
          </dl>
        </>
      ) : null}
    </Card>
  );
}

/** During an outage: since when, and when the gateway tries Missive again. */
function UpstreamStatus({ upstream }: { upstream: Health['upstream'] }) {
  if (upstream.reachable) return <>Reachable</>;
  const time = (iso: string | null | undefined) =>
    iso ? new Date(iso).toLocaleTimeString() : undefined;
  const since = time(upstream.unreachable_since);
  const retry = time(upstream.retry_at);
  return (
    <>
      Unreachable{since ? ` since ${since}` : ''}
      {retry ? `; the gateway tries again at ${retry} and answers at once until then` : ''}
    </>
  );
}

function MissiveProbe() {
  const organizations = useOrganizations();
  const conversations = useLatestConversations(10);

  return (
    <>
      <Card as="section" aria-labelledby="organization-heading">
        <h2 id="organization-heading">Organization</h2>
        {organizations.isPending ? <p>Loading organizations…</p> : null}
        {organizations.isError ? <ErrorMessage error={organizations.error} /> : null}
        {organizations.data ? (
          organizations.data.length === 0 ? (
            <p>The token owner belongs to no organization.</p>
          ) : (
            <ul className="plain">
              {organizations.data.map((organization) => (
                <li key={organization.id}>{organization.name}</li>
              ))}
            </ul>
          )
        ) : null}
      </Card>
      <Card as="section" aria-labelledby="latest-conversations-heading">
        <h2 id="latest-conversations-heading">Latest conversations</h2>
        {conversations.isPending ? <p>Loading conversations…</p> : null}
        {conversations.isError ? <ErrorMessage error={conversations.error} /> : null}
        {conversations.data ? (
          conversations.data.length === 0 ? (
            <p>No conversations yet.</p>
          ) : (
            <ul className="conversations" aria-labelledby="latest-conversations-heading">
              {conversations.data.map((conversation) => (
                <li key={conversation.id}>
                  {conversation.subject ?? conversation.latest_message_subject ?? '(no subject)'}
                </li>
              ))}
            </ul>
          )
        ) : null}
      </Card>
    </>
  );
}

function ErrorMessage({ error }: { error: Error }) {
  return (
    <p role="alert" className="error">
      {error.message}
    </p>
  );
}
