import type { LiveEvent } from '@crm/shared/events';

type Send = (event: LiveEvent) => void;

/**
 * Fans live events out to the clients connected to this process. In-process
 * on purpose: each gateway instance pushes what its own webhooks delivered.
 */
export class EventHub {
  private readonly subscribers = new Set<Send>();

  get size(): number {
    return this.subscribers.size;
  }

  /** Returns the unsubscribe function; calling it twice is harmless. */
  subscribe(send: Send): () => void {
    // A wrapper, so the same function subscribed twice counts as two clients.
    const entry: Send = (event) => {
      send(event);
    };
    this.subscribers.add(entry);
    return () => {
      this.subscribers.delete(entry);
    };
  }

  /**
   * Delivers to every subscriber even when one throws, so one broken client
   * does not starve the others; the failures reach the publisher afterwards.
   */
  publish(event: LiveEvent): void {
    const failures: unknown[] = [];
    // A copy: a subscriber may unsubscribe while being called.
    for (const send of [...this.subscribers]) {
      try {
        send(event);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) {
      throw new AggregateError(failures, `${failures.length} live-event subscriber(s) failed`);
    }
  }
}
