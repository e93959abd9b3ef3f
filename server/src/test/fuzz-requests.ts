import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { MAX_PAYLOAD_BYTES } from '@crm/shared/missive/common';
import { endpointNames, type EndpointDef, type EndpointName } from '@crm/shared/missive/endpoints';
import type { EmulatorData } from '../emulator/model';
import { requestJsonSchema, valuesOf, type ValueSources } from './json-schema-arbitrary';

/**
 * Requests for fuzzing an implementation of the endpoint table (the gateway's
 * proxy, the emulator), generated from the table's own schemas in three
 * kinds: valid (what a correct client sends), near-valid (one field of a
 * valid request gone wrong) and hostile (what no client sends by mistake).
 */

export type InputKind = 'valid' | 'near-valid' | 'hostile';

export interface FuzzRequest {
  kind: InputKind;
  /** The endpoint the request was made from; a success is checked against its response schema. */
  endpoint: EndpointName;
  method: string;
  /** Below the API base, with the query, as it goes on the wire: encoded or deliberately not. */
  path: string;
  headers: Readonly<Record<string, string>>;
  body: string | Uint8Array | undefined;
  /** Leave out the Authorization header, or send this one instead of the target's. */
  credential?: { omit: true } | { header: string };
}

type Table = Readonly<Record<EndpointName, EndpointDef>>;
type Collection = keyof EmulatorData;

/** What valid inputs draw their ids and addresses from: the emulator's records at the start. */
export interface KnownRecords {
  ids: ReadonlyMap<Collection, readonly string[]>;
  emails: readonly string[];
}

export function knownRecords(data: EmulatorData): KnownRecords {
  const ids = new Map<Collection, string[]>();
  for (const collection of Object.keys(data) as Collection[]) {
    ids.set(
      collection,
      data[collection].map((record) => record.id),
    );
  }
  return { ids, emails: data.users.map((user) => user.email) };
}

/**
 * The records an id field names, by the field's name. `id` and `ids` name
 * records of the path's own collection; any other id field draws from all.
 */
const fieldCollections: Readonly<Record<string, Collection>> = {
  add_assignees: 'users',
  add_users: 'users',
  assignee: 'users',
  assignees: 'users',
  remove_assignees: 'users',
  share_with_users: 'users',
  user: 'users',
  users: 'users',
  add_shared_labels: 'sharedLabels',
  remove_shared_labels: 'sharedLabels',
  parent: 'sharedLabels',
  shared_label: 'sharedLabels',
  shared_labels: 'sharedLabels',
  contact_book: 'contactBooks',
  contact_organization: 'contactGroups',
  conversation: 'conversations',
  target: 'conversations',
  organization: 'organizations',
  share_with_team: 'teams',
  team: 'teams',
  team_all: 'teams',
  team_closed: 'teams',
  team_inbox: 'teams',
  teams: 'teams',
};

/** The collection a path's first segment names (`/conversations/:id/messages`: conversations). */
const pathCollections: Readonly<Record<string, Collection>> = {
  analytics: 'reports',
  contact_books: 'contactBooks',
  contact_groups: 'contactGroups',
  contacts: 'contacts',
  conversations: 'conversations',
  drafts: 'drafts',
  hooks: 'hooks',
  messages: 'messages',
  organizations: 'organizations',
  posts: 'posts',
  responses: 'responses',
  shared_labels: 'sharedLabels',
  tasks: 'tasks',
  teams: 'teams',
  users: 'users',
};

/**
 * Where generated URLs point: the discard port on loopback, which nothing
 * listens on here. A webhook created with one is delivered to it and fails
 * at once; nothing the fuzz makes can send a request off this machine.
 */
const urls = fc
  .tuple(fc.constantFrom('http', 'https'), fc.webPath())
  .map(([scheme, path]) => `${scheme}://127.0.0.1:9${path}`);

