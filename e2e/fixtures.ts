import { test as base } from '@playwright/test';
import { E2E_ACCESS_KEY, E2E_BASE_URL } from './env';

export { expect } from '@playwright/test';
export { E2E_ACCESS_KEY, E2E_BASE_URL };

interface AppFixtures {
  /** The key the e2e gateway accepts. */
  accessKey: string;
  /** Opens a path of the app signed in, the way Missive opens the sidebar: `#key=…`. */
  openApp: (path?: string) => Promise<void>;
}

export const test = base.extend<AppFixtures>({
  accessKey: [E2E_ACCESS_KEY, { option: true }],
  openApp: async ({ page, accessKey }, use) => {
    await use(async (path = '/') => {
      await page.goto(`${path}#key=${encodeURIComponent(accessKey)}`);
    });
  },
});
