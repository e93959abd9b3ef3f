import { createHash } from 'node:crypto';
import type { Config } from '../config/config';
import { readEmulatorEnv } from '../emulator/config';
import { startEmulator, type RunningEmulator } from '../emulator/serve';
import type { GatewayOptions } from './gateway';

export interface MissiveTarget {
  mode: 'demo' | 'live';
  baseUrl: string;
  token: string;
  /** The emulator started for demo mode, to stop on shutdown. */
  emulator: RunningEmulator | undefined;
  /** Which Missive organisation this is, without the token itself: the mirror is a copy of one. */
  source: string;
}

/** A change in the demo organisation every so often: enough to watch the sidebar follow. */
const DEMO_ACTIVITY = '30s';

/**
 * Where Missive is. Live: the configured API and token. Demo (no token): the
 * emulator, on a free loopback port and reached over HTTP exactly as
 * Missive would be.
 */
export async function connectMissive(
  config: Config,
  env: NodeJS.ProcessEnv,
): Promise<MissiveTarget> {
  if (config.MISSIVE_API_TOKEN) {
    const fingerprint = createHash('sha256').update(config.MISSIVE_API_TOKEN).digest('hex');
    return {
      mode: 'live',
      baseUrl: config.MISSIVE_API_BASE_URL,
      token: config.MISSIVE_API_TOKEN,
      emulator: undefined,
      source: `${config.MISSIVE_API_BASE_URL} (token ${fingerprint.slice(0, 12)})`,
    };
  }
  // The demo organisation lives (customers write in, colleagues edit)
  // unless EMULATOR_ACTIVITY says otherwise, as tests and benchmarks do.
  const emulatorEnv = readEmulatorEnv({ EMULATOR_ACTIVITY: DEMO_ACTIVITY, ...env });
  const emulator = await startEmulator({
    ...emulatorEnv,
    EMULATOR_HOST: '127.0.0.1',
    // A free port, unless one is asked for (the e2e tests drive its control surface).
    EMULATOR_PORT: env.EMULATOR_PORT === undefined ? 0 : emulatorEnv.EMULATOR_PORT,
  });
  return {
    mode: 'demo',
    baseUrl: emulator.baseUrl,
    token: emulatorEnv.EMULATOR_TOKEN,
    emulator,
    // The emulator is seeded afresh on every start and forgets what changed
    // in it: a mirror of an earlier run is a copy of something that is gone.
    source: `the demo emulator started at ${new Date().toISOString()} (seed ${emulatorEnv.EMULATOR_SEED}, scale ${emulatorEnv.EMULATOR_SCALE})`,
  };
}

/** The gateway's budget and cache settings from the configuration. */
export function gatewaySettings(
  config: Config,
): Pick<
  GatewayOptions,
  'limits' | 'backgroundShare' | 'automationShare' | 'queueTimeoutMs' | 'cacheTtlMs'
> {
  return {
    limits: config.MISSIVE_RATE_LIMITS,
    backgroundShare: config.GATEWAY_BACKGROUND_SHARE,
    automationShare: config.AGENT_BUDGET_SHARE,
    queueTimeoutMs: config.GATEWAY_QUEUE_TIMEOUT_MS,
    cacheTtlMs: config.GATEWAY_CACHE_TTL_MS,
  };
}
