import { useMutation } from '@tanstack/react-query';
import type { ContactChanges } from '@crm/shared/contact-edits';
import type { Contact } from '@crm/shared/missive/contacts';
import { gatewayMutation } from '@/lib/queries';

export interface ContactEditInput {
  id: string;
  /** The contact as the agent opened it; the gateway compares it with Missive's current one. */
  base: Contact;
  changes: ContactChanges;
}

/**
 * A loss-free edit (`POST /api/contacts/:id/edit`): answers the contact as
 * Missive has it afterwards, or fails with 409 whose details hold both
 * versions when someone else changed the same fields meanwhile.
 */
export function useEditContact() {
  return useMutation(
    gatewayMutation('editContact', ({ id, base, changes }: ContactEditInput) => ({
      params: { id },
      body: { base, changes },
    })),
  );
}
