import type { MissiveHost } from './host';
import { isFramed } from './is-framed';
import { loadMissiveHost } from './missive-host';
import { createNoneHost } from './none-host';
import { createPlaygroundHost } from './playground-host';
import { HOST_PARAM, PLAYGROUND_HOST } from './playground-protocol';

/**
 * Which window is around the sidebar. Not framed: nobody, so the none host.
 * Framed by the playground, which asks for itself with `?host=playground`
 * in the iframe's address. Framed otherwise: Missive, whose library is
 * loaded if the page did not include it (the promise rejects with a
 * readable message when it never arrives).
 */
export function detectHost(): Promise<MissiveHost> {
  if (!isFramed()) return Promise.resolve(createNoneHost());
  const params = new URLSearchParams(window.location.search);
  if (params.get(HOST_PARAM) === PLAYGROUND_HOST) return Promise.resolve(createPlaygroundHost());
  return loadMissiveHost();
}
