import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { canonicalInfo, contactChangesSchema } from '@crm/shared/contact-edits';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import {
  contactsResponse,
  type Contact,
  type ContactCreateInput,
  type ContactInfoInput,
  type ContactUpdateInput,
} from '@crm/shared/missive/contacts';
import { directMissive } from '../test/direct-missive';
import {
  EMULATOR_TOKEN,
  sharedContactBook,
  startGatewayHarness,
  type Answer,
  type GatewayHarness,
} from '../test/gateway-harness';
import type { UpstreamProxy } from '../test/upstream-proxy';

/**
 * One door for contact writes (#10): a PATCH through the proxy and an edit
 * through `POST /api/contacts/:id/edit` on the same contact at the same time,
 * over HTTP through the whole gateway to the emulator. A change is lost when
 * its writer was told it succeeded and the contact does not hold it after.
 */

const TRIALS = 10;
const EDITOR = 'agent-editor';
const API_CLIENT = 'agent-api-client';

let harness: GatewayHarness;
let upstream: UpstreamProxy;
let bookId: string;
let missive: ReturnType<typeof directMissive>;

beforeAll(async () => {
  // The proxy between gateway and emulator shows when the edit's read has
  // reached Missive, and can widen the edit's read-to-write window.
  harness = await startGatewayHarness({ throughProxy: true });
  if (!harness.proxy) throw new Error('the harness started without its upstream proxy');
  upstream = harness.proxy;
  missive = directMissive(harness.emulator.baseUrl, EMULATOR_TOKEN);
  bookId = await sharedContactBook(harness);
});

afterAll(async () => {
  await harness.stop();
});

afterEach(() => {
  upstream.latencyMs = 0;
  expect(harness.unexpected).toEqual([]);
});

const infos: ContactInfoInput[] = [
  { kind: 'email', label: 'work', value: 'ada@engines.example' },
  { kind: 'phone_number', label: 'work', value: '+44 20 5550 0100' },
];

async function createContact(): Promise<Contact> {
  const input: ContactCreateInput = {
    contact_book: bookId,
    first_name: 'Ada',
    last_name: 'Lovelace',
    infos,
    memberships: [{ group: { kind: 'organization', name: 'Analytical Engines' } }],
  };
  // A new contact has nothing to lose: the proxy still creates it with its lists.
  const answer = await harness.request('/api/missive/v1/contacts', {
    ...json('POST', { contacts: [input] }),
    agent: API_CLIENT,
  });
  expect(answer.status, answer.text).toBe(200);
  const contact = contactsResponse.parse(answer.json).contacts[0];
  if (!contact) throw new Error('no contact created');
  return contact;
}

