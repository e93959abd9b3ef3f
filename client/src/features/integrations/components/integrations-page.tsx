import { useState } from 'react';
import type { Integration } from '@crm/shared/integrations';
import { describeError } from '@/lib/describe-error';
import { useIsAdmin } from '@/lib/me';
import { useIntegrations } from '../api/get-integrations';
import { draftIntegration } from '../utils/integration-form';
import { NewGenericForm } from './new-generic-form';
import { ProviderSection } from './provider-section';
import './integrations.css';

/**
 * Inbound integrations, for admins: GitHub, Stripe and generic HMAC
 * webhooks whose deliveries the gateway turns into Missive posts. Each
 * provider's URL to give the service, its secret, and where and how its
 * posts land. What was delivered is in Operations.
 */
export function IntegrationsPage() {
  const isAdmin = useIsAdmin();
  // Gated before reading: the list is for admins, and anyone else is answered 403.
  const integrations = useIntegrations({ enabled: isAdmin });
  const [drafts, setDrafts] = useState<string[]>([]);

  if (!isAdmin) {
    return (
      <div className="integrations">
        <h1>Integrations</h1>
        <p role="alert">Only an admin can see and manage integrations.</p>
      </div>
    );
  }

  const listed = integrations.data ?? [];
  const listedNames = new Set(listed.map((integration) => integration.provider));
  // A draft whose first save is listed now is that provider: one array keyed
  // by name lets its section (and its "Saved" line) carry on as the listed one.
  const pending = drafts.filter((name) => !listedNames.has(name));
  // And it stops being a draft for good: kept, it would come back as "Not
  // saved yet", with its old template, once the provider is deleted.
  if (pending.length < drafts.length) setDrafts(pending);
  const sections: { integration: Integration; draft: boolean }[] = [
    ...listed.map((integration) => ({ integration, draft: false })),
    ...pending.map((name) => ({ integration: draftIntegration(name), draft: true })),
  ];

  return (
    <div className="integrations">
      <h1>Integrations</h1>
      <p className="integrations-hint">
        Webhooks from other services become posts in Missive conversations. Give each service its
        delivery URL and the same secret; deliveries and the ones that could not be posted are in
        Operations.
      </p>
      {integrations.isPending ? <p role="status">Loading the integrations…</p> : null}
      {integrations.isError ? (
        <p role="alert" className="error">
          The integrations could not be read. {describeError(integrations.error)}
        </p>
      ) : null}
      {sections.map(({ integration, draft }) => (
        <ProviderSection
          key={integration.provider}
          integration={integration}
          draft={draft}
          onDiscard={() => {
            setDrafts((names) => names.filter((name) => name !== integration.provider));
          }}
        />
      ))}
      {integrations.data ? (
        <NewGenericForm
          taken={new Set([...listedNames, ...pending])}
          onAdd={(name) => {
            setDrafts((names) => [...names, name]);
          }}
        />
      ) : null}
    </div>
  );
}
