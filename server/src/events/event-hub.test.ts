import { describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '@crm/shared/events';
import { localBuses } from '../test/local-bus';
import { EventHub } from './event-hub';

const event: LiveEvent = { type: 'label.changed', conversation: null };

describe('EventHub', () => {
  it('delivers to every subscriber, even past one that throws, and reports the failure', () => {
    const hub = new EventHub();
    const delivered: LiveEvent[] = [];
    hub.subscribe(() => {
      throw new Error('broken client');
    }, vi.fn());
    hub.subscribe((received) => delivered.push(received), vi.fn());
    expect(() => {
      hub.publish(event);
    }).toThrow('1 live-event subscriber(s) failed to receive it');
    expect(delivered).toEqual([event]);
  });

  it('ends every stream on close, forgets them, and ends a later subscriber at once', () => {
    const hub = new EventHub();
    const ends = [vi.fn(), vi.fn()];
    for (const end of ends) hub.subscribe(vi.fn(), end);
    hub.close();
    for (const end of ends) expect(end).toHaveBeenCalledOnce();
    expect(hub.size).toBe(0);

    const late = vi.fn();
    const send = vi.fn();
    hub.subscribe(send, late);
    expect(late).toHaveBeenCalledOnce();
    hub.publish(event);
    expect(send).not.toHaveBeenCalled();
    expect(hub.size).toBe(0);
  });

  it('does not end a subscriber that left before the close', () => {
    const hub = new EventHub();
    const end = vi.fn();
    const unsubscribe = hub.subscribe(vi.fn(), end);
    unsubscribe();
    hub.close();
    expect(end).not.toHaveBeenCalled();
  });
});

describe('EventHub on a bus', () => {
  it('delivers an event published on any instance to every instance once, the publisher too', () => {
    const { bus, errors } = localBuses();
    const [a, b] = [new EventHub({ bus: bus() }), new EventHub({ bus: bus() })];
    const [onA, onB] = [vi.fn(), vi.fn()];
    a.subscribe(onA, vi.fn());
    b.subscribe(onB, vi.fn());
    a.publish(event);
    expect(onA.mock.calls).toEqual([[event]]);
    expect(onB.mock.calls).toEqual([[event]]);
    expect(errors).toEqual([]);
  });

  it('reports a failing subscriber to the bus instead of throwing into the publisher', () => {
    const { bus, errors } = localBuses();
    const hub = new EventHub({ bus: bus() });
    hub.subscribe(() => {
      throw new Error('broken client');
    }, vi.fn());
    expect(() => {
      hub.publish(event);
    }).not.toThrow();
    expect(errors).toEqual([expect.objectContaining({ name: 'AggregateError' })]);
  });

  it('ends its streams when the bus goes deaf, ends newcomers until it hears again', () => {
    const { bus } = localBuses();
    const instance = bus();
    const hub = new EventHub({ bus: instance });
    const end = vi.fn();
    hub.subscribe(vi.fn(), end);
    instance.setHearing(false);
    expect(end).toHaveBeenCalledOnce();
    expect(hub.size).toBe(0);

    const early = vi.fn();
    hub.subscribe(vi.fn(), early);
    expect(early).toHaveBeenCalledOnce();
    expect(hub.size).toBe(0);

    instance.setHearing(true);
    const send = vi.fn();
    const later = vi.fn();
    hub.subscribe(send, later);
    hub.publish(event);
    expect(send.mock.calls).toEqual([[event]]);
    expect(later).not.toHaveBeenCalled();
  });

  it('leaves the bus on close', () => {
    const { bus } = localBuses();
    const [a, b] = [new EventHub({ bus: bus() }), new EventHub({ bus: bus() })];
    const send = vi.fn();
    a.subscribe(send, vi.fn());
    a.close();
    b.publish(event);
    expect(send).not.toHaveBeenCalled();
  });
});
