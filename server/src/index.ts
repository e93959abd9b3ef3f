import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json';
import { createApp } from './app';
import { SessionTokens } from './auth/sessions';
import { readConfig } from './config/config';
import { readEmulatorEnv } from './emulator/config';
import { startEmulator, type RunningEmulator } from './emulator/serve';
import { EventHub } from './events/event-hub';
import { listen } from './http/listen';
import { createGateway } from './missive/gateway';
import { openSqliteStore } from './store/sqlite-store';
import { logger } from './logger';
import { handleWebhookEvent, recordWrite } from './wiring';

function reportError(error: unknown): void {
  logger.error({ err: error }, 'request failed');
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  let emulator: RunningEmulator | undefined;
  let upstream: { baseUrl: string; token: string };
  if (config.MISSIVE_API_TOKEN) {
    upstream = { baseUrl: config.MISSIVE_API_BASE_URL, token: config.MISSIVE_API_TOKEN };
  } else {
    // Demo mode: the emulator listens on a free loopback port and is reached
    // over HTTP, exactly as Missive would be.
    const emulatorEnv = readEmulatorEnv(process.env);
    emulator = await startEmulator({
      ...emulatorEnv,
      EMULATOR_HOST: '127.0.0.1',
      EMULATOR_PORT: 0,
    });
    upstream = { baseUrl: emulator.baseUrl, token: emulatorEnv.EMULATOR_TOKEN };
  }
  const mode = emulator ? 'demo' : 'live';
  // Demo mode may run without a configured key or webhook secret; they are made up for this run.
  const accessKey = config.APP_ACCESS_KEY ?? randomBytes(18).toString('base64url');
  const webhookSecret =
    config.MISSIVE_WEBHOOK_SECRET ?? (emulator ? randomBytes(24).toString('hex') : undefined);
  const dataDir = path.resolve(config.DATA_DIR);
  const store = await openSqliteStore({ dataDir });
  const hub = new EventHub();
  const gateway = createGateway({
    ...upstream,
    limits: config.MISSIVE_RATE_LIMITS,
    backgroundShare: config.GATEWAY_BACKGROUND_SHARE,
    queueTimeoutMs: config.GATEWAY_QUEUE_TIMEOUT_MS,
    cacheTtlMs: config.GATEWAY_CACHE_TTL_MS,
    onWrite: (write) => {
      recordWrite(store, write, reportError);
    },
    onBudgetLow: (remaining, resetsAt) => {
      hub.publish({ type: 'budget.low', remaining, resetsAt });
    },
  });
  const app = createApp({
    mode,
    version: packageJson.version,
    accessKey,
    sessions: new SessionTokens({ accessKey, ttlMs: config.SESSION_TTL_MS }),
    gateway,
    store,
    hub,
    webhookSecret,
    onWebhookEvent: (event) => {
      handleWebhookEvent(event, { gateway, hub });
    },
    frameAncestors: config.FRAME_ANCESTORS,
    clientDir: fileURLToPath(new URL('../../client/dist', import.meta.url)),
    onError: reportError,
    onWarning: (message) => {
      logger.warn(message);
    },
  });

  const server = await listen(app, config.PORT, config.HOST);
  const origin = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${server.port}`;
  const fragment = `#key=${encodeURIComponent(accessKey)}`;
  process.stdout.write(
    [
      `Missive CRM ${packageJson.version} — ${mode === 'demo' ? 'demo mode (Missive emulator, no token configured)' : `live mode (${config.MISSIVE_API_BASE_URL})`}`,
      `  dashboard:  ${origin}/${fragment}`,
      `  sidebar:    ${origin}/sidebar${fragment}`,
      ...(emulator
        ? [`  playground: ${origin}/playground${fragment}`, `  emulator:   ${emulator.baseUrl}`]
        : []),
      config.APP_ACCESS_KEY
        ? '  access key: from APP_ACCESS_KEY'
        : `  access key: ${accessKey} (generated for this run; set APP_ACCESS_KEY to keep one)`,
      `  webhooks:   ${origin}/webhooks/missive${webhookSecret ? '' : ' (disabled: set MISSIVE_WEBHOOK_SECRET)'}`,
      `  data:       ${dataDir}`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received, shutting down\n`);
    // Waiting requests are refused with 503; those under way get a moment to finish.
    gateway.close();
    const force = setTimeout(() => {
      server.server.closeAllConnections();
    }, 5000);
    force.unref();
    server.server.close(() => {
      void Promise.all([store.close(), emulator?.stop()]).then(() => process.exit(0));
    });
    server.server.closeIdleConnections();
  };
  process.once('SIGINT', () => {
    shutdown('SIGINT');
  });
  process.once('SIGTERM', () => {
    shutdown('SIGTERM');
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
