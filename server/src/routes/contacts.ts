import express, { type Router } from 'express';
import {
  conflictingFields,
  rebaseChanges,
  touchedFields,
  type ContactChanges,
  type ContactConflict,
} from '@crm/shared/contact-edits';
import { contactsResponse, type Contact } from '@crm/shared/missive/contacts';
import type { Lane } from '../gateway/budget';
import type { Gateway } from '../gateway/gateway';
import { upstreamMessage, type UpstreamResponse } from '../gateway/missive-client';
import { retryAfterToTime } from '../gateway/retry-after';
import type { GatewayCall } from '../gateway/upstream';
import { mountRoute } from '../http/gateway-route';
import { HttpError } from '../http/http-error';
import { oneContactAtATime } from './contact-writes';
import { callerOf } from './missive-proxy';

/**
 * `POST /api/contacts/:id/edit`: a loss-free contact edit. Missive's PATCH
 * replaces `infos` and `memberships` wholesale and has no version check, so
 * the gateway reads the contact as it is now, refuses (409) when someone
 * else changed a field this agent changed too, and otherwise writes only the
 * agent's changes on top of the current record.
 */

export interface ContactEdit {
  id: string;
  /** The contact as the agent saw it when starting the change. */
  base: Contact;
  changes: ContactChanges;
  agent: string;
  lane: Lane;
}

export function createContactsRoute(gateway: Gateway): Router {
  const router = express.Router();
  mountRoute(router, 'editContact', async ({ params: { id }, body: { base, changes } }, req) => {
    if (base.id !== id) {
      throw new HttpError(400, `base.id is "${base.id}" but the path names "${id}"`);
    }
    const contact = await writeContactEdit(
      gateway,
      { id, base, changes, ...callerOf(req) },
      (fields) =>
        `someone else changed ${fields.join(', ')} since you opened this contact: choose which version to keep`,
    );
    return { contact };
  });
  return router;
}

/**
 * Writes `changes` onto the contact as it is now, unless that would undo
 * someone else's change; answers the contact as Missive has it afterwards.
 * The edit route and undo share it: an undo is an edit whose base is the
 * state the undone write left behind.
 */
export function writeContactEdit(
  gateway: Gateway,
  edit: ContactEdit,
  conflictMessage: (fields: string[]) => string,
): Promise<Contact> {
  // One write to this contact at a time through this gateway, edits and the
  // proxy's PATCHes alike: otherwise a write landing between this read and
  // this write would be overwritten without a conflict. (Writes made outside
  // the gateway are caught by the comparison, short of that instant.)
  return oneContactAtATime(gateway, [edit.id], () =>
    compareAndWrite(gateway, edit, conflictMessage),
  );
}

async function compareAndWrite(
  gateway: Gateway,
  edit: ContactEdit,
  conflictMessage: (fields: string[]) => string,
): Promise<Contact> {
  const current = await readCurrentContact(gateway, edit);
  const fields = conflictingFields(edit.base, current, edit.changes);
  if (fields.length > 0) {
    const details: ContactConflict = {
      current,
      base: edit.base,
      yours: edit.changes,
      fields,
    };
    throw new HttpError(409, conflictMessage(fields), { details });
  }
  // Fields already as the agent wants them are left out: a write that would
  // change nothing is not sent, and the audit log shows only real changes.
  const { changes } = rebaseChanges(edit.base, current, edit.changes);
  if (touchedFields(changes).length === 0) return current;
  const response = await call(gateway, {
    name: 'updateContacts',
    params: { ids: edit.id },
    query: {},
    body: { contacts: [{ id: edit.id, ...changes }] },
    agent: edit.agent,
    lane: edit.lane,
    before: current,
  });
  return onlyContact(response, edit.id);
}

async function readCurrentContact(
  gateway: Gateway,
  { id, agent, lane }: Pick<ContactEdit, 'id' | 'agent' | 'lane'>,
): Promise<Contact> {
  // A cached copy may predate a change made outside this gateway (in
  // Missive itself); comparing against it would overwrite that change.
  await gateway.invalidate(['contacts']);
  const response = await call(gateway, {
    name: 'getContact',
    params: { id },
    query: {},
    body: undefined,
    agent,
    lane,
  });
  return onlyContact(response, id);
}

/**
 * One call through the gateway, its refusals as errors whose `details` carry
 * the Retry-After in seconds: the browser cannot read that header from a
 * cross-route error, and the editor says when retrying is safe.
 */
async function call(gateway: Gateway, request: GatewayCall): Promise<UpstreamResponse> {
  let response: UpstreamResponse;
  try {
    ({ response } = await gateway.call(request));
  } catch (error) {
    if (error instanceof HttpError && error.headers['Retry-After'] !== undefined) {
      throw busy(error.status, error.message, error.headers['Retry-After'], error.code);
    }
    throw error;
  }
  if (response.status < 400) return response;
  const message = upstreamMessage(response.body) ?? `Missive answered ${response.status}`;
  if (response.status === 429) {
    throw busy(429, `Missive's rate limit was reached: ${message}`, response.retryAfter);
  }
  if (response.status === 404 && request.name === 'getContact') {
    throw new HttpError(404, `contact "${request.params.id ?? ''}" was not found`);
  }
  throw new HttpError(response.status, message, {
    ...(response.status >= 500 ? { code: 'upstream_error' as const } : {}),
  });
}

function busy(
  status: number,
  message: string,
  retryAfter: string | null,
  code?: HttpError['code'],
): HttpError {
  const now = Date.now();
  const seconds = Math.max(1, Math.ceil((retryAfterToTime(retryAfter, now, 5000) - now) / 1000));
  return new HttpError(status, message, {
    ...(code ? { code } : {}),
    headers: { 'Retry-After': String(seconds) },
    details: { retryAfter: seconds },
  });
}

function onlyContact(response: UpstreamResponse, id: string): Contact {
  const parsed = contactsResponse.safeParse(response.body);
  const contact = parsed.success ? parsed.data.contacts.find((item) => item.id === id) : undefined;
  if (!contact) {
    throw new HttpError(502, `Missive's answer did not hold contact "${id}" in the expected shape`);
  }
  return contact;
}