function sourcesFor(known: KnownRecords, path: string): ValueSources {
  const everyId = [...known.ids.values()].flat();
  const own = pathCollections[path.split('/')[1] ?? ''];
  const idsOf = (collection: Collection | undefined) =>
    (collection ? known.ids.get(collection) : undefined) ?? everyId;
  return {
    id: (field) => {
      const pool = idsOf(
        fieldCollections[field] ?? (field === 'id' || field === 'ids' ? own : undefined),
      );
      // Mostly records that exist, so requests reach the handlers; some that do not.
      return pool.length > 0
        ? fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...pool) },
            { weight: 1, arbitrary: fc.uuid() },
          )
        : fc.uuid();
    },
    text: (field) => fieldTexts[field],
    url: urls,
    email: fc.constantFrom(...known.emails),
  };
}

/** Text fields checked by a refinement, which their JSON Schema cannot carry. */
const fieldTexts: Readonly<Record<string, fc.Arbitrary<string>>> = {
  time_zone: fc.constantFrom(...Intl.supportedValuesOf('timeZone')),
};

/** A request's parts as values, before they are written on the wire. */
interface Inputs {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body?: unknown;
}

function inputsOf(endpoint: EndpointDef, known: KnownRecords): fc.Arbitrary<Inputs> {
  const sources = sourcesFor(known, endpoint.path);
  const part = (schema: Parameters<typeof requestJsonSchema>[0]) =>
    valuesOf(requestJsonSchema(schema), sources).map(asRecord);
  const params = part(endpoint.params);
  const query = part(endpoint.query);
  if (endpoint.body === null) return fc.record({ params, query });
  return fc
    .record({ params, query, body: valuesOf(requestJsonSchema(endpoint.body), sources) })
    .map(alignBatchIds);
}

/**
 * Missive's batch updates name their records twice, in the path and in the
 * body's items (`PATCH /teams/a,b` with `{"teams": [{"id": "a"}, {"id": "b"}]}`).
 * A valid request names the same ones in both, a rule across the parts that
 * no one schema holds.
 */