function json(method: string, body: unknown): RequestInit {
  return { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function editThroughEditor(contact: Contact, changes: unknown): Promise<Answer> {
  return harness.request(`/api/contacts/${contact.id}/edit`, {
    ...json('POST', { base: contact, changes }),
    agent: EDITOR,
  });
}

function patchThroughProxy(contacts: ContactUpdateInput[]): Promise<Answer> {
  return harness.request(`/api/missive/v1/contacts/${contacts.map(({ id }) => id).join(',')}`, {
    ...json('PATCH', { contacts }),
    agent: API_CLIENT,
  });
}

/** Resolves once a request for `path` reached Missive after the first `since` requests. */
async function reachedMissive(path: string, since: number): Promise<void> {
  await vi.waitFor(
    () => {
      expect(upstream.requests.slice(since).map((url) => url.pathname)).toContain(path);
    },
    { interval: 1 },
  );
}

/**
 * The editor's edit starts, and once its read of the current contact has
 * reached Missive, so that it compares against the contact as it was before,
 * the proxy's PATCH goes out. Answers both and the contact afterwards.
 */
async function race(contact: Contact, editorChanges: unknown, patch: ContactUpdateInput) {
  const since = upstream.requests.length;
  const editing = editThroughEditor(contact, editorChanges);
  await reachedMissive(`/v1/contacts/${contact.id}`, since);
  const [edited, patched] = await Promise.all([editing, patchThroughProxy([patch])]);
  const after = contactsResponse.parse(await missive(`/contacts/${contact.id}`)).contacts[0];
  if (!after) throw new Error(`contact ${contact.id} is gone`);
  return { edited, patched, after };
}

function values(contact: Contact): (string | undefined)[] {
  return (contact.infos ?? []).map((info) => info.value);
}

describe('a proxy PATCH racing the editor on the same contact', () => {
  it('loses no change to infos', async () => {
    const lost: string[] = [];
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const contact = await createContact();
      const listed = (contact.infos ?? []).map(canonicalInfo);
      const editorEmail = `editor-${String(trial)}@engines.example`;
      const clientUrl = `https://client-${String(trial)}.example/`;
      const { edited, patched, after } = await race(
        contact,
        contactChangesSchema.parse({
          infos: [...listed, { kind: 'email', label: 'home', value: editorEmail }],
        }),
        {
          id: contact.id,
          infos: [...infos, { kind: 'url', label: 'homepage', value: clientUrl }],
        },
      );
      expect(edited.status === 200 || patched.status === 200, 'neither write went through').toBe(
        true,
      );
      if (edited.status === 200 && !values(after).includes(editorEmail)) {
        lost.push(`trial ${String(trial)}: the editor's ${editorEmail}`);
      }
      if (patched.status === 200 && !values(after).includes(clientUrl)) {
        lost.push(`trial ${String(trial)}: the PATCH's ${clientUrl}`);
      }
    }
    expect(lost).toEqual([]);
  });

  it('loses no change to a field both set: the later write is the one that saw the earlier', async () => {
    const contacts = await Promise.all(Array.from({ length: TRIALS }, createContact));
    // The edit's read and write each take this long to reach Missive, so the
    // PATCH, sent once the read is there, would land between the two.
    upstream.latencyMs = 300;
    const lost: string[] = [];
    for (const [trial, contact] of contacts.entries()) {
      const { edited, patched, after } = await race(
        contact,
        { first_name: 'Augusta' },
        { id: contact.id, first_name: 'Countess' },
      );
      // Either the PATCH went first and the editor, comparing, refused (409);
      // or the edit went first and the PATCH, a plain "set", came after it.
      // Both ways the PATCH's value stands; only a write that compared
      // against a contact older than the PATCH could have replaced it.
      expect([200, 409]).toContain(edited.status);
      expect(patched.status, patched.text).toBe(200);
      if (after.first_name !== 'Countess') {
        lost.push(
          `trial ${String(trial)}: the PATCH's first name, now "${String(after.first_name)}"`,
        );
      }
    }
    expect(lost).toEqual([]);
  });
});

describe('a proxy PATCH carrying infos or memberships', () => {
  it('is refused with 400 naming the editor route, and nothing is written', async () => {
    const [one, two] = [await createContact(), await createContact()];
    const answer = await patchThroughProxy([
      { id: one.id, last_name: 'King' },
      { id: two.id, memberships: [] },
    ]);
    expect(answer.status).toBe(400);
    const { error } = errorEnvelopeSchema.parse(answer.json);
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain(`contacts[1].memberships`);
    expect(error.message).toContain(`POST /api/contacts/${two.id}/edit`);
    const [after] = contactsResponse.parse(await missive(`/contacts/${one.id}`)).contacts;
    expect(after?.last_name).toBe('Lovelace');
  });

  it('leaves a PATCH of other fields alone', async () => {
    const contact = await createContact();
    const answer = await patchThroughProxy([{ id: contact.id, notes: 'First programmer' }]);
    expect(answer.status, answer.text).toBe(200);
    expect(contactsResponse.parse(answer.json).contacts[0]).toMatchObject({
      notes: 'First programmer',
      infos: [{ value: 'ada@engines.example' }, { value: '+44 20 5550 0100' }],
    });
  });
});
