import { createContext, useContext, type ReactNode } from 'react';
import type { MissiveHost } from './host';

const HostContext = createContext<MissiveHost | null>(null);

export function HostProvider({ host, children }: { host: MissiveHost; children: ReactNode }) {
  return <HostContext.Provider value={host}>{children}</HostContext.Provider>;
}

/** The host around the sidebar; rendering outside a HostProvider is a programming error. */
export function useHost(): MissiveHost {
  const host = useContext(HostContext);
  if (!host) throw new Error('useHost() needs a <HostProvider> around the sidebar');
  return host;
}
