import { useEffect, useState } from 'react';
import { detectHost } from '@/host/detect-host';
import type { MissiveHost } from '@/host/host';
import { signInSettled } from '@/lib/sign-in';
import { HOST_SESSION_KEY, parseSession, useSessionStore } from '@/stores/session';

export type Boot =
  | { status: 'loading' }
  | { status: 'ready'; host: MissiveHost }
  | { status: 'failed'; message: string };

/**
 * Starts the sidebar: finds the host around it, then the session. The key
 * arrives in the integration URL's `#key=` (taken before the first render
 * and traded for a session, see main.tsx); the session, never the key, is
 * kept with the host's storage, and kept up to date there, so it survives
 * reloads and new Missive sessions until it ends. Never a cookie.
 */
export function useHostBoot(): Boot {
  const [boot, setBoot] = useState<Boot>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    // Read through a function: the effect's cleanup may flip it during any await.
    const isCancelled = () => cancelled;
    let host: MissiveHost | undefined;
    let stopFollowing: (() => void) | undefined;
    const start = async () => {
      const [detected] = await Promise.all([detectHost(), signInSettled()]);
      if (isCancelled()) {
        // Cleaned up while detecting: this host is nobody's.
        detected.dispose?.();
        return;
      }
      host = detected;
      const known = useSessionStore.getState().session;
      if (known) {
        await host.storeSet(HOST_SESSION_KEY, JSON.stringify(known));
      } else {
        const stored = parseSession(await host.storeGet(HOST_SESSION_KEY));
        if (stored) useSessionStore.getState().setSession(stored);
      }
      // From now on the host's store follows the session: a sign-in through
      // the form, a renewal, a sign-out (an ended session must not come back).
      const bound = host;
      stopFollowing = useSessionStore.subscribe((state, previous) => {
        if (state.session === previous.session) return;
        void bound.storeSet(HOST_SESSION_KEY, state.session ? JSON.stringify(state.session) : '');
      });
      if (!isCancelled()) setBoot({ status: 'ready', host });
    };
    start().catch((error: unknown) => {
      if (!cancelled)
        setBoot({
          status: 'failed',
          message: error instanceof Error ? error.message : String(error),
        });
    });
    return () => {
      cancelled = true;
      stopFollowing?.();
      // React runs effects twice in development: the first host must stop listening.
      host?.dispose?.();
    };
  }, []);
  return boot;
}
