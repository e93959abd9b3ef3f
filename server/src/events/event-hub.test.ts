import { describe, expect, it, vi } from 'vitest';
import type { LiveEvent } from '@crm/shared/events';
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
