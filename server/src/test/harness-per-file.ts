import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startGatewayHarness, type GatewayHarness, type HarnessOptions } from './gateway-harness';

/**
 * One gateway harness for a test file: started before its tests (then
 * `prepare`, e.g. a first sync), stopped after them, and each test fails if
 * the app reported an error it did not expect. Returns a getter, since the
 * harness exists only once the file's tests begin.
 */
export function harnessPerFile(
  options: HarnessOptions = {},
  prepare?: (harness: GatewayHarness) => Promise<void>,
): () => GatewayHarness {
  let harness: GatewayHarness | undefined;
  beforeAll(async () => {
    harness = await startGatewayHarness(options);
    await prepare?.(harness);
  });
  afterAll(async () => {
    await harness?.stop();
  });
  afterEach(() => {
    expect(harness?.unexpected).toEqual([]);
  });
  return () => {
    if (!harness) throw new Error('the harness is used outside the tests of its file');
    return harness;
  };
}
