import type { LiveEvent } from '@crm/shared/events';

interface Subscriber {
  send: (event: LiveEvent) => void;
  /** Ends the stream for good: the process is stopping. */
  end: () => void;
}

/**
 * Fans live events out to the clients connected to this process. In-process
 * on purpose: each gateway instance pushes what its own webhooks delivered.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private closed = false;

  get size(): number {
    return this.subscribers.size;
  }

  /**
   * Returns the unsubscribe function; calling it twice is harmless. Once the
   * hub is closed a newcomer is ended at once, so that a stream that began
   * as the process was stopping does not hold the shutdown open.
   */
  subscribe(send: Subscriber['send'], end: Subscriber['end']): () => void {
    if (this.closed) {
      end();
      return () => undefined;
    }
    // An object of its own, so the same functions subscribed twice count as two clients.
    const subscriber: Subscriber = { send, end };
    this.subscribers.add(subscriber);
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  /**
   * Delivers to every subscriber even when one throws, so one broken client
   * does not starve the others; the failures reach the publisher afterwards.
   */
  publish(event: LiveEvent): void {
    this.each((subscriber) => {
      subscriber.send(event);
    }, 'receive it');
  }

  /** Ends every stream (the process is stopping) and every one opened after. */
  close(): void {
    this.closed = true;
    this.each((subscriber) => {
      this.subscribers.delete(subscriber);
      subscriber.end();
    }, 'close');
  }

  private each(act: (subscriber: Subscriber) => void, failedTo: string): void {
    const failures: unknown[] = [];
    // A copy: a subscriber may unsubscribe while being called.
    for (const subscriber of [...this.subscribers]) {
      try {
        act(subscriber);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) {
      throw new AggregateError(
        failures,
        `${failures.length} live-event subscriber(s) failed to ${failedTo}`,
      );
    }
  }
}
