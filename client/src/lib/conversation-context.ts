import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import {
  conversationContextSchema,
  type ConversationContext,
  type HostConversation,
} from '@crm/shared/context';
import type { MissiveHost } from '../host/host';
import { useHost } from '../host/host-context';
import { apiFetch } from './api-client';
import { contextQueryPrefix } from './react-query';

/**
 * Everything the sidebar shows of one conversation, in one answer from the
 * gateway: built from what the host window already knows and from the
 * gateway's mirror of Missive, so a switch costs the team's API token
 * nothing once the mirror is loaded. Shared by the sidebar and the
 * dashboard, which both compose it from several features.
 */
export async function getConversationContext(
  conversationId: string,
  host: HostConversation | undefined,
  signal?: AbortSignal,
): Promise<ConversationContext> {
  return apiFetch(`/api/context/${encodeURIComponent(conversationId)}`, conversationContextSchema, {
    method: 'POST',
    body: host ? { host } : {},
    ...(signal ? { signal } : {}),
  });
}

export function conversationContextQueryKey(conversationId: string) {
  return [...contextQueryPrefix, conversationId] as const;
}

/**
 * Shows a write's answer in the open context at once, before the context
 * is read again (which every successful write triggers, see react-query.ts).
 */
export function patchConversationContext(
  queryClient: QueryClient,
  conversationId: string,
  patch: (context: ConversationContext) => ConversationContext,
): void {
  queryClient.setQueryData<ConversationContext>(
    conversationContextQueryKey(conversationId),
    (context) => (context ? patch(context) : context),
  );
}

export function getConversationContextQueryOptions(conversationId: string, host: MissiveHost) {
  return queryOptions({
    queryKey: conversationContextQueryKey(conversationId),
    queryFn: async ({ signal }) => {
      // The window around already has the selection: ask it first, for free.
      const known = await host.fetchConversations([conversationId]);
      const mine = known.find((conversation) => conversation.id === conversationId);
      return getConversationContext(conversationId, mine, signal);
    },
  });
}

export function useConversationContext(conversationId: string) {
  const host = useHost();
  return useQuery(getConversationContextQueryOptions(conversationId, host));
}
