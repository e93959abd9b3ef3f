import { useMutation } from '@tanstack/react-query';
import type { Contact, ContactCreateInput } from '@crm/shared/missive/contacts';
import { missiveMutation } from '@/lib/queries';

/**
 * Files one new contact. Searches and lists that found nobody look again
 * on success (the endpoint invalidates contacts); `onCreated` receives the
 * contact as Missive filed it.
 */
export function useCreateContact({ onCreated }: { onCreated?: (contact: Contact) => void } = {}) {
  return useMutation({
    ...missiveMutation('createContacts', (input: ContactCreateInput) => ({
      body: { contacts: [input] },
    })),
    onSuccess: ({ contacts: [created] }) => {
      if (created) onCreated?.(created);
    },
  });
}
