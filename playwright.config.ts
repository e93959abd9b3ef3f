import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import {
  E2E_ACCESS_KEY,
  E2E_BASE_URL,
  E2E_EMULATOR_PORT,
  E2E_EMULATOR_TOKEN,
  E2E_PORT,
  E2E_SYNC_INTERVAL_S,
} from './e2e/env';

// Playwright passes its own environment on to the web server; without these
// deletions a developer's real token would turn the e2e run into live mode
// against their Missive account, and DATABASE_URL would bypass DATA_DIR.
delete process.env.MISSIVE_API_TOKEN;
delete process.env.DATABASE_URL;

// A fresh store per run. This file is loaded again in every worker, which
// inherits the environment, so the directory is made once and reused.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'crm-e2e-'));
process.env.E2E_DATA_DIR = dataDir;

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '.reports/e2e.json' }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        headless: true,
        // Debian's Chromium, not a Playwright download (which cannot reach the
        // network here). --no-sandbox because CI runs as root; the rest keep
        // the browser from calling home and slowing or flaking the run.
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
            '--disable-sync',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    // scripts/test.ts builds first; this serves exactly what `npm start` serves.
    command: 'node server/dist/index.js',
    url: `${E2E_BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      APP_ACCESS_KEY: E2E_ACCESS_KEY,
      DATA_DIR: dataDir,
      // Missive's real limits (the default): the sidebar answers from the
      // mirror, so the journeys fit in the team's budget like a real team.
      // The organisation stays still unless a spec changes it, and the sync
      // comes round often, so a change made "in Missive" shows in seconds.
      EMULATOR_ACTIVITY: 'off',
      EMULATOR_PORT: String(E2E_EMULATOR_PORT),
      EMULATOR_TOKEN: E2E_EMULATOR_TOKEN,
      SYNC_INTERVAL_S: String(E2E_SYNC_INTERVAL_S),
      // More than the default 0.2, since the journeys change far more than a
      // team does, yet below the background lane's 0.3
      // (GATEWAY_BACKGROUND_SHARE), whose rest carries people's own
      // background reads (an analytics report's checks).
      SYNC_BUDGET_SHARE: '0.25',
      // The background lane also carries integrations' posts: 0.1 above the
      // sync's share, as the defaults (0.3 over 0.2) leave a team.
      GATEWAY_BACKGROUND_SHARE: '0.35',
    },
  },
});
