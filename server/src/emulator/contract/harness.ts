import { afterAll, beforeAll, expect } from 'vitest';
import type { HttpMethod } from '@crm/shared/missive/endpoints';
import { parseRateLimits } from '@crm/shared/rate-limits';
import { listen } from '../../http/listen';
import { createEmulator, type Emulator, type EmulatorOptions } from '../app';
import { createSeedData } from '../seed';

/**
 * What the contract suite needs from a Missive-compatible API: where it is,
 * the token, and a way to send one HTTP request. Every request of the suites
 * goes through this interface, so they can be pointed at another target (the
 * gateway, say) by building one with `httpTarget`. Beyond HTTP the suites use
 * only what EmulatorTarget adds: a clock they move instead of waiting (for
 * timestamps, report lifetimes and rate windows) and the custom channel
 * account below; another target would wait real time and name its own.
 */
export interface ContractTarget {
  /** e.g. http://127.0.0.1:4010/v1 */
  readonly baseUrl: string;
  readonly token: string;
  request: (
    method: HttpMethod,
    path: string,
    options?: ContractRequest,
  ) => Promise<ContractResponse>;
}

export interface ContractRequest {
  /** Repeated keys are sent by giving an array. */
  query?: Readonly<Record<string, string | readonly string[]>>;
  /** Serialised as JSON with `Content-Type: application/json`. */
  body?: unknown;
  /** Sent as is, for bodies that are not valid JSON or are too large to build as objects. */
  rawBody?: string | Uint8Array;
  headers?: Readonly<Record<string, string>>;
  /** The bearer token to present instead of the target's; null sends no Authorization header. */
  token?: string | null;
}

export interface ContractResponse {
  status: number;
  headers: Headers;
  /** The parsed body; null when the body is empty, undefined when it is not JSON. */
  json: unknown;
  text: string;
}

export function httpTarget(baseUrl: string, token: string): ContractTarget {
  return {
    baseUrl,
    token,
    async request(method, path, options = {}) {
      const url = new URL(`${baseUrl}${path}`);
      for (const [key, value] of Object.entries(options.query ?? {})) {
        for (const item of typeof value === 'string' ? [value] : value)
          url.searchParams.append(key, item);
      }
      const presented = options.token === undefined ? token : options.token;
      const headers: Record<string, string> = {
        ...(presented === null ? {} : { Authorization: `Bearer ${presented}` }),
        ...(options.body !== undefined || options.rawBody !== undefined
          ? { 'Content-Type': 'application/json' }
          : {}),
        ...options.headers,
      };
      const body =
        options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      const response = await fetch(url, { method, headers, body });
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: parseJson(text), text };
    },
  };
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// --- The emulator as a target ----------------------------------------------

/**
 * The custom channel account the emulator accepts for POST /messages; another
 * target would name one of its own custom channels here.
 */
export { CUSTOM_CHANNEL_ACCOUNT } from '../handlers/content';

/** The seed's "now" (2024-06-11) and generator: every run sees the same organisation. */
export const CONTRACT_ANCHOR = 1_718_100_000;
export const CONTRACT_SEED = 20_240_611;
export const CONTRACT_TOKEN = 'contract-suite-token';
/**
 * Missive's real concurrency with windows wide enough for a suite that walks
 * whole mailboxes; rate-limits.integration.test.ts tests the windows themselves.
 */
export const ROOMY_LIMITS = 'concurrent=5,100000/60s,100000/900s';

/**
 * A clock the test moves by hand: timestamps the emulator writes are known in
 * advance, and report lifetimes and rate windows pass without sleeping.
 * It starts an hour after the seed's anchor, so every write is newer than the seed.
 */
export class FakeClock {
  private ms = (CONTRACT_ANCHOR + 3600) * 1000;

  readonly now = (): number => this.ms;

  /** Now in Unix seconds, as the API's timestamps are. */
  seconds(): number {
    return Math.floor(this.ms / 1000);
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface EmulatorTargetOptions {
  /** In the notation of `parseRateLimits`; ROOMY_LIMITS when absent. */
  limits?: string;
  latencyMs?: number;
  reportDelayMs?: number;
  reportTtlMs?: number;
  hookRetryDelaysMs?: readonly number[];
}

export interface EmulatorTarget {
  target: ContractTarget;
  emulator: Emulator;
  clock: FakeClock;
  /** What the emulator reported as unexpected (500s, failed webhook deliveries). */
  errors: string[];
  stop: () => Promise<void>;
}

/** A freshly seeded emulator listening on 127.0.0.1 on a free port. */
export async function startEmulatorTarget(
  options: EmulatorTargetOptions = {},
): Promise<EmulatorTarget> {
  const clock = new FakeClock();
  const errors: string[] = [];
  const emulatorOptions: EmulatorOptions = {
    data: createSeedData({ anchor: CONTRACT_ANCHOR, seed: CONTRACT_SEED }),
    token: CONTRACT_TOKEN,
    limits: parseRateLimits(options.limits ?? ROOMY_LIMITS),
    latencyMs: options.latencyMs ?? 0,
    clock: clock.now,
    onError: (message, error) => {
      errors.push(error instanceof Error ? `${message}: ${error.message}` : message);
    },
    ...(options.reportDelayMs === undefined ? {} : { reportDelayMs: options.reportDelayMs }),
    ...(options.reportTtlMs === undefined ? {} : { reportTtlMs: options.reportTtlMs }),
    ...(options.hookRetryDelaysMs === undefined
      ? {}
      : { hookRetryDelaysMs: options.hookRetryDelaysMs }),
  };
  const emulator = createEmulator(emulatorOptions);
  const listening = await listen(emulator.app, 0, '127.0.0.1');
  return {
    target: httpTarget(`http://127.0.0.1:${listening.port}/v1`, CONTRACT_TOKEN),
    emulator,
    clock,
    errors,
    stop: async () => {
      emulator.close();
      await listening.close();
    },
  };
}

/**
 * Starts an emulator before the file's tests and stops it after them. The
 * returned object reads the running emulator lazily, since it exists only
 * once beforeAll has run.
 */
export function useEmulatorTarget(options: EmulatorTargetOptions = {}): Readonly<EmulatorTarget> {
  let running: EmulatorTarget | undefined;
  beforeAll(async () => {
    running = await startEmulatorTarget(options);
  });
  afterAll(async () => {
    await running?.stop();
    // A 500, a crash in a handler or a webhook given up on fails the file,
    // even where a test did not look at the status.
    expect(running?.errors ?? [], 'the emulator reported unexpected errors').toEqual([]);
  });
  const current = (): EmulatorTarget => {
    if (!running) throw new Error('the emulator is not running: use it inside a test or hook');
    return running;
  };
  return {
    get target() {
      return current().target;
    },
    get emulator() {
      return current().emulator;
    },
    get clock() {
      return current().clock;
    },
    get errors() {
      return current().errors;
    },
    stop: () => current().stop(),
  };
}
