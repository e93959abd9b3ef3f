import express, { type Request, type Router } from 'express';
import type { z } from 'zod';
import {
  controlRouteNames,
  controlRoutes,
  type ControlRoute,
  type ControlRouteName,
} from '@crm/shared/emulator-control';
import { describeZodError } from '@crm/shared/errors';
import { HttpError } from '../../http/http-error';
import type { HandlerContext } from '../handler';
import { findConversation } from '../lookup';
import type { EmulatorState } from '../state';
import { sendChecked } from '../respond';
import { renderContact, renderConversation, renderMessage } from '../views';
import { changeLabels, deleteContact, editContact, receiveMessage } from './actions';
import { renderWindowConversation, selectFields } from './window-conversations';

/**
 * The control surface of shared/src/emulator-control.ts: each route of its
 * table parsed by the table's schemas, acted on through ./actions, answered
 * in Missive's shapes. Authentication and the JSON parser come from app.ts.
 */

interface ControlInput<N extends ControlRouteName> {
  params: z.output<ControlRoute<N>['params']>;
  body: ControlRoute<N>['body'] extends z.ZodType ? z.output<ControlRoute<N>['body']> : undefined;
}

type ControlHandlers = {
  [N in ControlRouteName]: (input: ControlInput<N>) => z.input<ControlRoute<N>['response']>;
};

function controlHandlers(context: HandlerContext): ControlHandlers {
  const { state } = context;
  return {
    editContact: ({ params, body }) => ({
      contacts: [renderContact(state, editContact(context, params.id, body), { embed: true })],
    }),
    deleteContact: ({ params }) => {
      const { id, modified_at } = deleteContact(context, params.id);
      return { contacts: [{ id, deleted: true, modified_at }] };
    },
    receiveMessage: ({ body }) => ({
      messages: renderMessage(state, receiveMessage(context, body), { withBody: true }),
    }),
    changeLabels: ({ params, body }) => ({
      conversations: [renderConversation(state, changeLabels(context, params.id, body))],
    }),
    fetchConversations: ({ body }) => ({
      conversations: windowConversations(state, body.ids, body.fields),
    }),
  };
}

/** Every id is found first: one unknown id is a 404, as for any read of it. */
function windowConversations(
  state: EmulatorState,
  ids: readonly string[],
  fields: readonly string[] | undefined,
) {
  return ids
    .map((id) => findConversation(state, id))
    .map((conversation) => selectFields(renderWindowConversation(state, conversation), fields));
}

function parsePart<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, describeZodError(parsed.error, where));
  return parsed.data;
}

/** A route that takes a body wants JSON; one that takes none refuses any. */
function readBody(req: Request, wanted: boolean): unknown {
  // Express 5 leaves req.body undefined when no body was parsed.
  const raw: unknown = req.body;
  if (!wanted) {
    const empty =
      raw === undefined || (typeof raw === 'object' && raw !== null && !Object.keys(raw).length);
    if (!empty) throw new HttpError(400, `${req.method} ${req.path} takes no request body`);
    return undefined;
  }
  if (raw === undefined || !req.is('application/json')) {
    throw new HttpError(400, 'send a JSON body with "Content-Type: application/json"');
  }
  return raw;
}

// N ties each route of the table to its own handler and input types.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function mountRoute<N extends ControlRouteName>(
  router: Router,
  name: N,
  handlers: ControlHandlers,
): void {
  const handler = handlers[name];
  const route: ControlRoute<ControlRouteName> = controlRoutes[name];
  const method = route.method.toLowerCase() as 'post' | 'patch' | 'delete';
  router[method](route.path, (req, res) => {
    const params = parsePart(route.params, req.params, 'path');
    const raw = readBody(req, route.body !== null);
    const body = route.body === null ? undefined : parsePart(route.body, raw, '');
    // Each part was parsed by the route's own schemas, so the outputs are the
    // declared types; TypeScript cannot follow that through the generic.
    const input = { params, body } as ControlInput<N>;
    sendChecked(res, `control ${name}`, route.response, handler(input));
  });
}

export function createControlRouter(context: HandlerContext): Router {
  const router = express.Router();
  const handlers = controlHandlers(context);
  for (const name of controlRouteNames) mountRoute(router, name, handlers);
  return router;
}
