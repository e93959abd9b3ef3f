/**
 * Where the end-to-end server listens and the key it accepts. Shared by
 * playwright.config.ts (which starts the server) and the fixtures (which use
 * it), so the two cannot drift apart. scripts/test.ts picks a free port and
 * passes it as E2E_PORT; a fixed, uncommon default keeps a bare
 * `npx playwright test` working.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? '4780');
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_ACCESS_KEY = 'e2e-access-key-0123456789';
