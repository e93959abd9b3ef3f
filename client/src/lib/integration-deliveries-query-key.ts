import { missiveQueryKey } from './react-query';

/**
 * The key prefix of every read of the integrations' deliveries. The
 * integrations feature caches each page under it, and lib/live-events
 * refreshes it on `integration.delivery`: features may not import each
 * other, and lib may not import a feature, so the key lives here.
 */
export function integrationDeliveriesQueryPrefix() {
  return [...missiveQueryKey, 'integration-deliveries'] as const;
}
