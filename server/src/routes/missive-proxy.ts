import express, { type Router } from 'express';
import { errorEnvelope } from '@crm/shared/errors';
import { MAX_PAYLOAD_BYTES } from '@crm/shared/missive/common';
import { endpointNames, endpoints, type EndpointName } from '@crm/shared/missive/endpoints';
import { HttpError } from '../http/http-error';
import { parseEndpointInput } from '../http/validate';
import { upstreamMessage, type MissiveClient } from '../missive/client';

/**
 * The request's own path and query values, forwarded as sent: they have just
 * passed the endpoint's schemas, which admit only declared keys and strings.
 */
function stringValues(values: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof values !== 'object' || values === null) return out;
  for (const [key, value] of Object.entries(values))
    if (typeof value === 'string') out[key] = value;
  return out;
}

// N ties endpoints[name] to its own handler and input types; it is not redundant.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function mount<N extends EndpointName>(router: Router, name: N, client: MissiveClient): void {
  const endpoint = endpoints[name];
  const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
  router[method](endpoint.path, async (req, res) => {
    // Refused here, a bad request never spends Missive's budget.
    const input = parseEndpointInput(endpoint, req);
    const upstream = await client.call({
      name,
      params: stringValues(req.params),
      query: stringValues(req.query),
      body: input.body,
    });
    if (upstream.status >= 400) {
      const message = upstreamMessage(upstream.body) ?? `Missive answered ${upstream.status}`;
      if (upstream.status === 429) {
        throw new HttpError(429, `Missive's rate limit was reached: ${message}`, {
          headers: upstream.retryAfter ? { 'Retry-After': upstream.retryAfter } : {},
        });
      }
      // Missive's 404 for an unfinished report has no body; keep that meaning.
      if (upstream.body === null && upstream.status === 404)
        throw new HttpError(404, '', { emptyBody: true });
      res
        .status(upstream.status)
        .json(errorEnvelope(message, upstream.status >= 500 ? 'upstream_error' : undefined));
      return;
    }
    if (upstream.body === null) res.status(upstream.status === 200 ? 204 : upstream.status).end();
    else res.status(upstream.status).json(upstream.body);
  });
}

/**
 * `/api/missive/v1/*`: exactly the endpoints of the shared table, validated
 * before anything is sent. Anything else falls through to a 404.
 */
export function createMissiveProxy(client: MissiveClient): Router {
  const router = express.Router();
  router.use(express.json({ limit: MAX_PAYLOAD_BYTES, strict: false }));
  for (const name of endpointNames) mount(router, name, client);
  return router;
}
