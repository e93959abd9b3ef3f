import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import type { CreateAccessKeyBody } from '@crm/shared/people';
import { gatewayMutation, gatewayQuery } from '@/lib/queries';

/**
 * The team's access keys (admins only). A new or revoked key refreshes the
 * list through the routes' own `invalidates` (the mutation cache).
 */
export function getAccessKeysQueryOptions() {
  return queryOptions({ ...gatewayQuery('listAccessKeys'), select: ({ keys }) => keys });
}

export function useAccessKeys() {
  return useQuery(getAccessKeysQueryOptions());
}

export function useCreateAccessKey() {
  return useMutation(gatewayMutation('createAccessKey', (body: CreateAccessKeyBody) => ({ body })));
}

export function useRevokeAccessKey() {
  return useMutation(gatewayMutation('revokeAccessKey', (id: string) => ({ params: { id } })));
}
