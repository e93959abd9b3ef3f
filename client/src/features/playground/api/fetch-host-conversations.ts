import { z } from 'zod';
import { apiFetch } from '../../../lib/api-client';

const answerSchema = z.object({ conversations: z.array(z.unknown()) });

/**
 * Missive's `fetchConversations`, played by the demo: the gateway reads the
 * emulator the way Missive's own window reads Missive, outside the API
 * token's budget. The items are checked on the sidebar's side, as Missive's are.
 */
export async function fetchHostConversations(ids: readonly string[]): Promise<unknown[]> {
  const answer = await apiFetch('/api/playground/conversations', answerSchema, {
    method: 'POST',
    body: { ids },
  });
  return answer.conversations;
}
