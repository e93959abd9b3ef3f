import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRateLimits } from '@crm/shared/rate-limits';
import { createEmulator, type Emulator } from './app';
import { createSeedData } from './seed';

const ANCHOR = 1_767_225_600;
const START_MS = (ANCHOR + 3600) * 1000;

afterEach(() => {
  vi.useRealTimers();
});

/** An emulator whose activity runs on fake timers and a fake clock, from the same instant each time. */
function busyEmulator(errors: string[] = []): Emulator {
  vi.useFakeTimers({ now: START_MS });
  return createEmulator({
    data: createSeedData({ anchor: ANCHOR }),
    token: 'activity-test-token',
    limits: parseRateLimits('concurrent=5,300/60s'),
    activity: { intervalMs: 1000, seed: 1 },
    onError: (message, error) => {
      errors.push(`${message}: ${String(error)}`);
    },
  });
}

function story(emulator: Emulator) {
  const { data } = emulator.state;
  const since = START_MS / 1000;
  return {
    contacts: data.contacts.filter((contact) => contact.modified_at >= since),
    labels: data.conversations.map((conversation) => conversation.shared_labels),
    messages: data.messages
      .filter((message) => message.delivered_at >= since)
      .map(({ from_field, body, type }) => ({ from_field, body, type })),
  };
}

describe('the simulated organisation', () => {
  it('makes a change every interval: messages, edits, deletions and labels', () => {
    const errors: string[] = [];
    const emulator = busyEmulator(errors);
    const seeded = createSeedData({ anchor: ANCHOR });
    // Two minutes at a change a second: a deletion (1 change in 20) is all but certain.
    vi.advanceTimersByTime(120_000);
    expect(emulator.activity?.changes).toBeGreaterThanOrEqual(110);
    const { contacts, messages, labels } = story(emulator);
    expect(messages.length).toBeGreaterThan(40);
    expect(contacts.filter((contact) => !contact.deleted).length).toBeGreaterThan(5);
    expect(contacts.some((contact) => contact.deleted)).toBe(true);
    const relabelled = labels.filter(
      (ids, index) => ids.join() !== seeded.conversations[index]?.shared_labels.join(),
    );
    expect(relabelled.length).toBeGreaterThan(0);
    expect(emulator.state.data.conversations.length).toBeGreaterThan(seeded.conversations.length);
    expect(errors).toEqual([]);
    emulator.close();
  });

  it('replays the same story for the same seed', () => {
    const first = busyEmulator();
    vi.advanceTimersByTime(30_000);
    const told = story(first);
    first.close();
    const second = busyEmulator();
    vi.advanceTimersByTime(30_000);
    expect(story(second)).toEqual(told);
    second.close();
  });

  it('leaves no timer behind once the emulator closes', () => {
    const emulator = busyEmulator();
    vi.advanceTimersByTime(5_000);
    emulator.close();
    expect(vi.getTimerCount()).toBe(0);
    const changes = emulator.activity?.changes;
    vi.advanceTimersByTime(60_000);
    expect(emulator.activity?.changes).toBe(changes);
  });
});
