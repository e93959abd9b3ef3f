import { describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import { gatewayRoutes, routeNames, type RouteName } from '@crm/shared/gateway-routes';
import { harnessPerFile } from '../test/harness-per-file';

/**
 * The table of the gateway's own routes against the running app: every
 * entry is mounted (its method and path answer something other than the
 * "no endpoint" 404), its access level holds (public ones answer without a
 * credential, the rest ask for one, admin ones refuse an agent).
 *
 * Each request is made to be harmless: path ids that name nothing, and an
 * empty JSON object for a body, which every route that takes one refuses
 * or answers without writing. After a first sync the reads answer 200, and
 * outside production mountRoute checks each answer against the entry's
 * response schema: a route that drifted from it answers 500 here.
 */
const harness = harnessPerFile({}, async (started) => {
  const { failures } = await started.mirror.sync.runOnce();
  expect(failures).toEqual([]);
});

/** Path parameters that name nothing, of the shape each route accepts. */
const samples: Readonly<Record<string, string>> = {
  id: '999999',
  provider: 'no-such-provider',
};

function requestOf(name: RouteName): { path: string; init: RequestInit } {
  const route = gatewayRoutes[name];
  const path = route.path.replace(/:([A-Za-z_]+)/g, (_, param: string) => {
    const value = samples[param];
    if (value === undefined) throw new Error(`no sample for the path parameter "${param}"`);
    return value;
  });
  const init: RequestInit =
    route.body === null
      ? { method: route.method }
      : { method: route.method, headers: { 'Content-Type': 'application/json' }, body: '{}' };
  return { path: `/api${path}`, init };
}

function isNoSuchRoute(json: unknown): boolean {
  const envelope = errorEnvelopeSchema.safeParse(json);
  return envelope.success && envelope.data.error.message.startsWith('no endpoint ');
}

describe('the table of the gateway’s own routes', () => {
  it('tells a route the app does not have by its "no endpoint" 404', async () => {
    const answer = await harness().request('/api/no-such-route');
    expect(answer.status).toBe(404);
    expect(isNoSuchRoute(answer.json)).toBe(true);
  });

  it.each(routeNames)('mounts %s', async (name) => {
    const { path, init } = requestOf(name);
    const answer = await harness().request(path, init);
    expect(isNoSuchRoute(answer.json), `${init.method ?? 'GET'} ${path}: ${answer.text}`).toBe(
      false,
    );
    expect(answer.status).toBeLessThan(500);
  });

  it.each(routeNames.filter((name) => gatewayRoutes[name].access !== 'public'))(
    'asks for a credential on %s',
    async (name) => {
      const { path, init } = requestOf(name);
      expect((await harness().request(path, { ...init, key: null })).status).toBe(401);
    },
  );

  it.each(routeNames.filter((name) => gatewayRoutes[name].access === 'public'))(
    'answers %s without a credential',
    async (name) => {
      const { path, init } = requestOf(name);
      const answer = await harness().request(path, { ...init, key: null });
      expect(answer.status).not.toBe(401);
      expect(isNoSuchRoute(answer.json)).toBe(false);
    },
  );

  it.each(routeNames.filter((name) => gatewayRoutes[name].access === 'admin'))(
    'refuses an agent %s with 403',
    async (name) => {
      const { path, init } = requestOf(name);
      const answer = await harness().request(path, { ...init, agent: 'Ana Silva' });
      expect(answer.status, answer.text).toBe(403);
      expect(errorEnvelopeSchema.parse(answer.json).error.message).toMatch(
        /^Only an admin can .+; Ana Silva signed in as an agent$/,
      );
    },
  );

  it('lets an agent call the routes open to agents', async () => {
    const { path, init } = requestOf('listDeliveries');
    expect((await harness().request(path, { ...init, agent: 'Ana Silva' })).status).toBe(200);
  });
});
