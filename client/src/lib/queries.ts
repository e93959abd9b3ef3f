import {
  infiniteQueryOptions,
  mutationOptions,
  queryOptions,
  type GetNextPageParamFunction,
  type InfiniteData,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { staleAfter, staleAfterGap, type LiveEvent } from '@crm/shared/events';
import {
  gatewayRoutes,
  type AnyResource,
  type RouteName,
  type RouteResponse,
} from '@crm/shared/gateway-routes';
import { endpoints, type EndpointName, type EndpointResponse } from '@crm/shared/missive/endpoints';
import { callGateway, callMissive, type GatewayCall, type MissiveCall } from './api-client';

/**
 * The one place query keys are made. Every cached answer is keyed
 * `[api, endpoint name, input]`, from the two shared tables (Missive's
 * endpoints and the gateway's own routes), so:
 * - the same call is one cache entry wherever in the app it is made;
 * - what a write refreshes is what its table entry `invalidates`
 *   (the mutation cache in react-query.ts reads it from the mutation's meta);
 * - what a live event refreshes is what shared `staleAfter` names, matched
 *   against what each entry `reads`: the gateway drops its own cache by the
 *   same list.
 */

/**
 * missive: through the gateway's budget. window: as Missive's own window
 * reads (the playground, demo mode), outside it. gateway: the gateway's own
 * routes.
 */
export type Api = 'missive' | 'window' | 'gateway';

/** What a call sends, without the abort signal React Query adds. */
export type MissiveInput<N extends EndpointName> = Omit<
  MissiveCall<N>,
  'signal' | 'asMissiveWindow'
>;
export type GatewayInput<N extends RouteName> = Omit<GatewayCall<N>, 'signal'>;

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** What the write changes, from its table entry: refreshed once it succeeds. */
      invalidates: readonly AnyResource[];
      /** The one conversation the write with these variables is about, if it names one. */
      conversation?: (variables: unknown) => string | null;
    };
  }
}

/** Every cached read of one endpoint, whatever its input: for `setQueriesData` over all of them. */
export function endpointKey(api: 'missive' | 'window', name: EndpointName): readonly [Api, string];
export function endpointKey(api: 'gateway', name: RouteName): readonly [Api, string];
export function endpointKey(api: Api, name: string): readonly [Api, string] {
  return [api, name] as const;
}

/** The key of one read: its endpoint and exactly what it sends. */
export function missiveKey<N extends EndpointName>(
  name: N,
  input: MissiveInput<N> = {},
  api: 'missive' | 'window' = 'missive',
) {
  return [api, name, input] as const;
}

/**
 * The key of an answer a view composes from one endpoint (its pages, every
 * page of it, or its answer joined with another read): the endpoint's key
 * with the view's name after it, so it is refreshed with that endpoint's
 * reads and never mistaken for the endpoint's own answer.
 */
export function composedKey<N extends EndpointName>(
  name: N,
  input: MissiveInput<N>,
  view: string,
  api: 'missive' | 'window' = 'missive',
) {
  return [api, name, input, view] as const;
}

export function gatewayKey<N extends RouteName>(name: N, input: GatewayInput<N> = {}) {
  return ['gateway', name, input] as const;
}

/** The same for an answer a view composes from one gateway route (its pages, say). */
function composedGatewayKey<N extends RouteName>(name: N, input: GatewayInput<N>, view: string) {
  return ['gateway', name, input, view] as const;
}

/** A read of one Missive endpoint; spread it and add `select`, `staleTime`, `enabled`. */
export function missiveQuery<N extends EndpointName>(
  name: N,
  input: MissiveInput<N> = {},
  { asMissiveWindow = false }: { asMissiveWindow?: boolean } = {},
) {
  return queryOptions({
    queryKey: missiveKey(name, input, asMissiveWindow ? 'window' : 'missive'),
    queryFn: ({ signal }) => callMissive(name, { ...input, signal, asMissiveWindow }),
  });
}

