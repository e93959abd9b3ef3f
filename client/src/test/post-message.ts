import { vi } from 'vitest';

/**
 * Helpers for tests of code that talks to another window with postMessage:
 * a real second window (an iframe's) to stand for the parent or the child,
 * messages "from" it, and a record of what was posted to it.
 */

/** A same-origin window other than `window`: what a parent or a child frame looks like. */
export function createOtherWindow(): Window {
  const iframe = document.createElement('iframe');
  document.body.append(iframe);
  const other = iframe.contentWindow;
  if (!other) throw new Error('jsdom gave the iframe no window');
  return other;
}

/** Delivers `data` to this window's message listeners as if `source` had posted it. */
export function receiveMessage(
  data: unknown,
  { source, origin = window.location.origin }: { source: Window | null; origin?: string },
): void {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
}

/** Records what is posted to `target` (without delivering it anywhere). */
export function recordPostMessages(target: Window) {
  const spy = vi.spyOn(target, 'postMessage').mockImplementation(() => undefined);
  return {
    spy,
    /** The data of every message posted so far, oldest first. */
    messages: (): unknown[] => spy.mock.calls.map((call) => call[0] as unknown),
    /** The target origins given with them. */
    targetOrigins: (): unknown[] => spy.mock.calls.map((call) => call[1] as unknown),
  };
}
