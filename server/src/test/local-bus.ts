import type { Bus, BusMessage, BusTopic } from '../cluster/bus';

export interface LocalBus extends Bus {
  /** Makes this instance deaf (Redis lost) or hearing again; deaf, it neither sends nor receives. */
  setHearing: (hearing: boolean) => void;
}

type Handler = (topic: BusTopic, message: unknown) => void;

/**
 * Buses for unit tests: "instances" in one process that hear each other,
 * synchronously, as RedisBus instances on one Redis do through it (whose own
 * behaviour the integration tests check against a real Redis).
 */
export function localBuses(): { bus: () => LocalBus; errors: unknown[] } {
  const everyone = new Set<Handler>();
  const errors: unknown[] = [];
  const bus = (): LocalBus => {
    const handlers = new Map<BusTopic, Set<(message: never) => void>>();
    const listeners = new Set<(hearing: boolean) => void>();
    let hearing = true;
    const receive: Handler = (topic, message) => {
      if (!hearing) return;
      for (const handler of handlers.get(topic) ?? []) {
        try {
          (handler as (message: unknown) => void)(message);
        } catch (error) {
          errors.push(error);
        }
      }
    };
    everyone.add(receive);
    return {
      get hearing() {
        return hearing;
      },
      publish: <T extends BusTopic>(topic: T, message: BusMessage<T>) => {
        if (!hearing) {
          errors.push(new Error(`${topic} not published: deaf`));
          return;
        }
        for (const instance of [...everyone]) instance(topic, message);
      },
      subscribe: <T extends BusTopic>(topic: T, handler: (message: BusMessage<T>) => void) => {
        const set = handlers.get(topic) ?? new Set();
        handlers.set(topic, set);
        // A wrapper of its own, so the same handler subscribed twice is called twice.
        const subscription = (message: BusMessage<T>) => {
          handler(message);
        };
        set.add(subscription);
        return () => {
          set.delete(subscription);
        };
      },
      onHearing: (listener) => {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
      setHearing: (now) => {
        if (now === hearing) return;
        hearing = now;
        for (const listener of [...listeners]) listener(now);
      },
    };
  };
  return { bus, errors };
}
