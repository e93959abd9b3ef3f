import express, { type Router } from 'express';
import {
  contactSearchQuerySchema,
  contextRequestSchema,
  type ContactSearchResponse,
  type ConversationContext,
} from '@crm/shared/context';
import { idSchema } from '@crm/shared/missive/common';
import { HttpError } from '../http/http-error';
import { buildConversationContext, type ContextDeps } from '../mirror/context-answer';
import { SyncFailure } from '../mirror/missive-reads';
import { invalid } from './contacts';
import { callerOf } from './missive-proxy';
import { jsonBody } from '../http/json-body';

/**
 * `GET /api/contacts/search?q=`: contacts across every book, from the mirror.
 * `GET /api/context/:id`, and `POST` with what the host window already knows
 * (`{ "host": <Missive.fetchConversations item> }`): the sidebar's whole
 * context in one answer, from the mirror, calling Missive only for a
 * conversation the mirror has never seen.
 */
export function createContextRoute(deps: ContextDeps): Router {
  const router = express.Router();
  const json = jsonBody();

  const answer = async (req: express.Request, res: express.Response, body: unknown) => {
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) throw invalid(id.error, 'path.id');
    const request = contextRequestSchema.safeParse(body);
    if (!request.success) throw invalid(request.error);
    const { host } = request.data;
    if (host && host.id !== id.data) {
      throw new HttpError(400, `host.id is "${host.id}" but the path names "${id.data}"`);
    }
    let context: ConversationContext | undefined;
    try {
      context = await buildConversationContext(id.data, host, callerOf(req), deps);
    } catch (error) {
      if (!(error instanceof SyncFailure)) throw error;
      // A busy gateway's or Missive's Retry-After goes along: a script backs off by it.
      throw new HttpError(error.status === 503 ? 503 : 502, error.message, {
        ...(error.deferred ? { code: 'overloaded' } : {}),
        ...(error.retryAfter ? { headers: { 'Retry-After': error.retryAfter } } : {}),
      });
    }
    if (!context) throw new HttpError(404, `Missive knows no conversation "${id.data}"`);
    // Built per agent from live data: never kept by a browser or a proxy.
    res.json(context);
  };

  router.get('/context/:id', async (req, res) => {
    await answer(req, res, {});
  });
  router.post('/context/:id', json, async (req, res) => {
    await answer(req, res, req.body);
  });
  // Every book at once, from the mirror: Missive's own search covers one
  // book per call, and would spend the budget for each.
  router.get('/contacts/search', async (req, res) => {
    const query = contactSearchQuerySchema.safeParse(req.query);
    if (!query.success) throw invalid(query.error, 'query');
    const found = await deps.reader.searchContacts(query.data.q, query.data.limit ?? 20);
    const answer: ContactSearchResponse = {
      contacts: found.map((contact) => contact.record),
      as_of: found.length ? Math.min(...found.map((contact) => contact.asOf)) : null,
    };
    res.json(answer);
  });
  return router;
}
