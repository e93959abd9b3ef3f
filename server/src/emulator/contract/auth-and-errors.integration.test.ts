import { describe, expect, it } from 'vitest';
import type { EndpointName } from '@crm/shared/missive/endpoints';
import { call, expectError, expectRefused, send, type RawInput } from './client';
import { useEmulatorTarget } from './harness';

const emulator = useEmulatorTarget();

const TOKEN_REFUSAL = /API token.*Authorization: Bearer/;
const MISSING = 'no-such-id-0000';

describe('authentication', () => {
  it('refuses a request without an Authorization header with 401 and the envelope', async () => {
    await expectRefused(emulator.target, 'listUsers', { token: null }, 401, TOKEN_REFUSAL);
  });

  it('refuses a wrong token, and a token without the Bearer scheme', async () => {
    await expectRefused(
      emulator.target,
      'listUsers',
      { token: 'not-the-token' },
      401,
      TOKEN_REFUSAL,
    );
    const response = await emulator.target.request('GET', '/users', {
      token: null,
      headers: { Authorization: emulator.target.token },
    });
    expectError(response, 401, TOKEN_REFUSAL);
  });

  it('checks the token before the body, so a stranger learns nothing from validation', async () => {
    await expectRefused(
      emulator.target,
      'createContacts',
      { token: null, body: { contacts: [] } },
      401,
      TOKEN_REFUSAL,
    );
  });

  it('checks the token before routing, so unknown paths answer 401 too', async () => {
    expectError(
      await emulator.target.request('GET', '/no-such-endpoint', { token: null }),
      401,
      TOKEN_REFUSAL,
    );
  });

  it('accepts the right token', async () => {
    const { users } = await call(emulator.target, 'listUsers');
    expect(users.filter((user) => user.me)).toHaveLength(1);
  });
});

describe('unknown ids and paths', () => {
  it('answers 404 with the envelope for a path the API does not have', async () => {
    expectError(
      await emulator.target.request('GET', '/no-such-endpoint'),
      404,
      'no endpoint GET /v1/no-such-endpoint',
    );
    expectError(
      await emulator.target.request('DELETE', '/contacts'),
      404,
      'no endpoint DELETE /v1/contacts',
    );
  });

  // Every endpoint that names a record in its path: the record is looked up
  // before anything is changed, and its absence is a 404 that names it.
  const unknownRecord: [EndpointName, RawInput, string][] = [
    ['getContact', { params: { id: MISSING } }, 'contact'],
    [
      'updateContacts',
      { params: { ids: MISSING }, body: { contacts: [{ id: MISSING, last_name: 'X' }] } },
      'contact',
    ],
    ['getConversation', { params: { id: MISSING } }, 'conversation'],
    [
      'updateConversations',
      { params: { ids: MISSING }, body: { conversations: [{ id: MISSING, close: true }] } },
      'conversation',
    ],
    [
      'mergeConversations',
      { params: { id: MISSING }, body: { target: 'another-missing-id' } },
      'conversation',
    ],
    ['listConversationMessages', { params: { id: MISSING } }, 'conversation'],
    ['listConversationComments', { params: { id: MISSING } }, 'conversation'],
    ['listConversationDrafts', { params: { id: MISSING } }, 'conversation'],
    ['listConversationPosts', { params: { id: MISSING } }, 'conversation'],
    ['getMessages', { params: { ids: MISSING } }, 'message'],
    ['deleteDraft', { params: { id: MISSING } }, 'draft'],
    ['deletePost', { params: { id: MISSING } }, 'post'],
    ['getResponse', { params: { id: MISSING } }, 'response'],
    [
      'updateResponses',
      { params: { ids: MISSING }, body: { responses: [{ id: MISSING, title: 'X' }] } },
      'response',
    ],
    [
      'updateSharedLabels',
      { params: { ids: MISSING }, body: { shared_labels: [{ id: MISSING, name: 'X' }] } },
      'shared label',
    ],
    [
      'updateTeams',
      { params: { ids: MISSING }, body: { teams: [{ id: MISSING, name: 'X' }] } },
      'team',
    ],
    ['getTask', { params: { id: MISSING } }, 'task'],
    ['updateTask', { params: { id: MISSING }, body: { tasks: { title: 'X' } } }, 'task'],
    ['deleteHook', { params: { id: MISSING } }, 'hook'],
  ];

  it.each(unknownRecord)(
    '%s with an unknown id answers 404 naming the %s',
    async (name, input, what) => {
      await expectRefused(emulator.target, name, input, 404, `${what} "${MISSING}" was not found`);
    },
  );

  it('answers an unknown analytics report with 404 and an empty body, as Missive documents', async () => {
    const response = await send(emulator.target, 'getAnalyticsReport', { params: { id: MISSING } });
    expect(response.status).toBe(404);
    expect(response.text).toBe('');
  });
});

describe('batch writes name their ids twice', () => {
  // Missive applies a batch item only when the path and the body agree;
  // a mismatch is refused whole rather than half-applied.
  const mismatched: [EndpointName, string][] = [
    ['updateContacts', 'contacts'],
    ['updateConversations', 'conversations'],
    ['updateSharedLabels', 'shared_labels'],
    ['updateResponses', 'responses'],
    ['updateTeams', 'teams'],
  ];

  it.each(mismatched)('%s refuses path ids that differ from the body ids', async (name, key) => {
    await expectRefused(
      emulator.target,
      name,
      {
        params: { ids: 'path-id-1,path-id-2' },
        body: { [key]: [{ id: 'path-id-1' }, { id: 'body-id-2' }] },
      },
      400,
      'the ids in the path (path-id-1, path-id-2) and in the body (path-id-1, body-id-2) must be the same',
    );
  });

  it('refuses the same id twice in a path', async () => {
    await expectRefused(
      emulator.target,
      'updateContacts',
      { params: { ids: 'same-id,same-id' }, body: { contacts: [{ id: 'same-id' }] } },
      400,
      'path.ids: names the same id twice',
    );
  });
});
