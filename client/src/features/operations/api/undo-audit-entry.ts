import { useMutation } from '@tanstack/react-query';
import { gatewayMutation } from '@/lib/queries';

/**
 * Puts a contact back as it was before a logged edit. The gateway refuses
 * with 409 when someone changed one of those fields since, and with 400 when
 * the entry is not an edit it can reverse; both carry a message worth showing.
 * The log (the undo is logged too) and the contact are read again from the
 * route's `invalidates`.
 */
export function useUndoAuditEntry() {
  return useMutation(
    gatewayMutation('undoAuditEntry', (id: number) => ({ params: { id: String(id) } })),
  );
}
