import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '@crm/shared/missive/contacts';
import type { EndpointName } from '@crm/shared/missive/endpoints';
import { call, expectError, expectRefused, first, only, send, type RawInput } from './client';
import { allContacts, findBook } from './fixtures';
import { useEmulatorTarget } from './harness';

/**
 * Inputs a careless or hostile client sends. Each must be refused with the
 * error envelope and a status below 500 (the harness fails the file if the
 * emulator reports an unexpected error), and none may leave a trace: the
 * last tests check the emulator still answers with its data intact.
 */
const emulator = useEmulatorTarget();

let contact: Contact;

beforeAll(async () => {
  const book = await findBook(emulator.target, (candidate) => candidate.share_with_organization);
  contact = first(await allContacts(emulator.target, book.id), 'a contact');
});

const TEAM = { teams: [{ name: 'Hostile', organization: 'org' }] };
const NOT_JSON_BODY = 'send a JSON body with "Content-Type: application/json"';

describe('bodies that are not what the endpoint takes', () => {
  const refused: [string, RawInput, number, string][] = [
    ['malformed JSON', { rawBody: '{"teams": [' }, 400, 'the request body is not valid JSON'],
    [
      'JSON with a trailing comma',
      { rawBody: '{"teams": [],}' },
      400,
      'the request body is not valid JSON',
    ],
    [
      'an array instead of an object',
      { body: [TEAM] },
      400,
      'Invalid input: expected object, received array',
    ],
    [
      'a string instead of an object',
      { body: 'teams' },
      400,
      'Invalid input: expected object, received string',
    ],
    [
      'a number instead of an object',
      { rawBody: '42' },
      400,
      'Invalid input: expected object, received number',
    ],
    [
      'null instead of an object',
      { rawBody: 'null' },
      400,
      'Invalid input: expected object, received null',
    ],
    [
      'an object instead of the list',
      { body: { teams: TEAM.teams[0] } },
      400,
      'teams: Invalid input: expected array',
    ],
    [
      'a __proto__ key',
      { rawBody: '{"__proto__": {"admin": true}, "teams": []}' },
      400,
      'Unrecognized key: "__proto__"',
    ],
    [
      'a constructor key inside an item',
      { rawBody: '{"teams": [{"constructor": {}, "name": "a", "organization": "b"}]}' },
      400,
      'teams[0]: Unrecognized key: "constructor"',
    ],
    [
      'deeply nested arrays',
      { rawBody: `{"teams": ${'['.repeat(5000)}${']'.repeat(5000)}}` },
      400,
      'teams[0]: Invalid input: expected object, received array',
    ],
    [
      'a text/plain content type',
      { rawBody: JSON.stringify(TEAM), headers: { 'Content-Type': 'text/plain' } },
      400,
      NOT_JSON_BODY,
    ],
    [
      'a form content type',
      { rawBody: 'name=Hostile', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
      400,
      NOT_JSON_BODY,
    ],
    ['no body at all', {}, 400, NOT_JSON_BODY],
    [
      'a charset other than UTF-8',
      {
        rawBody: JSON.stringify(TEAM),
        headers: { 'Content-Type': 'application/json; charset=latin1' },
      },
      415,
      'the request body must be UTF-8 JSON',
    ],
    [
      'a gzip Content-Encoding on a plain body',
      { rawBody: JSON.stringify(TEAM), headers: { 'Content-Encoding': 'gzip' } },
      400,
      'the request body could not be read',
    ],
  ];

  it.each(refused)('refuses %s with the envelope', async (_what, input, status, message) => {
    await expectRefused(emulator.target, 'createTeams', input, status, message);
  });

  it('reads a body that really is gzip-compressed', async () => {
    const response = await send(emulator.target, 'createTeams', {
      rawBody: gzipSync(JSON.stringify({ teams: [] })),
      headers: { 'Content-Encoding': 'gzip' },
    });
    expectError(response, 400, 'teams: name at least one team');
  });

  it('refuses a body over 10 MB with 413 and the envelope', async () => {
    const huge = `{"drafts": {"body": "${'a'.repeat(10 * 1024 * 1024)}"}}`;
    await expectRefused(
      emulator.target,
      'createDraft',
      { rawBody: huge },
      413,
      'the request body exceeds the limit of 10485760 bytes',
    );
  });

  it('refuses a body on an endpoint that takes none', async () => {
    await expectRefused(
      emulator.target,
      'deleteDraft',
      { params: { id: 'some-draft' }, body: { force: true } },
      400,
      'DELETE /drafts/some-draft takes no request body',
    );
  });
});

describe('numbers and values of the wrong type', () => {
  const refused: [string, EndpointName, RawInput, string][] = [
    [
      'a limit in words',
      'listConversations',
      { query: { inbox: 'true', limit: 'ten' } },
      'query.limit: must be a whole number',
    ],
    [
      'a negative limit',
      'listConversations',
      { query: { inbox: 'true', limit: '-1' } },
      'query.limit: must be a whole number',
    ],
    [
      'a fractional limit',
      'listConversations',
      { query: { inbox: 'true', limit: '2.5' } },
      'query.limit: must be a whole number',
    ],
    [
      'a huge limit',
      'listConversations',
      { query: { inbox: 'true', limit: '99999999999999999999' } },
      'query.limit: must be at most 50',
    ],
    [
      'a huge offset',
      'listContactBooks',
      { query: { offset: '99999999999999999999' } },
      'query.offset',
    ],
    [
      'an until in words',
      'listConversations',
      { query: { inbox: 'true', until: 'yesterday' } },
      'query.until: must be a Unix timestamp in seconds',
    ],
    [
      'a boolean mailbox spelled yes',
      'listConversations',
      { query: { inbox: 'yes' } },
      'query.inbox: "yes" is not one of true, false, 1, 0',
    ],
    [
      'a query key the endpoint does not know',
      'listConversations',
      { query: { inbox: 'true', page: '2' } },
      'query: Unrecognized key: "page"',
    ],
    [
      'a due date as a string',
      'createTask',
      { body: { tasks: { title: 't', subtask: true, conversation: 'c', due_at: '1900000000' } } },
      'tasks.due_at',
    ],
    [
      'a due date beyond any number',
      'createTask',
      {
        rawBody: '{"tasks": {"title": "t", "subtask": true, "conversation": "c", "due_at": 1e400}}',
      },
      'tasks.due_at',
    ],
    [
      'a timestamp with a fraction',
      'createTask',
      { body: { tasks: { title: 't', subtask: true, conversation: 'c', due_at: 1.5 } } },
      'tasks.due_at',
    ],
    [
      'a boolean as a string',
      'createDraft',
      { body: { drafts: { body: 'x', send: 'true' } } },
      'drafts.send',
    ],
  ];

  it.each(refused)('refuses %s', async (_what, name, input, message) => {
    await expectRefused(emulator.target, name, input, 400, message);
  });

  it('answers an offset past the end with an empty page', async () => {
    const { contact_books } = await call(emulator.target, 'listContactBooks', {
      query: { offset: String(Number.MAX_SAFE_INTEGER) },
    });
    expect(contact_books).toEqual([]);
  });
});

describe('repeated query keys', () => {
  const refused: [string, Record<string, readonly string[] | string>, string][] = [
    [
      'a repeated mailbox',
      { inbox: ['true', 'true'] },
      'query.inbox: a list of 2 items is not one of true, false, 1, 0',
    ],
    [
      'a repeated limit',
      { inbox: 'true', limit: ['1', '2'] },
      'query.limit: Invalid input: expected string, received array',
    ],
    ['a repeated shared_label', { shared_label: ['a', 'b'] }, 'query.shared_label'],
  ];

  it.each(refused)('refuses %s rather than picking one', async (_what, query, message) => {
    expectError(await emulator.target.request('GET', '/conversations', { query }), 400, message);
  });
});

describe('ids that try to leave their path segment', () => {
  const badId = 'path.id: may hold only letters, digits and - _ . : @';
  const refused: [string, string, string][] = [
    ['a traversal with slashes', '../../users', badId],
    ['a slash', 'a/b', badId],
    ['a backslash', 'a\\b', badId],
    ['a NUL byte', 'a\u0000b', badId],
    ['a query string', 'a?limit=1', badId],
    ['non-ASCII letters', 'é', badId],
    ['an id of 101 characters', 'a'.repeat(101), 'path.id: is too long to be an id'],
  ];

  it.each(refused)('refuses %s with 400', async (_what, id, message) => {
    await expectRefused(emulator.target, 'getContact', { params: { id } }, 400, message);
  });

  // An id that is exactly "." or ".." never arrives: URL parsers (fetch
  // included) resolve such a segment before sending, encoded or not.
  it('treats dots inside an id as part of it, not as a path step', async () => {
    await expectRefused(
      emulator.target,
      'getContact',
      { params: { id: 'a..b' } },
      404,
      'contact "a..b" was not found',
    );
    await expectRefused(
      emulator.target,
      'getContact',
      { params: { id: '...' } },
      404,
      'contact "..." was not found',
    );
  });

  it('refuses a slash inside one id of a batch', async () => {
    await expectRefused(
      emulator.target,
      'updateContacts',
      { params: { ids: `${contact.id},a/b` }, body: { contacts: [{ id: contact.id }] } },
      400,
      'path.ids[1]: may hold only letters, digits and - _ . : @',
    );
  });
});

describe('after all of that', () => {
  it('a batch PATCH whose second id is unknown changes nothing, not even the first contact', async () => {
    const missing = 'no-such-contact';
    await expectRefused(
      emulator.target,
      'updateContacts',
      {
        params: { ids: `${contact.id},${missing}` },
        body: {
          contacts: [
            { id: contact.id, last_name: 'Overwritten' },
            { id: missing, last_name: 'Ghost' },
          ],
        },
      },
      404,
      `contact "${missing}" was not found`,
    );
    const read = only(
      (await call(emulator.target, 'getContact', { params: { id: contact.id } })).contacts,
    );
    expect(read.last_name).toBe(contact.last_name);
    expect(read.modified_at).toBe(contact.modified_at);
  });

  it('still answers, with its data intact', async () => {
    const { users } = await call(emulator.target, 'listUsers');
    expect(users.filter((user) => user.me)).toHaveLength(1);
    const { teams } = await call(emulator.target, 'listTeams');
    expect(teams.map((team) => team.name)).not.toContain('Hostile');
    const { conversations } = await call(emulator.target, 'listConversations', {
      query: { inbox: 'true', limit: '1' },
    });
    expect(conversations.length).toBeGreaterThan(0);
  });
});
