import type { LiveEvent } from '@crm/shared/events';
import type { Bus } from '../cluster/bus';

interface Subscriber {
  send: (event: LiveEvent) => void;
  /** Ends the stream, the client to reconnect: the process is stopping, or its bus went deaf. */
  end: () => void;
}

export interface EventHubOptions {
  /**
   * Absent: in-process, a single gateway. Present (several instances behind
   * a load balancer): an event published on any instance reaches the clients
   * of all of them, through the bus only, so once each; a subscriber that
   * fails on it is reported to the bus's onError, there being no publisher
   * here to throw to.
   */
  bus?: Bus;
}

/**
 * Fans live events out to the clients connected to this process: those
 * published here, or, with a bus, on any instance.
 *
 * While the bus does not hear the other instances (Redis down), a client
 * here would wait for events that never come, unaware. So the hub ends every
 * stream when the bus goes deaf, and ends each newcomer at once until it
 * hears again: the client reconnects (the goodbye asks for a second's wait),
 * through the load balancer, to an instance that hears, or to this one once
 * it does, and reads again what it shows. Refusing outright costs a short
 * request per client and second during an outage; accepting would leave
 * clients silently stale.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private closed = false;
  private readonly bus: Bus | undefined;
  private readonly leaveBus: (() => void)[] = [];

  constructor({ bus }: EventHubOptions = {}) {
    this.bus = bus;
    if (!bus) return;
    this.leaveBus.push(
      bus.subscribe('live-event', (event) => {
        this.deliver(event);
      }),
      bus.onHearing((hearing) => {
        if (!hearing) this.endAll();
      }),
    );
  }

  get size(): number {
    return this.subscribers.size;
  }

  /**
   * Returns the unsubscribe function; calling it twice is harmless. Once the
   * hub is closed a newcomer is ended at once, so that a stream that began
   * as the process was stopping does not hold the shutdown open; so is one
   * while the bus does not hear (see the class comment).
   */
  subscribe(send: Subscriber['send'], end: Subscriber['end']): () => void {
    if (this.closed || this.bus?.hearing === false) {
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
   * In-process, delivers to every subscriber even when one throws, so one
   * broken client does not starve the others; the failures reach the
   * publisher afterwards. With a bus, hands the event to it, which never
   * throws (a webhook handler is not the place for Redis's troubles).
   */
  publish(event: LiveEvent): void {
    if (this.bus) this.bus.publish('live-event', event);
    else this.deliver(event);
  }

  /** Ends every stream (the process is stopping) and every one opened after. */
  close(): void {
    this.closed = true;
    for (const leave of this.leaveBus.splice(0)) leave();
    this.endAll();
  }

  private deliver(event: LiveEvent): void {
    this.each((subscriber) => {
      subscriber.send(event);
    }, 'receive it');
  }

  private endAll(): void {
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
