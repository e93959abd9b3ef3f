import express, { type Request, type Router } from 'express';
import type {
  ContactSearchResponse,
  ContextRequest,
  ConversationContext,
} from '@crm/shared/context';
import { mountRoute } from '../http/gateway-route';
import { HttpError } from '../http/http-error';
import { buildConversationContext, type ContextDeps } from '../mirror/context-answer';
import { SyncFailure } from '../mirror/missive-reads';
import { callerOf } from './missive-proxy';

/**
 * `GET /api/contacts/search?q=`: contacts across every book, from the mirror.
 * `GET /api/context/:id`, and `POST` with what the host window already knows
 * (`{ "host": <Missive.fetchConversations item> }`): the sidebar's whole
 * context in one answer, from the mirror, calling Missive only for a
 * conversation the mirror has never seen.
 */
export function createContextRoute(deps: ContextDeps): Router {
  const router = express.Router();

  const answer = async (
    req: Request,
    id: string,
    host: ContextRequest['host'],
  ): Promise<ConversationContext> => {
    if (host && host.id !== id) {
      throw new HttpError(400, `host.id is "${host.id}" but the path names "${id}"`);
    }
    let context: ConversationContext | undefined;
    try {
      context = await buildConversationContext(id, host, callerOf(req), deps);
    } catch (error) {
      if (!(error instanceof SyncFailure)) throw error;
      // A busy gateway's or Missive's Retry-After goes along: a script backs off by it.
      throw new HttpError(error.status === 503 ? 503 : 502, error.message, {
        ...(error.deferred ? { code: 'overloaded' } : {}),
        ...(error.retryAfter ? { headers: { 'Retry-After': error.retryAfter } } : {}),
      });
    }
    if (!context) throw new HttpError(404, `Missive knows no conversation "${id}"`);
    return context;
  };

  mountRoute(router, 'getContext', ({ params }, req) => answer(req, params.id, undefined));
  mountRoute(router, 'readContextWithHost', ({ params, body }, req) =>
    answer(req, params.id, body.host),
  );
  // Every book at once, from the mirror: Missive's own search covers one
  // book per call, and would spend the budget for each.
  mountRoute(router, 'searchContacts', async ({ query }): Promise<ContactSearchResponse> => {
    const found = await deps.reader.searchContacts(query.q, query.limit ?? 20);
    return {
      contacts: found.map((contact) => contact.record),
      as_of: found.length ? Math.min(...found.map((contact) => contact.asOf)) : null,
    };
  });
  return router;
}
