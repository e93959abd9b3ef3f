import { queryOptions, useQuery } from '@tanstack/react-query';
import { callMissive } from '@/lib/api-client';
import { missiveQueryKey } from '@/lib/react-query';

export function getOrganizations(signal?: AbortSignal) {
  return callMissive('listOrganizations', signal ? { signal } : {});
}

export function getOrganizationsQueryOptions() {
  return queryOptions({
    queryKey: [...missiveQueryKey, 'organizations'],
    queryFn: ({ signal }) => getOrganizations(signal),
  });
}

/** Reads through the gateway, so it waits until an access key is known. */
export function useOrganizations({ enabled }: { enabled: boolean }) {
  return useQuery({ ...getOrganizationsQueryOptions(), enabled });
}
