/**
 * `npm run cluster [-- --instances N --port P]`: several gateways on one
 * Missive token, on one machine, to try what issue #14 deploys: a local
 * Redis and PostgreSQL, one Missive emulator that every gateway calls and
 * that delivers its webhooks to the proxy, N instances of the built server,
 * and a round-robin proxy in front of them. Ctrl-C stops everything.
 * For trying it out; compose.yaml is the deployment.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hookTypes } from '@crm/shared/missive/hooks';
import { readEmulatorEnv } from '../server/src/emulator/config';
import { startEmulator, type RunningEmulator } from '../server/src/emulator/serve';
import { freePort, startPostgres, startRedis } from '../server/src/test/engines';
import { buildIfStale } from './build-if-stale';
import {
  startGateway,
  stopGateways,
  waitUntilReady,
  type GatewayInstance,
} from './cluster/gateways';
import { startProxy } from './cluster/proxy';
import { outputLabel } from './prefixed-output';

const root = fileURLToPath(new URL('..', import.meta.url));
const MAX_INSTANCES = 16;
/** Above the server's own SHUTDOWN_GRACE_MS default (25 s), as `docker stop -t 30` is. */
const STOP_GRACE_MS = 30_000;

function readOptions(): { instances: number; port: number } {
  const { values } = parseArgs({
    options: {
      instances: { type: 'string', default: '2' },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
    },
  });
  const instances = Number(values.instances);
  const port = Number(values.port);
  if (!Number.isInteger(instances) || instances < 1 || instances > MAX_INSTANCES) {
    throw new Error(`--instances must be a whole number from 1 to ${MAX_INSTANCES}`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error('--port must be a port number (0: any free port)');
  }
  return { instances, port };
}

/**
 * What an administrator sets up once in Missive: every rule type delivered
 * to the proxy's webhook receiver, signed with the gateways' secret. Any
 * instance may receive a delivery; the shared store dedupes and the bus
 * tells the others.
 */
async function subscribeWebhooks(
  emulator: RunningEmulator,
  token: string,
  url: string,
  secret: string,
): Promise<void> {
  for (const type of hookTypes) {
    const answer = await fetch(`${emulator.baseUrl}/hooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        hooks: { type, url, secret, description: 'Missive CRM gateways (npm run cluster)' },
      }),
    });
    if (!answer.ok) {
      throw new Error(`the emulator refused the ${type} webhook (HTTP ${answer.status})`);
    }
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  buildIfStale();

  const scratch = mkdtempSync(join(tmpdir(), 'crm-cluster-'));
  const redis = await startRedis();
  const postgres = await startPostgres();
  const databaseUrl = await postgres.createDatabase('crm');

  // One Missive for every gateway: the emulator, living as in demo mode.
  const emulatorEnv = readEmulatorEnv({ EMULATOR_ACTIVITY: '30s', ...process.env });
  const emulator = await startEmulator({
    ...emulatorEnv,
    EMULATOR_HOST: '127.0.0.1',
    EMULATOR_PORT: process.env.EMULATOR_PORT === undefined ? 0 : emulatorEnv.EMULATOR_PORT,
  });

  const ports = await Promise.all(Array.from({ length: options.instances }, () => freePort()));
  const proxy = await startProxy({
    targets: ports.map((port) => `http://127.0.0.1:${port}`),
    port: options.port,
  }).catch((error: unknown) => {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    throw inUse
      ? new Error(`port ${options.port} is taken: choose another with --port (0: any free port)`)
      : error;
  });

  const accessKey = process.env.APP_ACCESS_KEY ?? randomBytes(18).toString('base64url');
  const webhookSecret = randomBytes(24).toString('hex');
  // What every instance must share (see the config's REDIS_URL requirements).
  const sharedEnv: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: redis.url,
    DATABASE_URL: databaseUrl,
    MISSIVE_API_TOKEN: emulatorEnv.EMULATOR_TOKEN,
    MISSIVE_API_BASE_URL: emulator.baseUrl,
    MISSIVE_WEBHOOK_SECRET: webhookSecret,
    APP_ACCESS_KEY: accessKey,
    INTEGRATION_SECRETS_KEY: randomBytes(32).toString('hex'),
    PUBLIC_URL: proxy.url,
    HOST: '127.0.0.1',
  };
  const width = String(options.instances).length + 2;
  const gateways: GatewayInstance[] = ports.map((port, index) => {
    const name = `gw${index + 1}`;
    return startGateway({
      name,
      label: outputLabel(name, width, 31 + (index % 6)),
      args: [join(root, 'server/dist/index.js')],
      cwd: root,
      port,
      // Each its own DATA_DIR: nothing shared may hide in a local file.
      env: { ...sharedEnv, DATA_DIR: join(scratch, name) },
    });
  });

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(
      'Stopping the gateways, then the proxy, the emulator, Redis and PostgreSQL\n',
    );
    await stopGateways(gateways, STOP_GRACE_MS);
    await proxy.close();
    await emulator.stop();
    await redis.stop();
    await postgres.stop();
    rmSync(scratch, { recursive: true, force: true });
    process.exit(code);
  };
  // tsx and npm above this script relay signals too: the first one stops everything once.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void stopAll(signal === 'SIGINT' ? 130 : 143));
  }
  for (const gateway of gateways) {
    void gateway.exited.then(() => {
      if (stopping) return;
      const { exitCode, signalCode } = gateway.child;
      const alive = gateways.filter(
        (other) => other.child.exitCode === null && other.child.signalCode === null,
      );
      process.stdout.write(
        `${gateway.name} (pid ${gateway.pid}) exited (${signalCode ?? `code ${exitCode ?? 0}`}); ${alive.length} left behind the proxy\n`,
      );
      if (alive.length === 0) void stopAll(1);
    });
  }

  try {
    await Promise.all(gateways.map((gateway) => waitUntilReady(gateway)));
    await subscribeWebhooks(
      emulator,
      emulatorEnv.EMULATOR_TOKEN,
      `${proxy.url}/webhooks/missive`,
      webhookSecret,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stopAll(1);
    return;
  }

  const fragment = process.env.APP_ACCESS_KEY ? '' : `#key=${encodeURIComponent(accessKey)}`;
  const [first] = gateways;
  process.stdout.write(
    [
      '',
      `Missive CRM cluster: ${gateways.length} gateways on one Missive token, behind one proxy`,
      `  open:        ${proxy.url}/${fragment}   (sidebar: ${proxy.url}/sidebar${fragment})`,
      `  access key:  ${process.env.APP_ACCESS_KEY ? 'from APP_ACCESS_KEY' : accessKey}`,
      ...gateways.map(
        (gateway, index) =>
          `  ${index === 0 ? 'gateways:   ' : '            '} ${gateway.name} ${gateway.url}  pid ${gateway.pid}`,
      ),
      `  Missive:     the emulator at ${emulator.baseUrl} (token ${emulatorEnv.EMULATOR_TOKEN}); webhooks to ${proxy.url}/webhooks/missive`,
      `  Redis:       ${redis.url}`,
      `  PostgreSQL:  ${databaseUrl}`,
      first
        ? `  failover:    kill -9 ${first.pid}   (${first.name}: the proxy passes new requests to the others; open event streams reconnect to them)`
        : '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