/** A read of one of the gateway's own routes. */
export function gatewayQuery<N extends RouteName>(name: N, input: GatewayInput<N> = {}) {
  return queryOptions({
    queryKey: gatewayKey(name, input),
    queryFn: ({ signal }) => callGateway(name, { ...input, signal }),
  });
}

/**
 * How a paged read pages: `page(cursor)` is the call for one page, and the
 * key is made from the call for the first page, so two lists that differ
 * only in their filters are two entries and one that differs only in how
 * far it was read is one.
 */
export interface Paging<Input, Answer, C, Page> {
  page: (cursor: C) => Input;
  initialPageParam: C;
  getNextPageParam: GetNextPageParamFunction<C, Page>;
  /** From the endpoint's answer to the page the view lists (reading more with `signal` if it must). */
  select: (answer: Answer, signal: AbortSignal) => Page | Promise<Page>;
}

function pagedQuery<Input, Answer, C, Page>(
  key: (input: Input) => QueryKey,
  call: (input: Input, signal: AbortSignal) => Promise<Answer>,
  { page, initialPageParam, getNextPageParam, select }: Paging<Input, Answer, C, Page>,
) {
  return infiniteQueryOptions<Page, Error, InfiniteData<Page, C>, QueryKey, C>({
    queryKey: key(page(initialPageParam)),
    // react-query types a page's param by a conditional on C that TypeScript
    // cannot resolve for a generic C; it is always initialPageParam or what
    // getNextPageParam returned, both C.
    queryFn: async ({ pageParam, signal }) =>
      select(await call(page(pageParam as C), signal), signal),
    initialPageParam,
    getNextPageParam,
  });
}

/**
 * A paged read of one Missive endpoint, through the budget or, with
 * `asMissiveWindow`, as Missive's window reads it. Keyed as the endpoint's
 * pages, apart from a single read of the same input.
 */
export function missivePages<N extends EndpointName, C, Page>(
  name: N,
  paging: Paging<MissiveInput<N>, EndpointResponse<N>, C, Page>,
  { asMissiveWindow = false }: { asMissiveWindow?: boolean } = {},
) {
  return pagedQuery(
    (input: MissiveInput<N>) =>
      composedKey(name, input, 'pages', asMissiveWindow ? 'window' : 'missive'),
    (input, signal) => callMissive(name, { ...input, signal, asMissiveWindow }),
    paging,
  );
}

/** A paged read of one of the gateway's own routes. */
export function gatewayPages<N extends RouteName, C, Page>(
  name: N,
  paging: Paging<GatewayInput<N>, RouteResponse<N>, C, Page>,
) {
  return pagedQuery(
    (input: GatewayInput<N>) => composedGatewayKey(name, input, 'pages'),
    (input, signal) => callGateway(name, { ...input, signal }),
    paging,
  );
}

/**
 * A write to one Missive endpoint: `toCall` turns what the view has (say, a
 * task's changes) into the call. What the endpoint invalidates is refreshed
 * on success by the mutation cache; a feature's own `onSuccess` only shows
 * the answer at once (setQueryData) where it wants to.
 */
export function missiveMutation<N extends EndpointName, V = MissiveInput<N>>(
  name: N,
  toCall: (variables: V) => MissiveInput<N>,
) {
  return mutationOptions({
    mutationKey: endpointKey('missive', name),
    mutationFn: (variables: V) => callMissive(name, toCall(variables)),
    meta: {
      invalidates: endpoints[name].invalidates,
      // The mutation cache hands back exactly the variables this mutation
      // ran with; it types them unknown because it holds every mutation.
      conversation: (variables: unknown) => conversationOfCall(name, toCall(variables as V)),
    },
  });
}

export function gatewayMutation<N extends RouteName, V = GatewayInput<N>>(
  name: N,
  toCall: (variables: V) => GatewayInput<N>,
) {
  return mutationOptions({
    mutationKey: endpointKey('gateway', name),
    mutationFn: (variables: V) => callGateway(name, toCall(variables)),
    meta: { invalidates: gatewayRoutes[name].invalidates },
  });
}

