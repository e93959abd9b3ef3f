import {
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationOptions,
} from '@tanstack/react-query';
import { z } from 'zod';
import {
  accessKeyListResponse,
  accessKeyViewSchema,
  createAccessKeyResponse,
  type AccessKeyView,
  type CreateAccessKeyBody,
} from '@crm/shared/people';
import { apiFetch } from '@/lib/api-client';

/** The team's access keys (admins only): `GET|POST /api/keys`, `DELETE /api/keys/:id`. */

export function getAccessKeysQueryOptions() {
  return queryOptions({
    queryKey: ['access-keys'],
    queryFn: async ({ signal }) =>
      (await apiFetch('/api/keys', accessKeyListResponse, { signal })).keys,
  });
}

export function useAccessKeys() {
  return useQuery(getAccessKeysQueryOptions());
}

type Created = z.infer<typeof createAccessKeyResponse>;

export function useCreateAccessKey({
  mutationConfig = {},
}: {
  mutationConfig?: Omit<UseMutationOptions<Created, Error, CreateAccessKeyBody>, 'mutationFn'>;
} = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...config } = mutationConfig;
  return useMutation({
    ...config,
    mutationFn: (body: CreateAccessKeyBody) =>
      apiFetch('/api/keys', createAccessKeyResponse, { method: 'POST', body }),
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: getAccessKeysQueryOptions().queryKey });
      return onSuccess?.(...args);
    },
  });
}

const revokeResponse = z.object({ accessKey: accessKeyViewSchema });

export function useRevokeAccessKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<AccessKeyView> =>
      (
        await apiFetch(`/api/keys/${encodeURIComponent(id)}`, revokeResponse, {
          method: 'DELETE',
        })
      ).accessKey,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: getAccessKeysQueryOptions().queryKey });
    },
  });
}
