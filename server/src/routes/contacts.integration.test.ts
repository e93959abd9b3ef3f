import { describe, expect, it, vi } from 'vitest';
import { auditListResponse, auditUndoResponse } from '@crm/shared/audit';
import {
  canonicalInfo,
  contactChangesSchema,
  contactConflictEnvelopeSchema,
  contactEditResponseSchema,
  retryDetailsSchema,
  validationDetailsSchema,
  type ContactChanges,
} from '@crm/shared/contact-edits';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import {
  contactsResponse,
  type Contact,
  type ContactCreateInput,
  type ContactUpdateInput,
} from '@crm/shared/missive/contacts';
import {
  EMULATOR_TOKEN,
  sharedContactBook,
  startGatewayHarness,
  type GatewayHarness,
} from '../test/gateway-harness';
import { harnessPerFile } from '../test/harness-per-file';

/**
 * The contact edit and undo routes over HTTP, through the whole app (behind
 * its authentication), the gateway and the emulator.
 */

let bookId: string;
const harness = harnessPerFile({}, async (started) => {
  bookId = await sharedContactBook(started);
});

/** As `agent` (a person with an agent's key), or as the admin (APP_ACCESS_KEY) for null. */
async function post(
  path: string,
  body?: unknown,
  agent: string | null = 'agent-a',
  target = harness(),
) {
  const response = await target.request(`/api${path}`, {
    method: 'POST',
    ...(agent === null ? {} : { agent }),
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: response.json };
}

async function createContact(): Promise<Contact> {
  const input: ContactCreateInput = {
    contact_book: bookId,
    first_name: 'Grace',
    last_name: 'Hopper',
    notes: 'Prefers phone calls',
    infos: [
      { kind: 'email', label: 'work', value: 'grace@navy.example' },
      { kind: 'phone_number', label: 'work', value: '+1 206 555-0100' },
      { kind: 'url', label: 'homepage', value: 'https://grace.example/' },
      { kind: 'custom', label: 'other', custom_label: 'Rank', value: 'Rear admiral' },
    ],
    memberships: [
      { title: 'Director', group: { kind: 'organization', name: 'Compilers Inc' } },
      { group: { kind: 'group', name: 'Pioneers' } },
    ],
  };
  const answer = await harness().request('/api/missive/v1/contacts', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ contacts: [input] }),
  });
  const contact = contactsResponse.parse(answer.json).contacts[0];
  if (!contact) throw new Error('no contact created');
  return contact;
}

