import { useMutation, useQueryClient } from '@tanstack/react-query';
import { auditUndoResponse } from '@crm/shared/audit';
import { apiFetch } from '@/lib/api-client';
import { contactsQueryPrefix } from '@/lib/contacts-query-key';
import { getAuditLogQueryKey } from './get-audit-log';

/**
 * Puts a contact back as it was before a logged edit. The gateway refuses
 * with 409 when someone changed one of those fields since, and with 400 when
 * the entry is not an edit it can reverse; both carry a message worth showing.
 */
export async function undoAuditEntry(id: number) {
  const { contact } = await apiFetch(`/api/audit/${id}/undo`, auditUndoResponse, {
    method: 'POST',
  });
  return contact;
}

export function useUndoAuditEntry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: undoAuditEntry,
    onSuccess: async () => {
      await Promise.all([
        // The undo is logged itself, and the contact changed.
        queryClient.invalidateQueries({ queryKey: getAuditLogQueryKey() }),
        queryClient.invalidateQueries({ queryKey: contactsQueryPrefix() }),
      ]);
    },
  });
}
