import { hostConversationSchema, type HostConversation } from '@crm/shared/context';

/**
 * The conversations a host answered with, as far as they can be trusted:
 * the answer crosses from code this app does not own (Missive's library, the
 * playground's page), so anything that is not a list of conversations with
 * an id is dropped rather than believed.
 */
export function readHostConversations(answer: unknown): HostConversation[] {
  if (!Array.isArray(answer)) return [];
  return answer.flatMap((item: unknown) => {
    const parsed = hostConversationSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}
