import { test as base } from '@playwright/test';
import { E2E_ACCESS_KEY, E2E_BASE_URL } from './env';
import { EmulatorControl } from './emulator-control';
import { GatewayApi } from './gateway-api';
import { Playground } from './playground';

export { expect } from '@playwright/test';
export { E2E_ACCESS_KEY, E2E_BASE_URL };

interface AppFixtures {
  /** The key the e2e gateway accepts. */
  accessKey: string;
  /** Opens a path of the app signed in, the way Missive opens the sidebar: `#key=…`. */
  openApp: (path?: string) => Promise<void>;
  /** The gateway's Missive API with the access key: what is upstream, and a colleague's edits. */
  gateway: GatewayApi;
  /** `/playground` opened signed in, its Inbox listed; the test fails on any uncaught page error. */
  playground: Playground;
  /** Missive's own window: a customer writing in, a colleague editing a contact. */
  emulator: EmulatorControl;
}

export const test = base.extend<AppFixtures>({
  accessKey: [E2E_ACCESS_KEY, { option: true }],
  openApp: async ({ page, accessKey }, use) => {
    await use(async (path = '/') => {
      await page.goto(`${path}#key=${encodeURIComponent(accessKey)}`);
    });
  },
  gateway: async ({ request, accessKey }, use) => {
    await use(new GatewayApi(request, accessKey));
  },
  emulator: async ({ request }, use) => {
    await use(new EmulatorControl(request));
  },
  playground: async ({ page, openApp }, use) => {
    // Uncaught errors in the playground or the sidebar's frame: a crash the UI may hide.
    const errors: Error[] = [];
    page.on('pageerror', (error) => errors.push(error));
    await openApp('/playground');
    const playground = new Playground(page);
    await playground.ready();
    await use(playground);
    if (errors.length > 0) {
      throw new Error(`uncaught page errors: ${errors.map((error) => error.message).join('; ')}`);
    }
  },
});
