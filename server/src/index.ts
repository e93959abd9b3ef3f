import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json';
import { createApp } from './app';
import { People } from './auth/people';
import { SessionTokens } from './auth/sessions';
import { readConfig } from './config/config';
import { LeadTask } from './cluster/lead-task';
import { openSharedState, sharedStateSettings } from './cluster/shared-state';
import { EventHub } from './events/event-hub';
import { connectMissive, gatewaySettings } from './gateway/connect';
import { subscribeToDemoWebhooks } from './gateway/demo-webhooks';
import { createGateway } from './gateway/gateway';
import { listen } from './http/listen';
import { openMirror, syncSettings } from './mirror/mirror';
import { createIntegrations } from './integrations/integrations';
import { SecretBox } from './integrations/secret-box';
import { logger } from './logger';
import { shutDown } from './shutdown';
import { startupBanner } from './startup-banner';
import { auditableWrites, handleWebhookEvent, recordWrite } from './write-and-webhook-effects';

function reportError(error: unknown): void {
  logger.error({ err: error }, 'request failed');
}

const log = {
  info: (message: string) => {
    logger.info(message);
  },
  warn: (message: string) => {
    logger.warn(message);
  },
};

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const missive = await connectMissive(config, process.env);
  const { mode, emulator } = missive;
  // Demo mode may run without a configured key or webhook secret; they are made up for this run.
  const accessKey = config.APP_ACCESS_KEY ?? randomBytes(18).toString('base64url');
  const webhookSecret =
    config.MISSIVE_WEBHOOK_SECRET ?? (emulator ? randomBytes(24).toString('hex') : undefined);
  const dataDir = path.resolve(config.DATA_DIR);
  const settings = gatewaySettings(config);
  const shared = await openSharedState({
    ...sharedStateSettings(config, dataDir),
    budget: settings,
    cacheTtlMs: settings.cacheTtlMs,
    log,
    onError: reportError,
  });
  const { store, bus } = shared;
  const hub = new EventHub(bus ? { bus } : {});
  const gateway = createGateway({
    baseUrl: missive.baseUrl,
    token: missive.token,
    ...settings,
    ...shared.gateway,
    onError: reportError,
    onWrite: (write) => recordWrite(store, write, reportError, mirror.freshness),
    beforeWrite: () => auditableWrites(store),
    onBudgetLow: (remaining, resetsAt) => {
      hub.publish({ type: 'budget.low', remaining, resetsAt });
    },
  });
  const mirror = await openMirror({
    store: store.mirror,
    gateway,
    ...syncSettings(config),
    source: missive.source,
    onNotice: log.info,
    onWarning: log.warn,
    onError: reportError,
    onChanged: (objects) => {
      hub.publish({ type: 'mirror.changed', objects });
    },
    syncedElsewhere: () => sync.leadElsewhere,
  });
  const integrations = createIntegrations({
    store: store.integrations,
    box: config.INTEGRATION_SECRETS_KEY
      ? SecretBox.fromKey(config.INTEGRATION_SECRETS_KEY)
      : SecretBox.inDirectory(dataDir),
    environment: {
      ...(config.GITHUB_WEBHOOK_SECRET ? { github: config.GITHUB_WEBHOOK_SECRET } : {}),
      ...(config.STRIPE_WEBHOOK_SECRET ? { stripe: config.STRIPE_WEBHOOK_SECRET } : {}),
    },
    gateway,
    mirror: mirror.reader,
    hub,
    onError: reportError,
  });
  const people = await People.open({
    store: store.keys,
    bootstrapKey: accessKey,
    onError: reportError,
    ...(bus ? { bus } : {}),
  });
  // One instance at a time fills the mirror (the others read it): two would
  // spend the budget twice on the same pages.
  const sync = new LeadTask({
    leases: store.leases,
    name: 'mirror-sync',
    start: () => {
      mirror.sync.start();
    },
    stop: () => mirror.sync.stop(),
    onNotice: log.info,
    onError: reportError,
  });
  const app = createApp({
    mode,
    version: packageJson.version,
    people,
    sessions: new SessionTokens({ accessKey, ttlMs: config.SESSION_TTL_MS }),
    gateway,
    store,
    mirror: mirror.reader,
    threads: mirror.threads,
    context: {
      reader: mirror.reader,
      freshness: mirror.freshness,
      region: config.PHONE_DEFAULT_REGION,
    },
    ...(emulator ? { playground: { controlUrl: emulator.controlUrl, token: missive.token } } : {}),
    hub,
    webhookSecret,
    onWebhookEvent: (event) =>
      handleWebhookEvent(event, { gateway, hub, mirror: mirror.freshness }),
    frameAncestors: config.FRAME_ANCESTORS,
    integrations,
    publicUrl: config.PUBLIC_URL,
    mcpAttachmentMaxBytes: config.MCP_ATTACHMENT_MAX_BYTES,
    clientDir: fileURLToPath(new URL('../../client/dist', import.meta.url)),
    onError: reportError,
    onWarning: log.warn,
  });

  const server = await listen(app, config.PORT, config.HOST);
  const origin = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${server.port}`;
  process.stdout.write(
    startupBanner({
      version: packageJson.version,
      upstream: mode === 'demo' ? { mode } : { mode, baseUrl: config.MISSIVE_API_BASE_URL },
      origin,
      accessKey,
      keyConfigured: config.APP_ACCESS_KEY !== undefined,
      emulatorUrl: emulator?.baseUrl,
      webhooksEnabled: webhookSecret !== undefined,
      dataDir,
      ...(config.REDIS_URL || config.DATABASE_URL ? { state: shared.where } : {}),
    }),
  );
  if (emulator && webhookSecret) {
    // After listening, so that the emulator can deliver at once.
    const url = `${origin}/webhooks/missive`;
    await subscribeToDemoWebhooks({ gateway, url, secret: webhookSecret }).catch(
      (error: unknown) => {
        log.warn(error instanceof Error ? error.message : String(error));
      },
    );
  }
  // After listening: the first load may take a while and answers nothing itself.
  sync.begin();
  // Deliveries queued before a restart are posted now.
  await integrations.queue.start();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal} received, shutting down\n`);
    void shutDown({
      listening: server,
      hub,
      gateway,
      stopBackground: async () => {
        await Promise.all([sync.end(), integrations.queue.stop()]);
      },
      release: async () => {
        people.close();
        await Promise.all([shared.close(), emulator?.stop()]);
      },
      graceMs: config.SHUTDOWN_GRACE_MS,
      log: log.warn,
    }).then(
      () => process.exit(0),
      (error: unknown) => {
        reportError(error);
        process.exit(1);
      },
    );
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
