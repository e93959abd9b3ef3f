import { useEffect, useState, type ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '@/lib/react-query';
import { useSessionStore } from '@/stores/session';

export function AppProvider({ children }: { children: ReactNode }) {
  // One client per mounted app (not per module) so tests start from an empty cache.
  const [queryClient] = useState(createQueryClient);
  // Answers fetched for one person are never shown to the next: whoever
  // signs out or in (a form, #key=, a 401), the cache starts empty. A
  // renewed session is the same person and keeps it.
  useEffect(
    () =>
      useSessionStore.subscribe((state, previous) => {
        if (state.session?.person.name !== previous.session?.person.name) queryClient.clear();
      }),
    [queryClient],
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
