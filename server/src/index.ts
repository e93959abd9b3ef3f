import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import packageJson from '../../package.json';
import { createApp } from './app';
import { readConfig } from './config/config';
import { readEmulatorEnv } from './emulator/config';
import { startEmulator, type RunningEmulator } from './emulator/serve';
import { MissiveClient } from './missive/client';

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
  // Demo mode may run without a configured key; one is made up for this run.
  const accessKey = config.APP_ACCESS_KEY ?? randomBytes(18).toString('base64url');
  const app = createApp({
    mode,
    version: packageJson.version,
    accessKey,
    client: new MissiveClient(upstream),
    frameAncestors: config.FRAME_ANCESTORS,
    clientDir: fileURLToPath(new URL('../../client/dist', import.meta.url)),
    onError: (error) => {
      console.error('request failed:', error);
    },
  });

  const server = app.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
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
      '',
    ].join('\n'),
  );

  const shutdown = (signal: string) => {
    process.stdout.write(`${signal} received, shutting down\n`);
    server.close(() => {
      void (emulator?.stop() ?? Promise.resolve()).then(() => process.exit(0));
    });
    server.closeIdleConnections();
    // Connections that do not finish in time are cut rather than hang the exit.
    setTimeout(() => {
      server.closeAllConnections();
    }, 5000).unref();
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
