import express, { type Router } from 'express';
import { applyChanges, changesRestoring, touchedFields } from '@crm/shared/contact-edits';
import { describeZodError } from '@crm/shared/errors';
import { contactSchema, contactUpdateBody } from '@crm/shared/missive/contacts';
import { requireAdmin } from '../auth/require-auth';
import type { Gateway } from '../gateway/gateway';
import { mountRoute } from '../http/gateway-route';
import { HttpError } from '../http/http-error';
import type { AuditEntry, Store } from '../store/types';
import { writeContactEdit } from './contacts';
import { agentOf, callerOf } from './missive-proxy';

/**
 * `GET /api/audit` lists the writes the gateway made, newest first;
 * `POST /api/audit/:id/undo` puts a contact edit back. An undo is an edit
 * like any other: it writes only the fields the undone write set, refuses
 * (409) when someone changed one of them since, and is logged itself, so it
 * can be undone in turn. Agents undo their own edits; admins anyone's.
 */
export function createAuditRoute({ gateway, store }: { gateway: Gateway; store: Store }): Router {
  const router = express.Router();

  mountRoute(router, 'listAudit', async ({ query }) => ({
    entries: await store.listAudit({
      limit: query.limit ?? 50,
      before: query.before,
      agent: query.agent,
    }),
  }));

  mountRoute(router, 'undoAuditEntry', async ({ params }, req) => {
    // Any other id names no entry: a 404 like an unknown number.
    const entry = /^\d{1,15}$/.test(params.id)
      ? await store.getAudit(Number(params.id))
      : undefined;
    if (!entry) throw new HttpError(404, `audit entry "${params.id}" was not found`);
    if (entry.agent !== agentOf(req)) {
      requireAdmin(req, `undo ${entry.agent ?? 'an unnamed agent'}'s edit (write ${entry.id})`);
    }
    const undo = undoableEdit(entry);
    const contact = await writeContactEdit(
      gateway,
      { ...undo, ...callerOf(req) },
      (fields) =>
        `the contact's ${fields.join(', ')} changed since write ${entry.id}; undoing it would overwrite that change`,
    );
    return { contact };
  });

  return router;
}

/**
 * The edit that reverses a logged contact write: from the state that write
 * left (its `before` with its changes applied) back to `before`, for exactly
 * the fields it set.
 */
function undoableEdit(entry: AuditEntry) {
  const refuse = (reason: string) =>
    new HttpError(400, `audit entry ${entry.id} cannot be undone: ${reason}`);
  if (entry.endpoint !== 'updateContacts') throw refuse('only contact edits can be undone');
  if (entry.upstreamStatus === null || entry.upstreamStatus >= 300) {
    throw refuse('the write did not succeed, so there is nothing to undo');
  }
  const before = contactSchema.safeParse(entry.before);
  if (!before.success) {
    throw refuse(
      'the log holds no earlier version of the contact (it was not changed through the contact editor)',
    );
  }
  const body = contactUpdateBody.safeParse(entry.requestBody);
  const written =
    body.success && body.data.contacts.length === 1 ? body.data.contacts[0] : undefined;
  if (written?.id !== before.data.id) throw refuse('the write did not change exactly that contact');
  const { id, ...changes } = written;
  const restore = changesRestoring(before.data, touchedFields(changes));
  if (!restore.success) {
    throw refuse(
      `the earlier version would not pass validation: ${describeZodError(restore.error)}`,
    );
  }
  return { id, base: applyChanges(before.data, changes), changes: restore.data };
}
