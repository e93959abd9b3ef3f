import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { cannedResponsesResponse, type CannedResponse } from '@crm/shared/missive/responses';
import { sharedLabelsResponse } from '@crm/shared/missive/labels';
import { organizationsResponse, teamsResponse, usersResponse } from '@crm/shared/missive/people';
import { contactBooksResponse, contactGroupsResponse } from '@crm/shared/missive/contacts';
import { startGatewayHarness, type Answer, type GatewayHarness } from '../test/gateway-harness';

/**
 * The directory's lists through the whole gateway: from Missive until the
 * mirror holds them, then from the mirror with Missive's filters and paging,
 * spending nothing of the token.
 */

let harness: GatewayHarness;

beforeAll(async () => {
  harness = await startGatewayHarness();
});

afterAll(async () => {
  await harness.stop();
});

afterEach(() => {
  expect(harness.unexpected).toEqual([]);
});

/** Missive's own answer, read past the gateway's cache and mirror. */
async function fromMissive(path: string): Promise<Answer> {
  const answer = await harness.request(`/api/missive/v1${path}`, {
    headers: { 'Cache-Control': 'no-cache' },
  });
  expect(answer.status, answer.text).toBe(200);
  expect(answer.headers.get('x-gateway-source')).not.toBe('mirror');
  return answer;
}

/** The gateway's answer, which must not have reached Missive. */
async function fromMirror(path: string): Promise<Answer> {
  const before = harness.upstreamCalls();
  const answer = await harness.request(`/api/missive/v1${path}`);
  expect(answer.status, answer.text).toBe(200);
  expect(answer.headers.get('x-gateway-source')).toBe('mirror');
  expect(Date.parse(answer.headers.get('x-mirror-as-of') ?? '')).toBeGreaterThan(0);
  expect(harness.upstreamCalls()).toBe(before);
  return answer;
}

const byId = <T extends { id: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => a.id.localeCompare(b.id));

describe('directory lists', () => {
  it('come from Missive until the mirror holds them', async () => {
    const answer = await harness.request('/api/missive/v1/users?limit=200');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-gateway-source')).toBe('upstream');
  });

  it('then come from the mirror, as Missive has them, without a call', async () => {
    expect((await harness.mirror.sync.runOnce()).failures).toEqual([]);
    for (const [path, schema, key] of [
      ['/users?limit=200', usersResponse, 'users'],
      ['/teams?limit=200', teamsResponse, 'teams'],
      ['/organizations', organizationsResponse, 'organizations'],
      ['/contact_books?limit=200', contactBooksResponse, 'contact_books'],
      ['/responses?limit=200', cannedResponsesResponse, 'responses'],
      ['/shared_labels?limit=200', sharedLabelsResponse, 'shared_labels'],
    ] as const) {
      const missive = schema.parse((await fromMissive(path)).json) as Record<
        string,
        { id: string }[]
      >;
      const mirror = schema.parse((await fromMirror(path)).json) as Record<
        string,
        { id: string }[]
      >;
      expect(byId(mirror[key] ?? []), path).toEqual(byId(missive[key] ?? []));
    }
  });

  it("apply Missive's organization filter, paging and defaults", async () => {
    const { organizations } = organizationsResponse.parse(
      (await fromMirror('/organizations')).json,
    );
    const organization = organizations[0]?.id ?? '';
    const all = sharedLabelsResponse.parse(
      (await fromMirror(`/shared_labels?organization=${organization}&limit=200`)).json,
    ).shared_labels;
    expect(all.length).toBeGreaterThan(3);
    expect(all.every((label) => label.organization === organization)).toBe(true);
    const page = sharedLabelsResponse.parse(
      (await fromMirror(`/shared_labels?organization=${organization}&limit=2&offset=1`)).json,
    ).shared_labels;
    expect(page).toEqual(all.slice(1, 3));
    // Another organization's labels: none.
    const other = await fromMirror(
      '/shared_labels?organization=00000000-0000-4000-8000-000000000000',
    );
    expect(sharedLabelsResponse.parse(other.json).shared_labels).toEqual([]);
    // Without a limit, Missive's 50.
    const responses = cannedResponsesResponse.parse((await fromMirror('/responses')).json);
    expect(responses.responses.length).toBeLessThanOrEqual(50);
  });

  it("list a book's groups by kind, and leave a book the mirror does not know to Missive", async () => {
    const { contact_books } = contactBooksResponse.parse((await fromMirror('/contact_books')).json);
    for (const book of contact_books) {
      for (const kind of ['group', 'organization']) {
        const path = `/contact_groups?contact_book=${book.id}&kind=${kind}&limit=200`;
        const missive = contactGroupsResponse.parse((await fromMissive(path)).json);
        const mirror = contactGroupsResponse.parse((await fromMirror(path)).json);
        expect(byId(mirror.contact_groups), path).toEqual(byId(missive.contact_groups));
      }
    }
    const unknown = await harness.request(
      '/api/missive/v1/contact_groups?contact_book=00000000-0000-4000-8000-000000000000&kind=group',
    );
    expect(unknown.headers.get('x-gateway-source')).toBe('upstream');
    expect(errorEnvelopeSchema.safeParse(unknown.json).success).toBe(true);
  });

  it('include what a write through the gateway just made', async () => {
    const { organizations } = organizationsResponse.parse(
      (await fromMirror('/organizations')).json,
    );
    const created = await harness.request('/api/missive/v1/responses', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        responses: [
          { title: 'Aaa first of all', body: 'Hello', organization: organizations[0]?.id },
        ],
      }),
    });
    expect(created.status, created.text).toBe(200);
    const listed: CannedResponse[] = cannedResponsesResponse.parse(
      (await fromMirror('/responses?limit=200')).json,
    ).responses;
    expect(listed.map((response) => response.title)).toContain('Aaa first of all');
  });
});
