import express, { type Router } from 'express';
import { HOST_CONVERSATION_FIELDS } from '@crm/shared/context';
import { controlRoutes, fetchConversationsResponse } from '@crm/shared/emulator-control';
import { endpointNames, endpoints } from '@crm/shared/missive/endpoints';
import { MissiveClient } from '../gateway/missive-client';
import { mountRoute } from '../http/gateway-route';
import { HttpError } from '../http/http-error';
import { createMissiveProxy } from './missive-proxy';

/** The demo's emulator, as the gateway reaches it: its control surface and token. */
export interface DemoEmulator {
  controlUrl: string;
  token: string;
}

/**
 * The playground plays Missive's own window, and Missive's window reads
 * Missive without the API token: its list, its thread and the
 * `fetchConversations` it hands the sidebar cost the team's budget nothing.
 * In demo mode these routes read the emulator's control surface, outside the
 * gateway's limiter, so the token's counters show only what the sidebar
 * itself spends. Reads only: the playground's own writes still go through
 * the gateway.
 *
 * `/api/playground/missive/v1/*`: the declared GET endpoints, same inputs and
 * answers as `/api/missive/v1`. `POST /api/playground/conversations {ids}`:
 * `Missive.fetchConversations`.
 */
export function createPlaygroundRoutes(emulator: DemoEmulator): Router {
  const router = express.Router();
  const window = new MissiveClient({
    baseUrl: `${emulator.controlUrl}/v1`,
    token: emulator.token,
  });
  const reads = endpointNames.filter((name) => endpoints[name].method === 'GET');
  router.use(
    '/playground/missive/v1',
    createMissiveProxy(
      { call: async (call) => ({ response: await window.call(call), source: 'upstream' }) },
      { names: reads },
    ),
  );

  mountRoute(router, 'fetchWindowConversations', async ({ body }) => {
    const answer = await fetch(`${emulator.controlUrl}${controlRoutes.fetchConversations.path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${emulator.token}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify({ ids: body.ids, fields: HOST_CONVERSATION_FIELDS }),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => {
      throw new HttpError(502, 'The demo emulator could not be reached; restart the demo');
    });
    const parsed = fetchConversationsResponse.safeParse(await answer.json().catch(() => null));
    if (!answer.ok || !parsed.success) {
      throw new HttpError(502, `The demo emulator answered ${answer.status} to fetchConversations`);
    }
    return parsed.data;
  });
  return router;
}
