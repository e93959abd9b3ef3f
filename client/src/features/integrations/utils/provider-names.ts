import type { Integration, IntegrationKind } from '@crm/shared/integrations';

const SERVICE_NAMES: Partial<Record<string, string>> = { github: 'GitHub', stripe: 'Stripe' };

/** "GitHub", "Stripe", or a generic provider's own name ("acme-ci"): its section's name. */
export function providerTitle(integration: Pick<Integration, 'provider' | 'kind'>): string {
  return integration.kind === 'generic'
    ? integration.provider
    : (SERVICE_NAMES[integration.provider] ?? integration.provider);
}

/** How to point the service here, in a line under its name. */
export function kindDescription(kind: IntegrationKind): string {
  if (kind === 'github') {
    return 'In the repository’s or organization’s Settings → Webhooks: this delivery URL as the payload URL, content type application/json, and the same secret.';
  }
  if (kind === 'stripe') {
    return 'In Stripe’s dashboard, add a webhook endpoint at this delivery URL, then paste its signing secret (whsec_…) here.';
  }
  return 'Any service that signs its JSON body in X-Signature-256 (sha256= and the HMAC-SHA256 of the body under the secret); its post is written in the template below.';
}

/**
 * The environment variable a built-in provider's secret is read from when
 * it is not set here (the gateway reads GITHUB_WEBHOOK_SECRET and
 * STRIPE_WEBHOOK_SECRET). The contract says only that the secret comes from
 * the environment, so the name is spelled out here for the admin.
 */
export function secretVariable(provider: string): string {
  return `${provider.toUpperCase().replaceAll('-', '_')}_WEBHOOK_SECRET`;
}

/** The built-in badge the gateway posts with when no icon URL is set. */
export function defaultIconPath(kind: IntegrationKind): string {
  return `/assets/integrations/${kind}.png`;
}
