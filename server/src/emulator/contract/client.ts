import { expect } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import {
  endpoints,
  fillPath,
  type EndpointBody,
  type EndpointName,
  type EndpointParams,
  type EndpointQuery,
  type EndpointResponse,
} from '@crm/shared/missive/endpoints';
import type { ContractRequest, ContractResponse, ContractTarget } from './harness';

/**
 * Calls by endpoint name, so every request of the suite is built from the
 * endpoint table (method, path template) and every success is read with the
 * table's response schema: a field the schema wants and the target leaves
 * out fails the test that made the call.
 */

/** A call's parts as the table types them: what a correct client sends. */
export interface CallInput<N extends EndpointName> {
  params?: EndpointParams<N>;
  query?: EndpointQuery<N>;
  body?: EndpointBody<N>;
}

/** The same parts untyped, for requests the target must refuse. */
export interface RawInput {
  params?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string | readonly string[] | undefined>>;
  body?: unknown;
  headers?: ContractRequest['headers'];
  rawBody?: ContractRequest['rawBody'];
  token?: ContractRequest['token'];
}

export function send(
  target: ContractTarget,
  name: EndpointName,
  input: RawInput = {},
): Promise<ContractResponse> {
  const endpoint = endpoints[name];
  const query: Record<string, string | readonly string[]> = {};
  for (const [key, value] of Object.entries(input.query ?? {}))
    if (value !== undefined) query[key] = value;
  return target.request(endpoint.method, fillPath(endpoint.path, input.params ?? {}), {
    query,
    body: input.body,
    ...(input.rawBody === undefined ? {} : { rawBody: input.rawBody }),
    ...(input.headers === undefined ? {} : { headers: input.headers }),
    ...(input.token === undefined ? {} : { token: input.token }),
  });
}

/** A short description of an answer, for assertion messages. */
export function describeResponse(response: ContractResponse): string {
  return `HTTP ${response.status}: ${response.text.slice(0, 500)}`;
}

/** Calls an endpoint that must succeed and returns its answer parsed by the table's schema. */
export async function call<N extends EndpointName>(
  target: ContractTarget,
  name: N,
  input: CallInput<N> = {},
): Promise<EndpointResponse<N>> {
  const response = await send(target, name, input);
  const schema = endpoints[name].response;
  if (schema === null) {
    expect(response.status, describeResponse(response)).toBe(204);
    expect(response.text).toBe('');
    return null as EndpointResponse<N>;
  }
  expect(response.status, describeResponse(response)).toBe(200);
  const parsed = schema.safeParse(response.json);
  expect(parsed.error, `${name} answered outside its schema`).toBeUndefined();
  return parsed.data as EndpointResponse<N>;
}

/**
 * Asserts an error answer: the status and Missive's `{"error": {"message"}}`
 * envelope, with a message holding every fragment given. Returns the message.
 */
export function expectError(
  response: ContractResponse,
  status: number,
  ...fragments: readonly (string | RegExp)[]
): string {
  expect(response.status, describeResponse(response)).toBe(status);
  const envelope = errorEnvelopeSchema.safeParse(response.json);
  expect(envelope.error, `no error envelope in ${describeResponse(response)}`).toBeUndefined();
  const message = envelope.data?.error.message ?? '';
  for (const fragment of fragments) {
    if (typeof fragment === 'string') expect(message).toContain(fragment);
    else expect(message).toMatch(fragment);
  }
  return message;
}

/** Sends a request that must be refused with `status`; see expectError. */
export async function expectRefused(
  target: ContractTarget,
  name: EndpointName,
  input: RawInput,
  status: number,
  ...fragments: readonly (string | RegExp)[]
): Promise<string> {
  return expectError(await send(target, name, input), status, ...fragments);
}

/**
 * Walks a list paged by time to its end: each next page asks for items older
 * than the oldest of the previous one (`until` excludes it). A page shorter
 * than `limit` is the last; a longer one is a run of tied timestamps.
 */
export async function walkByTime<T extends { id: string }>(
  fetchPage: (until: number | undefined) => Promise<T[]>,
  time: (item: T) => number,
  limit: number,
): Promise<T[][]> {
  const pages: T[][] = [];
  let until: number | undefined;
  for (;;) {
    const page = await fetchPage(until);
    pages.push(page);
    const oldest = page.at(-1);
    if (page.length < limit || !oldest) return pages;
    if (until !== undefined && time(oldest) >= until)
      throw new Error(`paging did not move past ${until}`);
    until = time(oldest);
    if (pages.length > 1000) throw new Error('paging did not end after 1000 pages');
  }
}

/** The paging part of a query for a list paged by time. */
export function timePage(
  limit: number,
  until: number | undefined,
): { limit: string; until?: string } {
  return { limit: String(limit), ...(until === undefined ? {} : { until: String(until) }) };
}

/** Times are newest first: each item no newer than the one before it. */
export function expectNewestFirst(times: readonly number[]): void {
  const sorted = [...times].sort((a, b) => b - a);
  expect(times).toEqual(sorted);
}

export function ids(items: readonly { id: string }[]): string[] {
  return items.map((item) => item.id);
}

/** The one element a list answer must hold, failing clearly otherwise. */
export function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  const [item] = items;
  if (item === undefined) throw new Error('expected one item');
  return item;
}

export function first<T>(items: readonly T[], what = 'an item'): T {
  const item = items[0];
  if (item === undefined) throw new Error(`expected ${what}, the list is empty`);
  return item;
}
