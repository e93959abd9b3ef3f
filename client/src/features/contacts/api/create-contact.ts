import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import type { Contact, ContactCreateInput } from '@crm/shared/missive/contacts';
import { ApiError, callMissive } from '@/lib/api-client';
import { getContactsQueryKey } from './search-contacts';

export async function createContact(input: ContactCreateInput): Promise<Contact> {
  const { contacts } = await callMissive('createContacts', { body: { contacts: [input] } });
  const created = contacts[0];
  if (!created) throw new ApiError(200, 'Missive answered without the created contact');
  return created;
}

type CreateContactConfig = Omit<
  UseMutationOptions<Contact, Error, ContactCreateInput>,
  'mutationFn'
>;

export function useCreateContact({
  mutationConfig = {},
}: { mutationConfig?: CreateContactConfig } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...config } = mutationConfig;
  return useMutation({
    ...config,
    mutationFn: createContact,
    onSuccess: async (...args) => {
      // Searches that found nobody must look again: now someone is there.
      await queryClient.invalidateQueries({ queryKey: getContactsQueryKey() });
      return onSuccess?.(...args);
    },
  });
}
