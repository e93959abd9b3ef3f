import { missiveQueryKey } from './react-query';

/**
 * The key prefix of every contact read. The contacts feature's
 * getContactsQueryKey() is exactly this; features that read contacts for
 * their own purpose (a canned response's sample contact) cache under it too,
 * so a contact change refreshes them with the rest.
 */
export function contactsQueryPrefix() {
  return [...missiveQueryKey, 'contacts'] as const;
}
