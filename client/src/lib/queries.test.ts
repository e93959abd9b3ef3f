import { MutationObserver, QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { gatewayRoutes, routeNames, type RouteName } from '@crm/shared/gateway-routes';
import { endpointNames, endpoints, type EndpointName } from '@crm/shared/missive/endpoints';
import { describeRequest, jsonResponse } from '@/test/http';
import { ApiError } from './api-client';
import {
  gatewayKey,
  type GatewayInput,
  type MissiveInput,
  gatewayMutation,
  gatewayQuery,
  invalidateResources,
  missiveKey,
  missiveMutation,
  missiveQuery,
} from './queries';

/** A value each path parameter of a template accepts: digits pass every id rule the tables have. */
function sampleParams(template: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [, name] of template.matchAll(/:([A-Za-z_]+)/g)) {
    if (name) params[name] = name === 'provider' ? 'github' : '7';
  }
  return params;
}

/** Every call is answered 418 with an envelope: the test is about what was sent and how it fails. */
function stubRefusingFetch() {
  const sent: { method: string; url: string }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
      sent.push({ method: init?.method ?? 'GET', url: describeRequest(input, init).url });
      return Promise.resolve(jsonResponse({ error: { message: 'refused by the test' } }, 418));
    }),
  );
  return sent;
}

const quietClient = () =>
  new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });

/**
 * The client binds every entry of both tables through one factory: a read's
 * key is its endpoint and input, its call goes to the entry's method and
 * path, and a write carries what its entry invalidates. An entry added to a
 * table is covered here without a line of its own.
 */
describe('every endpoint of both tables has a client binding', () => {
  it.each(endpointNames)('Missive %s', async (name: EndpointName) => {
    const endpoint = endpoints[name];
    const sent = stubRefusingFetch();
    const client = quietClient();
    // The sample's parameter names are read from the entry's own template,
    // which TypeScript cannot follow across every entry at once.
    const input = { params: sampleParams(endpoint.path) } as MissiveInput<typeof name>;
    const path = `/api/missive/v1${endpoint.path.replace(/:([A-Za-z_]+)/g, (_, param: string) => sampleParams(endpoint.path)[param] ?? '')}`;

    if (endpoint.method === 'GET') {
      const read = missiveQuery(name, input);
      expect(read.queryKey).toEqual(['missive', name, input]);
      await expect(client.query(read)).rejects.toBeInstanceOf(ApiError);
    } else {
      const write = missiveMutation(name, (call: MissiveInput<typeof name>) => call);
      expect(write.meta?.invalidates).toEqual(endpoint.invalidates);
      await expect(new MutationObserver(client, write).mutate(input)).rejects.toBeInstanceOf(
        ApiError,
      );
    }
    expect(sent).toEqual([{ method: endpoint.method, url: path }]);
  });

  it.each(routeNames)('gateway %s', async (name: RouteName) => {
    const route = gatewayRoutes[name];
    const sent = stubRefusingFetch();
    const client = quietClient();
    const params = sampleParams(route.path);
    // As above: names from the entry's own template.
    const input = { params } as GatewayInput<typeof name>;
    const path = `/api${route.path.replace(/:([A-Za-z_]+)/g, (_, param: string) => params[param] ?? '')}`;

    if (route.method === 'GET') {
      const read = gatewayQuery(name, input);
      expect(read.queryKey).toEqual(['gateway', name, input]);
      await expect(client.query(read)).rejects.toBeInstanceOf(ApiError);
    } else {
      const write = gatewayMutation(name, (call: GatewayInput<typeof name>) => call);
      expect(write.meta?.invalidates).toEqual(route.invalidates);
      await expect(new MutationObserver(client, write).mutate(input)).rejects.toBeInstanceOf(
        ApiError,
      );
    }
    expect(sent).toEqual([{ method: route.method, url: path }]);
  });
});

describe('invalidateResources', () => {
  it('refreshes what reads a changed resource, through either table, and nothing else', async () => {
    const client = new QueryClient();
    const keys = {
      tasks: missiveKey('listTasks'),
      context: gatewayKey('getContext', { params: { id: 'c1' } }),
      audit: gatewayKey('listAudit'),
      labels: missiveKey('listSharedLabels'),
    };
    for (const key of Object.values(keys)) client.setQueryData(key, { cached: true });

    await invalidateResources(client, endpoints.updateTask.invalidates);

    const stale = Object.entries(keys)
      .filter(([, key]) => client.getQueryState(key)?.isInvalidated)
      .map(([name]) => name);
    expect(stale).toEqual(['tasks', 'context']);
  });
});

describe('a write’s refresh', () => {
  it('knows the one conversation a write is about, from its path or its body', () => {
    const post = missiveMutation('createPost', (text: string) => ({
      body: {
        posts: {
          conversation: 'c1',
          markdown: text,
          notification: { title: 'Note', body: text },
        },
      },
    }));
    expect(post.meta?.conversation?.('A note')).toBe('c1');
    const labels = missiveMutation('updateConversations', (ids: string) => ({
      params: { ids },
      body: { conversations: [{ id: ids, add_shared_labels: ['l1'] }] },
    }));
    expect(labels.meta?.conversation?.('c2')).toBe('c2');
    expect(labels.meta?.conversation?.('c2,c3')).toBeNull();
    const task = missiveMutation('updateTask', (title: string) => ({
      params: { id: 't1' },
      body: { tasks: { title } },
    }));
    expect(task.meta?.conversation?.('Call back')).toBeNull();
  });

  it('reads that conversation and the contexts again, not other conversations nor the budgeted conversation lists', async () => {
    const client = new QueryClient();
    const keys = {
      thisThread: missiveKey('listConversationPosts', { params: { id: 'c1' } }),
      otherThread: missiveKey('listConversationPosts', { params: { id: 'c2' } }),
      inbox: missiveKey('listConversations', { query: { inbox: 'true' } }),
      windowInbox: missiveKey('listConversations', { query: { inbox: 'true' } }, 'window'),
      context: gatewayKey('getContext', { params: { id: 'c9' } }),
    };
    for (const key of Object.values(keys)) client.setQueryData(key, { cached: true });

    await invalidateResources(client, endpoints.createPost.invalidates, {
      conversation: 'c1',
      keepConversationLists: true,
    });

    const stale = Object.entries(keys)
      .filter(([, key]) => client.getQueryState(key)?.isInvalidated)
      .map(([name]) => name);
    expect(stale).toEqual(['thisThread', 'windowInbox', 'context']);
  });
});
