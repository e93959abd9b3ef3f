import type { Request } from 'express';
import type { z } from 'zod';
import { describeZodError } from '@crm/shared/errors';
import type { Endpoint, EndpointName } from '@crm/shared/missive/endpoints';
import { HttpError } from './http-error';

export interface ParsedInput<N extends EndpointName> {
  params: z.output<Endpoint<N>['params']>;
  query: z.output<Endpoint<N>['query']>;
  body: Endpoint<N>['body'] extends z.ZodType ? z.output<Endpoint<N>['body']> : undefined;
}

/**
 * Checks a request against its endpoint's declared schemas, so that the
 * gateway and the emulator refuse exactly the same inputs with the same words.
 */
export function parseEndpointInput<N extends EndpointName>(
  endpoint: Endpoint<N>,
  req: Request,
): ParsedInput<N> {
  const params = endpoint.params.safeParse(req.params);
  if (!params.success) throw new HttpError(400, describeZodError(params.error, 'path'));
  const query = endpoint.query.safeParse(req.query);
  if (!query.success) throw new HttpError(400, describeZodError(query.error, 'query'));
  const body = parseBody(endpoint.body, req);
  // Each part was parsed by the endpoint's own schema, so the outputs are
  // the declared types; TypeScript cannot follow that through the generic.
  return { params: params.data, query: query.data, body } as ParsedInput<N>;
}

function parseBody(schema: z.ZodType | null, req: Request): unknown {
  // Express 5 leaves req.body undefined when no body was parsed.
  const raw: unknown = req.body;
  if (schema === null) {
    if (
      raw !== undefined &&
      !(typeof raw === 'object' && raw !== null && Object.keys(raw).length === 0)
    ) {
      throw new HttpError(400, `${req.method} ${req.path} takes no request body`);
    }
    return undefined;
  }
  if (raw === undefined || !req.is('application/json')) {
    throw new HttpError(400, 'send a JSON body with "Content-Type: application/json"');
  }
  const body = schema.safeParse(raw);
  if (!body.success) throw new HttpError(400, describeZodError(body.error));
  return body.data;
}