function isEndpointName(name: unknown): name is EndpointName {
  return typeof name === 'string' && Object.hasOwn(endpoints, name);
}

function isRouteName(name: unknown): name is RouteName {
  return typeof name === 'string' && Object.hasOwn(gatewayRoutes, name);
}

/** What a cached answer is made of, from its key's table entry (nothing for a foreign key). */
function readsOf(key: QueryKey): readonly AnyResource[] {
  const [api, name] = key;
  if ((api === 'missive' || api === 'window') && isEndpointName(name)) {
    return [endpoints[name].resource];
  }
  if (api === 'gateway' && isRouteName(name)) return gatewayRoutes[name].reads;
  return [];
}

/** The one conversation a cached answer is about (`/conversations/:id…`), if it is about one. */
function conversationOf(key: QueryKey): string | undefined {
  const [api, name, input] = key;
  if (api === 'gateway' || !isEndpointName(name)) return undefined;
  if (!endpoints[name].path.startsWith('/conversations/:id')) return undefined;
  const params: unknown =
    typeof input === 'object' && input !== null && 'params' in input ? input.params : undefined;
  const id: unknown =
    typeof params === 'object' && params !== null && 'id' in params ? params.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** `value[key]` when value is an object that has it. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/**
 * The one conversation a write is about: named in its path
 * (`/conversations/:ids` with a single id) or in its body (a post, draft or
 * task: `{ posts: { conversation } }`); null when it names none or several.
 */
function conversationOfCall(
  name: EndpointName,
  call: { params?: unknown; body?: unknown },
): string | null {
  const named = endpoints[name].path.startsWith('/conversations/:')
    ? (field(call.params, 'id') ?? field(call.params, 'ids'))
    : Object.values(typeof call.body === 'object' && call.body !== null ? call.body : {})
        .map((item: unknown) => field(item, 'conversation'))
        .find((value) => typeof value === 'string');
  return typeof named === 'string' && named !== '' && !named.includes(',') ? named : null;
}

export interface Staleness {
  /** Answers about one other conversation are left alone: nothing about them changed. */
  conversation?: string | null;
  /**
   * Leaves Missive's conversation lists alone: each page read again spends
   * the budget. A write's refresh does (on every write, and the webhook that
   * follows, a live event, refreshes them), and so does the read after a
   * gap in the live events (every client of a stopped instance reconnects
   * at once; the next conversation event refreshes them). Lists the window
   * reads are free.
   */
  keepConversationLists?: boolean;
}

/** Whether a key is a budgeted read of Missive's conversation lists. */
function isConversationList(queryKey: QueryKey): boolean {
  const [api, name] = queryKey;
  return api === 'missive' && isEndpointName(name) && endpoints[name].path === '/conversations';
}

/** Refreshes every cached answer made of one of `resources`, within `scope`. */
export function invalidateResources(
  queryClient: QueryClient,
  resources: readonly AnyResource[],
  { conversation = null, keepConversationLists = false }: Staleness = {},
): Promise<void> {
  if (resources.length === 0) return Promise.resolve();
  const stale = new Set<AnyResource>(resources);
  return queryClient.invalidateQueries({
    predicate: ({ queryKey }) => {
      if (!readsOf(queryKey).some((resource) => stale.has(resource))) return false;
      if (keepConversationLists && isConversationList(queryKey)) return false;
      if (conversation === null) return true;
      const about = conversationOf(queryKey);
      return about === undefined || about === conversation;
    },
  });
}

/** What a live event makes stale, from the list the gateway's cache uses too. */
export function invalidateForEvent(queryClient: QueryClient, event: LiveEvent): Promise<void> {
  const { resources, conversation } = staleAfter(event);
  return invalidateResources(queryClient, resources, { conversation });
}

/**
 * After a gap in the live events (the stream dropped and reopened): reads
 * again what any missed event could have made stale, the active queries at
 * once and the others when next shown, but not Missive's conversation lists.
 */
export function invalidateAfterGap(queryClient: QueryClient): Promise<void> {
  return invalidateResources(queryClient, staleAfterGap(), { keepConversationLists: true });
}