function alignBatchIds(inputs: Inputs): Inputs {
  if (typeof inputs.params.ids !== 'string' || !isObject(inputs.body)) return inputs;
  const items: unknown = Object.values(inputs.body)[0];
  if (!Array.isArray(items)) return inputs;
  const ids = items.map((item) => (isObject(item) ? item.id : undefined));
  if (!ids.every((id) => typeof id === 'string')) return inputs;
  return { ...inputs, params: { ...inputs.params, ids: ids.join(',') } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  if (!isObject(value)) {
    throw new Error(`path parameters and queries are objects, not ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Every byte percent-encoded but the unreserved ones, as encodeURIComponent
 * does, but from the UTF-8 of any string: a lone surrogate, which makes
 * encodeURIComponent throw, goes as the replacement character's bytes.
 */
function encode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.!~*'()]/.test(char)
      ? char
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A value a mutation left in a path or a query, as text; a dropped one as nothing. */
function asText(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Fills the template's `:name`s, each value one encoded segment (a missing one empty). */
function pathOf(template: string, params: Record<string, unknown>): string {
  return template.replace(/:([A-Za-z_]+)/g, (_, name: string) => encode(asText(params[name])));
}

/** The query string: a list repeats its key, as a client that appends twice would. */
function queryOf(query: Record<string, unknown>): string {
  const pairs = Object.entries(query).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map(
      (item) => `${encode(key)}=${encode(asText(item))}`,
    ),
  );
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

function requestOf(
  kind: InputKind,
  name: EndpointName,
  endpoint: EndpointDef,
  inputs: Inputs,
): FuzzRequest {
  const hasBody = 'body' in inputs;
  return describable({
    kind,
    endpoint: name,
    method: endpoint.method,
    path: pathOf(endpoint.path, inputs.params) + queryOf(inputs.query),
    headers: hasBody ? { 'Content-Type': 'application/json' } : {},
    body: hasBody ? JSON.stringify(inputs.body) : undefined,
  });
}

// ---- near-valid: one thing wrong ----

/** Lengths past the limits the schemas set (ids 100, names 255, subjects 998, notes 50 000…). */
const longLengths = [65, 101, 256, 999, 1001, 10_001, 50_001, 100_001] as const;

const oddStrings = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    ' padded ',
    '.',
    '..',
    'a/b',
    'a,b',
    'a,a',
    '%zz',
    '\u0000',
    '\ud800',
    '\udfff',
    '\u202e',
    '\ufeff',
    'fax',
    'TRUE',
    '1e3',
    '-1',
    '0x10',
    '99999999999999999999',
    'NaN',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '__proto__',
    'constructor',
  ),
  fc.constantFrom(...longLengths).map((length) => 'x'.repeat(length)),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

const oddValues: fc.Arbitrary<unknown> = fc.oneof(
  oddStrings,
  fc.constantFrom(
    0,
    -1,
    0.5,
    -0,
    2 ** 31,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    1e21,
    1e308,
    -1e308,
    5e-324,
    true,
    false,
    null,
    [],
    {},
    [[]],
    { id: 'x' },
  ),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

type Mutation =
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'drop'; at: number }
  | { kind: 'add-key'; at: number; key: string; value: unknown }
  | { kind: 'repeat'; at: number };

const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('replace'), at: fc.nat(), value: oddValues }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop'), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('add-key'),
      at: fc.nat(),
      key: fc.oneof(
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', ''),
        fc.string(),
      ),
      value: oddValues,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeat'), at: fc.nat() }) },
);

type Key = string | number;

/** Where a mutation may land: every value below the three parts, and a body as a whole. */
function locations(value: unknown, at: Key[] = []): Key[][] {
  const here = at.length >= 2 || (at.length === 1 && at[0] === 'body') ? [at] : [];
  if (Array.isArray(value))
    return [...here, ...value.flatMap((item, index) => locations(item, [...at, index]))];
  if (typeof value === 'object' && value !== null) {
    return [
      ...here,
      ...Object.entries(value).flatMap(([key, item]) => locations(item, [...at, key])),
    ];
  }
  return here;
}

/** A copy of `inputs` with one mutation applied. */
function mutate(inputs: Inputs, mutation: Mutation): Inputs {
  const copy = structuredClone(inputs);
  const all = locations(copy);
  const target = all[mutation.at % all.length];
  const key = target?.at(-1);
  const parent = target?.slice(0, -1).reduce<unknown>(child, copy);
  if (key === undefined || typeof parent !== 'object' || parent === null) return copy;
  const current: unknown = Reflect.get(parent, key);
  switch (mutation.kind) {
    case 'replace':
      Reflect.set(parent, key, mutation.value);
      break;
    case 'drop':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else Reflect.deleteProperty(parent, key);
      break;
    case 'add-key':
      if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
        // defineProperty: assigning "__proto__" would set the prototype, not add a key.
        Object.defineProperty(current, mutation.key, { value: mutation.value, enumerable: true });
      } else {
        Reflect.set(parent, key, { [mutation.key]: mutation.value });
      }
      break;
    case 'repeat':
      // A list gets its first item twice; a query value, its key twice.
      Reflect.set(
        parent,
        key,
        Array.isArray(current) ? withFirstTwice(current) : [current, current],
      );
      break;
  }
  return copy;
}

function withFirstTwice(list: readonly unknown[]): unknown[] {
  return [...list, list[0]];
}

function child(node: unknown, key: Key): unknown {
  return typeof node === 'object' && node !== null ? Reflect.get(node, key) : undefined;
}

// ---- hostile: what no client sends by mistake ----

/** Segments the router must refuse or route elsewhere, sent as they are (not encoded again). */
const hostileSegments = fc.oneof(
  fc.constantFrom(
    '%zz',
    '%',
    '%%',
    '%E0%A4%A',
    '%C0%AF',
    '%ff',
    '%FE%FF',
    '%ED%A0%80',
    '%00',
    '%2e%2e',
    '%2e',
    '..',
    '.',
    'a%2Fb',
    '%2F..%2F..%2Fetc%2Fpasswd',
    '%25',
    '%u0041',
    'a;b',
    'a"b',
    '\u00e9\u00ff',
  ),
  fc.integer({ min: 101, max: 8000 }).map((length) => 'a'.repeat(length)),
);

const hostileQueries = fc.constantFrom(
  '?%zz=1',
  '?a=%',
  '?limit=%zz',
  '?limit=1&limit=2',
  '?__proto__=1',
  '?__proto__[polluted]=1',
  '?constructor=1',
  '?a[b]=c',
  `?limit=${'9'.repeat(400)}`,
  '?&&&',
  '?=',
  '?==',
  '?limit',
  '?;',
  `?q=${'x'.repeat(6000)}`,
);

/** Bodies that are not JSON, are JSON no schema wants, or are built to exhaust a parser. */
const hostileBodies: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '{"a":',
    '[',
    '"',
    'nul',
    '{"a":1,}',
    "{'a':1}",
    '{"a":1}{"b":2}',
    '\u0000',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '1e999',
    '-',
    '123456789012345678901234567890',
    '{"a":1,"a":2}',
    '\ufeff{}',
    '[]',
    'null',
    '0',
    '"text"',
    'true',
  ),
  // Nesting past the gateway's depth limit, up to what a recursive reader cannot survive.
  fc
    .tuple(fc.integer({ min: 50, max: 200_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}']))
    .map(([depth, [open, close]]) => `${open.repeat(depth)}${close.repeat(depth)}`),
  // Long strings, many keys and long lists, all under the size limit.
  fc
    .integer({ min: 10_000, max: 2_000_000 })
    .map((length) => JSON.stringify({ notes: 'x'.repeat(length) })),
  fc
    .integer({ min: 100, max: 50_000 })
    .map((count) => `{${Array.from({ length: count }, (_, index) => `"k${index}":0`).join(',')}}`),
  fc.integer({ min: 1000, max: 500_000 }).map((count) => `[${'0,'.repeat(count)}0]`),
  // Not UTF-8, and every code point as JSON text.
  fc.uint8Array({ minLength: 1, maxLength: 64 }),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'binary', maxLength: 64 }).map((text) => JSON.stringify({ [text]: text })),
);

/**
 * Bodies past the size limit, made once: one sent as it is, one that
 * decompresses to twice the limit from a few kilobytes (the limit must hold
 * for what a body becomes).
 */
let oversizedMade: { plain: Buffer; gzipBomb: Buffer } | undefined;
function oversizedBodies() {
  return (oversizedMade ??= {
    plain: Buffer.alloc(MAX_PAYLOAD_BYTES + 1, ' '),
    gzipBomb: gzipSync(Buffer.alloc(MAX_PAYLOAD_BYTES * 2, ' ')),
  });
}

const hostileEncodings = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  fc.constantFrom(
    { 'Content-Encoding': 'gzip' },
    { 'Content-Encoding': 'deflate' },
    { 'Content-Encoding': 'br' },
    { 'Content-Encoding': 'x-unknown' },
    { 'Content-Encoding': 'gzip, gzip' },
  ),
);

const contentTypes = fc.oneof(
  { weight: 3, arbitrary: fc.constant('application/json') },
  fc.constantFrom(
    '',
    'text/plain',
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'application/json; charset=utf-7',
    'application/json; charset=ascii',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json, text/html',
    'application/json; charset="utf-8"; x',
    'application/vnd.api+json',
    '*/*',
    ';;;',
  ),
);

/** Headers a client may send and the answer must not depend on for its shape. */
const oddHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    Accept: fc.constantFrom('text/html', 'application/xml', '*/*', 'garbage', ''),
    'X-Priority': fc.constantFrom('background', 'interactive', 'urgent', 'BACKGROUND', ''),
    'Cache-Control': fc.constantFrom('no-cache', 'max-age=-1', 'no-store, no-cache', '\u00ff'),
    'X-Forwarded-For': fc.constantFrom('1.2.3.4', 'garbage', '::1, 10.0.0.1'),
  },
  { requiredKeys: [] },
);

const credentials = fc.constantFrom(
  { omit: true as const },
  { header: 'Bearer' },
  { header: 'Bearer wrong-token' },
  { header: 'Basic dXNlcjpwYXNz' },
  { header: `Bearer ${'x'.repeat(5000)}` },
);

const methods = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS'] as const;

export interface FuzzOptions {
  /** The endpoint table the target answers by (`endpoints` or `missiveEndpoints`). */
  table: Table;
  known: KnownRecords;
  /**
   * Whether hostile requests may present no or a wrong credential. Not at the
   * gateway, where wrong keys from one address get that address throttled,
   * right key included, and every later request would be a 429.
   */
  wrongCredentials: boolean;
}

/** Requests of the three kinds, for every endpoint of the table alike. */
export function fuzzRequests({
  table,
  known,
  wrongCredentials,
}: FuzzOptions): fc.Arbitrary<FuzzRequest> {
  const perEndpoint = endpointNames.map((name) => {
    const endpoint = table[name];
    const inputs = inputsOf(endpoint, known);
    return { name, endpoint, inputs };
  });
  const valid = fc.oneof(
    ...perEndpoint.map(({ name, endpoint, inputs }) =>
      inputs.map((input) => requestOf('valid', name, endpoint, input)),
    ),
  );
  const nearValid = fc.oneof(
    ...perEndpoint.map(({ name, endpoint, inputs }) =>
      fc
        .tuple(inputs, mutations)
        .map(([input, mutation]) =>
          requestOf('near-valid', name, endpoint, mutate(input, mutation)),
        ),
    ),
  );
  const hostile = fc.oneof(
    ...perEndpoint.map(({ name, endpoint, inputs }) =>
      hostileVariants(name, endpoint, inputs, wrongCredentials),
    ),
  );
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 4, arbitrary: nearValid },
    { weight: 3, arbitrary: hostile },
  );
}

function hostileVariants(
  name: EndpointName,
  endpoint: EndpointDef,
  inputs: fc.Arbitrary<Inputs>,
  wrongCredentials: boolean,
): fc.Arbitrary<FuzzRequest> {
  const base = inputs.map((input) => requestOf('hostile', name, endpoint, input));
  const withCredential = (request: FuzzRequest) =>
    wrongCredentials
      ? fc
          .option(credentials, { freq: 10 })
          .map((credential) =>
            credential === null ? request : describable({ ...request, credential }),
          )
      : fc.constant(request);
  const variants = fc.oneof(
    // A path segment the router must refuse (where the path has one), a malformed query.
    fc
      .tuple(base, hostileSegments, fc.oneof(fc.constant(''), hostileQueries))
      .map(([request, segment, query]) =>
        describable({
          ...request,
          path: `${endpoint.path.replace(/:[A-Za-z_]+/g, segment)}${query}`,
        }),
      ),
    // A body no schema wants, under any content type and encoding.
    fc
      .tuple(base, hostileBodies, contentTypes, hostileEncodings)
      .map(([request, body, type, encoding]) =>
        describable({
          ...request,
          headers: { ...(type ? { 'Content-Type': type } : {}), ...encoding },
          body,
        }),
      ),
    // The right request with odd headers, or under another method.
    fc
      .tuple(base, oddHeaders, fc.constantFrom(...methods))
      .map(([request, headers, method]) =>
        describable({ ...request, method, headers: { ...request.headers, ...headers } }),
      ),
  );
  // Seldom: one such request per endpoint makes the point, each is megabytes to send.
  const oversized = fc.tuple(base, fc.boolean()).map(([request, compressed]) =>
    describable({
      ...request,
      headers: {
        'Content-Type': 'application/json',
        ...(compressed ? { 'Content-Encoding': 'gzip' } : {}),
      },
      body: compressed ? oversizedBodies().gzipBomb : oversizedBodies().plain,
    }),
  );
  return fc
    .oneof({ weight: 19, arbitrary: variants }, { weight: 1, arbitrary: oversized })
    .chain(withCredential);
}

/**
 * How fast-check prints a request in a counterexample: long paths and bodies
 * cut short, so a failure with a megabyte body stays readable.
 */
function describable(request: FuzzRequest): FuzzRequest {
  return Object.assign(request, {
    [fc.toStringMethod]: () => {
      const cut = (text: string) =>
        text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
      const body =
        request.body === undefined
          ? ''
          : typeof request.body === 'string'
            ? ` body ${JSON.stringify(cut(request.body))}`
            : ` body of ${request.body.length} bytes`;
      return `${request.kind} ${request.method} ${cut(request.path)} headers ${JSON.stringify(request.headers)}${
        request.credential ? ` credential ${JSON.stringify(request.credential)}` : ''
      }${body}`;
    },
  });
}