/** Straight to the emulator: another Missive client, unseen by the gateway's cache. */
async function changeBehindTheGateway(contact: Omit<ContactUpdateInput, 'id'> & { id: string }) {
  const response = await fetch(`${harness().emulator.baseUrl}/contacts/${contact.id}`, {
    method: 'PATCH',
    headers: { Authorization: `Bearer ${EMULATOR_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ contacts: [contact] }),
  });
  expect(response.status).toBe(200);
}

async function upstreamContact(id: string): Promise<Contact> {
  return upstreamContactOf(harness(), id);
}

async function upstreamContactOf(target: GatewayHarness, id: string): Promise<Contact> {
  const response = await fetch(`${target.emulator.baseUrl}/contacts/${id}`, {
    headers: { Authorization: `Bearer ${EMULATOR_TOKEN}` },
  });
  const contact = contactsResponse.parse(await response.json()).contacts[0];
  if (!contact) throw new Error(`contact ${id} is gone`);
  return contact;
}

/** The contact's infos with its phone number changed, as the editor would send them. */
function phoneEdit(contact: Contact, value: string): ContactChanges {
  return contactChangesSchema.parse({
    infos: (contact.infos ?? []).map((info) =>
      info.kind === 'phone_number' ? { ...canonicalInfo(info), value } : canonicalInfo(info),
    ),
  });
}

async function edit(contact: Contact, changes: unknown, agent?: string) {
  return post(`/contacts/${contact.id}/edit`, { base: contact, changes }, agent);
}

async function auditFor(contactId: string) {
  // The gateway records a write as it completes, without holding the answer back.
  return vi.waitFor(async () => {
    const entries = await harness().store.listAudit({ limit: 50 });
    const mine = entries.filter(
      (entry) => entry.endpoint === 'updateContacts' && entry.resultIds.includes(contactId),
    );
    expect(mine.length).toBeGreaterThan(0);
    return mine;
  });
}

describe('POST /api/contacts/:id/edit', () => {
  it('changes a phone and keeps every other info and membership upstream', async () => {
    const contact = await createContact();
    const answer = await edit(contact, phoneEdit(contact, '+1 206 555-0199'));
    expect(answer.status).toBe(200);
    const updated = contactEditResponseSchema.parse(answer.json).contact;

    const upstream = await upstreamContact(contact.id);
    expect(upstream).toEqual(updated);
    expect(upstream.infos?.map((info) => info.value)).toEqual([
      'grace@navy.example',
      '+1 206 555-0199',
      'https://grace.example/',
      'Rear admiral',
    ]);
    expect(upstream.infos?.[3]).toMatchObject({ custom_label: 'Rank' });
    expect(upstream.memberships?.map((membership) => membership.group.name)).toEqual([
      'Compilers Inc',
      'Pioneers',
    ]);
    expect(upstream.notes).toBe('Prefers phone calls');
  });

  it('refuses (409) when someone changed the same field, answering both versions', async () => {
    const contact = await createContact();
    await changeBehindTheGateway({ id: contact.id, first_name: 'Amazing Grace' });

    const answer = await edit(contact, { first_name: 'Admiral' });
    expect(answer.status).toBe(409);
    const { details } = contactConflictEnvelopeSchema.parse(answer.json).error;
    expect(details.fields).toEqual(['first_name']);
    expect(details.current.first_name).toBe('Amazing Grace');
    expect(details.base.first_name).toBe('Grace');
    expect(details.yours).toEqual({ first_name: 'Admiral' });
    expect((await upstreamContact(contact.id)).first_name).toBe('Amazing Grace');
  });

  it('refuses when someone changed another info meanwhile: the lists are replaced whole', async () => {
    const contact = await createContact();
    const theirs = phoneEdit(contact, '+1 206 555-0142');
    await changeBehindTheGateway({ id: contact.id, ...theirs });
    const answer = await edit(contact, {
      infos: [...(theirs.infos ?? []).filter((info) => info.kind !== 'url')],
    });
    expect(answer.status).toBe(409);
    expect(contactConflictEnvelopeSchema.parse(answer.json).error.details.fields).toEqual([
      'infos',
    ]);
  });

  it('lets only one of two simultaneous edits of the same field through', async () => {
    const contact = await createContact();
    const answers = await Promise.all([
      edit(contact, { first_name: 'Rear' }, 'agent-a'),
      edit(contact, { first_name: 'Admiral' }, 'agent-b'),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
  });

  it('applies a change to another field on top of the current contact', async () => {
    const contact = await createContact();
    await changeBehindTheGateway({ id: contact.id, last_name: 'Murray Hopper' });

    const answer = await edit(contact, { notes: 'Invented the first compiler', starred: true });
    expect(answer.status).toBe(200);
    const upstream = await upstreamContact(contact.id);
    expect(upstream).toMatchObject({
      first_name: 'Grace',
      last_name: 'Murray Hopper',
      notes: 'Invented the first compiler',
      starred: true,
    });
    expect(upstream.infos).toHaveLength(4);
  });

  it('refuses bad input with 400 and where each problem is', async () => {
    const contact = await createContact();
    const answer = await edit(contact, {
      infos: [{ kind: 'email', label: 'mobile', value: 'grace@navy.example' }],
    });
    expect(answer.status).toBe(400);
    const { error } = errorEnvelopeSchema.parse(answer.json);
    expect(error.message).toMatch(/^changes\.infos\[0\]\.label: "mobile" is not one of home, work/);
    expect(validationDetailsSchema.parse(error.details).issues[0]?.path).toEqual([
      'changes',
      'infos',
      0,
      'label',
    ]);

    expect((await post(`/contacts/${contact.id}/edit`, { changes: {} })).status).toBe(400);
    expect((await post(`/contacts/other-id/edit`, { base: contact, changes: {} })).status).toBe(
      400,
    );
  });

  it('answers 404 for a contact Missive does not have', async () => {
    const contact = await createContact();
    const ghost = { ...contact, id: 'no-such-contact' };
    const answer = await post('/contacts/no-such-contact/edit', {
      base: ghost,
      changes: { first_name: 'X' },
    });
    expect(answer.status).toBe(404);
    expect(errorEnvelopeSchema.parse(answer.json).error.code).toBe('not_found');
  });

  it('logs the contact before the write beside what was written', async () => {
    const contact = await createContact();
    await edit(contact, { first_name: 'Amazing' }, 'agent-audit');
    const [entry] = await auditFor(contact.id);
    expect(entry).toMatchObject({
      agent: 'agent-audit',
      before: { id: contact.id, first_name: 'Grace' },
      requestBody: { contacts: [{ id: contact.id, first_name: 'Amazing' }] },
    });

    const listed = await harness().request('/api/audit?limit=1');
    // Until app.ts mounts the route, the harness's own app does not know it.
    if (listed.status === 200) {
      expect(auditListResponse.parse(listed.json).entries[0]?.id).toBe(entry?.id);
    }
  });
});

describe('GET /api/audit and POST /api/audit/:id/undo', () => {
  it('lists entries newest first, paged with before', async () => {
    const contact = await createContact();
    await edit(contact, { nickname: 'Amazing' });
    const page = async (query: string) => {
      const response = await harness().request(`/api/audit${query}`);
      return auditListResponse.parse(response.json).entries;
    };
    const [newest, second] = await page('?limit=2');
    expect(newest && second && newest.id > second.id).toBe(true);
    expect((await page(`?limit=1&before=${newest?.id ?? 0}`))[0]?.id).toBe(second?.id);
    const bad = await harness().request('/api/audit?limit=zero');
    expect(bad.status).toBe(400);
  });

  it('restores the contact as it was, keeping a later change to another field', async () => {
    const contact = await createContact();
    await edit(contact, { ...phoneEdit(contact, '+1 206 555-0177'), first_name: 'G.' });
    const [entry] = await auditFor(contact.id);
    await changeBehindTheGateway({ id: contact.id, notes: 'Later note' });

    // An admin may undo anyone's edit (agents only their own: keys.integration.test.ts).
    const answer = await post(`/audit/${entry?.id ?? 0}/undo`, undefined, null);
    expect(answer.status).toBe(200);
    const restored = await upstreamContact(contact.id);
    expect(auditUndoResponse.parse(answer.json).contact).toEqual(restored);
    expect(restored.first_name).toBe('Grace');
    expect(restored.infos?.[1]?.value).toBe('+1 206 555-0100');
    expect(restored.notes).toBe('Later note');

    // The undo is a write of its own, logged with the state it replaced.
    const [undo] = await auditFor(contact.id);
    expect(undo).toMatchObject({ agent: 'admin', before: { first_name: 'G.' } });
  });

  it('refuses (409) to undo a write whose field changed since', async () => {
    const contact = await createContact();
    await edit(contact, { first_name: 'G.' });
    const [entry] = await auditFor(contact.id);
    await changeBehindTheGateway({ id: contact.id, first_name: 'Grace B.' });

    const answer = await post(`/audit/${entry?.id ?? 0}/undo`);
    expect(answer.status).toBe(409);
    const { details } = contactConflictEnvelopeSchema.parse(answer.json).error;
    expect(details.fields).toEqual(['first_name']);
    expect(details.current.first_name).toBe('Grace B.');
    expect(details.yours).toEqual({ first_name: 'Grace' });
    expect((await upstreamContact(contact.id)).first_name).toBe('Grace B.');
  });

  it('answers 404 for an unknown entry and 400 for one that cannot be undone', async () => {
    expect((await post('/audit/999999/undo')).status).toBe(404);
    expect((await post('/audit/abc/undo')).status).toBe(404);

    // A contact created through the proxy: a write, but not an edit with a before.
    const contact = await createContact();
    const created = await vi.waitFor(async () => {
      const entries = await harness().store.listAudit({ limit: 50 });
      const entry = entries.find(
        (item) => item.endpoint === 'createContacts' && item.resultIds.includes(contact.id),
      );
      expect(entry).toBeDefined();
      return entry;
    });
    const answer = await post(`/audit/${created?.id ?? 0}/undo`, undefined, null);
    expect(answer.status).toBe(400);
    expect(errorEnvelopeSchema.parse(answer.json).error.message).toMatch(
      /only contact edits can be undone/,
    );
  });
});

describe('when Missive is busy', () => {
  it('answers 503 with the Retry-After in seconds, also in details for the browser', async () => {
    const busy = await startGatewayHarness({
      gatewayLimits: 'concurrent=5,1/60s',
      queueTimeoutMs: 50,
    });
    try {
      const seeded = busy.emulator.state.data.contacts.find((contact) => !contact.deleted);
      if (!seeded) throw new Error('the seed has no contact');
      const contact = await upstreamContactOf(busy, seeded.id);
      // The read spends the only request of the minute; the write must wait for the next.
      const answer = await post(
        `/contacts/${contact.id}/edit`,
        { base: contact, changes: { nickname: 'Busy' } },
        'agent-a',
        busy,
      );
      expect(answer.status).toBe(503);
      const { error } = errorEnvelopeSchema.parse(answer.json);
      expect(error.code).toBe('overloaded');
      const { retryAfter } = retryDetailsSchema.parse(error.details);
      expect(retryAfter).toBeGreaterThan(0);
      // The budget keeps a safety margin past the window itself.
      expect(retryAfter).toBeLessThanOrEqual(65);
      expect(busy.unexpected).toEqual([]);
    } finally {
      await busy.stop();
    }
  });
});
