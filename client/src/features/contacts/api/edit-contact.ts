import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import { contactEditResponseSchema, type ContactChanges } from '@crm/shared/contact-edits';
import type { Contact } from '@crm/shared/missive/contacts';
import { apiFetch } from '@/lib/api-client';
import { getContactsQueryKey } from './search-contacts';

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
export async function editContact({ id, base, changes }: ContactEditInput): Promise<Contact> {
  const { contact } = await apiFetch(
    `/api/contacts/${encodeURIComponent(id)}/edit`,
    contactEditResponseSchema,
    { method: 'POST', body: { base, changes } },
  );
  return contact;
}

type EditContactConfig = Omit<UseMutationOptions<Contact, Error, ContactEditInput>, 'mutationFn'>;

export function useEditContact({
  mutationConfig = {},
}: { mutationConfig?: EditContactConfig } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...config } = mutationConfig;
  return useMutation({
    ...config,
    mutationFn: editContact,
    onSuccess: (...args) => {
      void queryClient.invalidateQueries({ queryKey: getContactsQueryKey() });
      return onSuccess?.(...args);
    },
  });
}
