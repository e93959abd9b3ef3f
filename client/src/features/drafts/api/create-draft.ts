import { useMutation } from '@tanstack/react-query';
import type { EndpointBody } from '@crm/shared/missive/endpoints';
import { missiveMutation } from '@/lib/queries';

export type DraftCreateBody = EndpointBody<'createDraft'>;

/**
 * Saves a draft, or sends it now (`send`) or later (`send_at`). The drafts
 * list, the messages and the conversation are refreshed from the endpoint's
 * `invalidates`.
 */
export function useCreateDraft() {
  return useMutation(missiveMutation('createDraft', (body: DraftCreateBody) => ({ body })));
}
