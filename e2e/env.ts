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

/**
 * The demo emulator behind the e2e gateway, on a port of its own so that
 * specs can reach its control surface and do what a person does in
 * Missive's window (write in, edit a contact), which no API token can.
 */
export const E2E_EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? String(E2E_PORT + 1));
export const E2E_EMULATOR_TOKEN = 'e2e-emulator-token-0123456789';
/**
 * Where specs read what is in Missive: the demo's reads as Missive's own
 * window makes them, which spend nothing of the API token, so that checking
 * a journey never competes for the budget the journey itself is about.
 */
export const MISSIVE_AS_IS = '/api/playground/missive/v1';

/**
 * How often the e2e gateway's sync comes round: a change made in Missive
 * (which no webhook announces) reaches an open sidebar within about this.
 */
export const E2E_SYNC_INTERVAL_S = 5;
export const E2E_EMULATOR_CONTROL_URL = `http://127.0.0.1:${E2E_EMULATOR_PORT}/control`;
