import { useEffect, useState } from 'react';
import { detectHost } from '../../../host/detect-host';
import type { MissiveHost } from '../../../host/host';
import { useSessionStore } from '../../../stores/session';

export type Boot =
  | { status: 'loading' }
  | { status: 'ready'; host: MissiveHost }
  | { status: 'failed'; message: string };

/** Where the host keeps the access key between Missive sessions (cleared at log-out). */
export const ACCESS_KEY_STORE = 'crm.accessKey';

/**
 * Starts the sidebar: finds the host around it, then the access key. The
 * key arrives in the integration URL's `#key=` (read before the first render,
 * see main.tsx) and is kept with the host's storage so it survives reloads
 * and new Missive sessions; on later loads it comes back from there. Never
 * a cookie.
 */
export function useHostBoot(): Boot {
  const [boot, setBoot] = useState<Boot>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    // Read through a function: the effect's cleanup may flip it during any await.
    const isCancelled = () => cancelled;
    let host: MissiveHost | undefined;
    const start = async () => {
      const detected = await detectHost();
      if (isCancelled()) {
        // Cleaned up while detecting: this host is nobody's.
        detected.dispose?.();
        return;
      }
      host = detected;
      const known = useSessionStore.getState().accessKey;
      if (known) {
        await host.storeSet(ACCESS_KEY_STORE, known);
      } else {
        const stored = await host.storeGet(ACCESS_KEY_STORE);
        if (stored) useSessionStore.getState().setAccessKey(stored);
      }
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
      // React runs effects twice in development: the first host must stop listening.
      host?.dispose?.();
    };
  }, []);
  return boot;
}
