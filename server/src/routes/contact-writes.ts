import type { EndpointName } from '@crm/shared/missive/endpoints';
import { z } from 'zod';
import { HttpError } from '../http/http-error';

/**
 * One door for contact writes. The loss-free editor (routes/contacts.ts)
 * reads a contact, compares it with what the agent saw and writes; a PATCH
 * landing between that read and write would be overwritten unseen. So every
 * write to an existing contact through one gateway, the editor's, an undo's
 * and the proxy's `updateContacts`, runs one after the other per contact.
 *
 * A proxy PATCH carrying `infos` or `memberships` is refused instead of
 * queued. Missive replaces those lists whole, and the PATCH says nothing of
 * the list its sender read: queued after an edit it would still erase that
 * edit's change, and the gateway cannot tell whether its sender saw it.
 * Only the editor, which carries the contact as the agent read it (`base`),
 * can merge a list change with the current one. Scalar fields are a plain
 * "set this value", so their PATCHes pass, in the same queue as the editor.
 * A new contact (`createContacts`) has nothing to lose and passes too.
 */

/** Per gateway, the last write queued for each contact. */
const writesUnderWay = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Runs `work` once every earlier write through `gateway` to any of `ids` has
 * settled, and holds those contacts until it settles in turn. A write joins
 * the queue of all its contacts at once, synchronously, so writes wait only
 * on writes queued before them and two batches sharing contacts cannot wait
 * on each other.
 */
export async function oneContactAtATime<T>(
  gateway: object,
  ids: readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  let queue = writesUnderWay.get(gateway);
  if (!queue) {
    queue = new Map();
    writesUnderWay.set(gateway, queue);
  }
  const contacts = [...new Set(ids)];
  // The queue holds settled promises only, so one failed write holds up nothing.
  const run = Promise.all(contacts.flatMap((id) => queue.get(id) ?? [])).then(work);
  const settled = run.catch(() => undefined);
  for (const id of contacts) queue.set(id, settled);
  try {
    return await run;
  } finally {
    for (const id of contacts) if (queue.get(id) === settled) queue.delete(id);
  }
}

const replacedLists = ['infos', 'memberships'] as const;

/** The ids and lists of a validated contact PATCH body, nothing else checked again. */
const updatedContacts = z.object({
  contacts: z.array(
    z.looseObject({
      id: z.string(),
      infos: z.unknown().optional(),
      memberships: z.unknown().optional(),
    }),
  ),
});

/**
 * The contacts a proxied call changes, which must wait their turn: none but
 * for `updateContacts`, which is refused (400) when it would replace a list.
 * `body` has passed the endpoint's schema already.
 */
export function contactsUpdatedBy(name: EndpointName, body: unknown): string[] {
  if (name !== 'updateContacts') return [];
  // Read again only for what this needs (the body passed the full schema):
  // the generic proxy route cannot narrow its type.
  const { contacts } = updatedContacts.parse(body);
  const refusals = contacts.flatMap((contact, index) =>
    replacedLists
      .filter((list) => contact[list] !== undefined)
      .map(
        (list) =>
          `contacts[${String(index)}].${list}: a PATCH replaces the whole list and would silently undo a change made since it was read; send it to POST /api/contacts/${contact.id}/edit with the contact as you read it ("base") and your "changes", which merges it with the current contact`,
      ),
  );
  if (refusals.length > 0) {
    throw new HttpError(
      400,
      `${refusals.join('; ')}. Other fields can still be PATCHed here, without infos and memberships.`,
    );
  }
  return contacts.map((contact) => contact.id);
}
