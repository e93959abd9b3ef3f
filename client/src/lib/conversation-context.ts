import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { type ConversationContext, type HostConversation } from '@crm/shared/context';
import type { MissiveHost } from '@/host/host';
import { useHost } from '@/host/host-context';
import { callGateway } from './api-client';
import { gatewayKey } from './queries';

/**
 * Everything the sidebar shows of one conversation, in one answer from the
 * gateway: built from what the host window already knows and from the
 * gateway's mirror of Missive, so a switch costs the team's API token
 * nothing once the mirror is loaded. Shared by the sidebar and the
 * dashboard, which both compose it from several features.
 */
function getConversationContext(
  conversationId: string,
  host: HostConversation | undefined,
  signal: AbortSignal,
): Promise<ConversationContext> {
  const params = { id: conversationId };
  return host
    ? callGateway('readContextWithHost', { params, body: { host }, signal })
    : callGateway('getContext', { params, signal });
}

/** One conversation's context: the key a write's answer patches (see below). */
export function conversationContextQueryKey(conversationId: string) {
  return gatewayKey('getContext', { params: { id: conversationId } });
}

/**
 * Shows a write's answer in the open context at once, before the context
 * is read again (which each write whose table entry invalidates what contexts
 * read triggers, see react-query.ts).
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

/**
 * The context from the mirror at once, and what the window adds as soon as
 * it says: the gateway is asked without waiting for the host (Missive's
 * `fetchConversations` is an exchange of messages with the window, the
 * playground's a read over HTTP), and asked again with the host's
 * conversation when it carries a latest message, whose recipients the
 * mirror may not know (a customer only ever written to). That second answer
 * replaces the first unless the context changed meanwhile (a refetch or a
 * write's patch), which brings its own.
 */
export function getConversationContextQueryOptions(conversationId: string, host: MissiveHost) {
  const queryKey = conversationContextQueryKey(conversationId);
  return queryOptions({
    queryKey,
    queryFn: async ({ signal, client }) => {
      const hostAsked = host
        .fetchConversations([conversationId])
        .then((known) => known.find((conversation) => conversation.id === conversationId))
        // The window knowing nothing is no failure: the mirror's answer stands.
        .catch(() => undefined);
      const updatesBefore = client.getQueryState(queryKey)?.dataUpdateCount ?? 0;
      const fromMirror = await getConversationContext(conversationId, undefined, signal);
      void hostAsked
        .then(async (known) => {
          if (!known?.latest_message) return;
          const withHost = await getConversationContext(conversationId, known, signal);
          const state = client.getQueryState(queryKey);
          // Only on top of this fetch's own answer: nothing newer came since.
          if (state?.fetchStatus !== 'idle' || state.dataUpdateCount !== updatesBefore + 1) return;
          client.setQueryData(queryKey, withHost);
        })
        // The mirror's answer is shown; a failed second ask leaves it there.
        .catch(() => undefined);
      return fromMirror;
    },
  });
}

export function useConversationContext(conversationId: string) {
  const host = useHost();
  return useQuery(getConversationContextQueryOptions(conversationId, host));
}
