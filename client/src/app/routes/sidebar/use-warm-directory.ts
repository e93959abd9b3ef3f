import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { getCannedResponsesQueryOptions } from '@/features/drafts/api/get-canned-responses';
import { getContactBooksQueryOptions } from '@/lib/contact-books';
import { getUsersQueryOptions } from '@/lib/directory/get-users';

/**
 * Missive keeps the sidebar open all day, and every conversation's sidebar
 * reads the same team-wide lists: the contact books (a participant's card
 * offers them to file a new contact in), the agent's own user and the
 * canned responses. They are read as the sidebar starts, from the gateway's
 * mirror at no cost to the token, so that the first selection waits only
 * for its own context.
 */
export function useWarmDirectory(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    // A failure here is no failure: the views read them again and show it.
    const ignore = () => undefined;
    queryClient.query(getContactBooksQueryOptions()).catch(ignore);
    queryClient.query(getUsersQueryOptions(null)).catch(ignore);
    queryClient.query(getCannedResponsesQueryOptions()).catch(ignore);
  }, [queryClient, enabled]);
}
