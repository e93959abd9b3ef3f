import type { EventHub } from './events/event-hub';
import type { Gateway } from './gateway/gateway';
import type { Listening } from './http/listen';

/**
 * After the grace, how long the answers to the calls given up on may take to
 * leave: a few promise steps and a socket write, so a second is ample even on
 * a starved machine. A connection still open after it is held by something
 * that never ends by itself (a client trickling its body: the request
 * deadlines stop with the listener) and is cut.
 */
export const ANSWER_WINDOW_MS = 1_000;

export interface ShutdownParts {
  listening: Pick<Listening, 'drain' | 'close'>;
  hub: Pick<EventHub, 'close'>;
  gateway: Pick<Gateway, 'close' | 'abandon'>;
  /** Stops the mirror's sync and the integrations' queue; resolves once their calls under way have ended. */
  stopBackground: () => Promise<void>;
  /** Closes what must outlive every write (the store, the demo's emulator). */
  release: () => Promise<void>;
  /** How long the requests and the sync's call under way may take to finish. */
  graceMs: number;
  log: (message: string) => void;
}

/**
 * Stops without dropping anything a client is owed: nothing new is accepted,
 * live streams end with a goodbye, calls still waiting for the budget are
 * refused (never sent, safe to repeat), and the calls under way finish
 * within the grace. After it, the gateway stops waiting for Missive: a write
 * still unanswered is audited as of unknown outcome and its client told to
 * check before repeating it. The store closes last, once nothing can write.
 */
export async function shutDown(parts: ShutdownParts): Promise<void> {
  const { listening, gateway, graceMs, log } = parts;
  const drained = listening.drain();
  // At once: a live stream never ends by itself, and its client can reconnect elsewhere.
  parts.hub.close();
  // Background work first, so that the gateway refusing its queued call is not recorded as a failure.
  const syncStopped = parts.stopBackground();
  gateway.close();
  const finished = Promise.all([drained, syncStopped]);
  if (!(await settlesWithin(finished, graceMs))) {
    log(
      `Missive has not answered every call within the ${graceMs / 1000} s grace: ` +
        'the writes among them are recorded as of unknown outcome',
    );
    await gateway.abandon();
    if (!(await settlesWithin(finished, ANSWER_WINDOW_MS))) {
      log('cutting the connections still open');
      await listening.close();
      await syncStopped;
    }
  }
  await parts.release();
}

/** Whether `work` settles within `ms`. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, ms);
  });
  try {
    return await Promise.race([work.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}
