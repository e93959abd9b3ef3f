import { describe, expect, it } from 'vitest';
import { nextTurn, type Part, type Scheduled } from './plan';

const INTERVAL = 5_000;
const part = (object: Part['object'], scope = ''): Part => ({ object, scope });

function scheduled(p: Part, dueAt: number, cadence: number, first = false): Scheduled {
  return { part: p, first, dueAt, periodMs: cadence * INTERVAL };
}

/**
 * Runs the sync's choice over simulated time with a budget that allows one
 * call every `callMs`, every part costing one call a turn; how often each
 * part was read.
 */
function simulate(parts: { part: Part; cadence: number }[], callMs: number, untilMs: number) {
  const lastSuccess = new Map(parts.map(({ part: p }) => [p, 0]));
  const reads = new Map(parts.map(({ part: p }) => [p, [] as number[]]));
  let now = 0;
  while (now < untilMs) {
    const next = nextTurn(
      parts.map(({ part: p, cadence }) =>
        scheduled(p, (lastSuccess.get(p) ?? 0) + cadence * INTERVAL, cadence),
      ),
      now,
    );
    if (next && 'part' in next) {
      now += callMs;
      lastSuccess.set(next.part, now);
      reads.get(next.part)?.push(now);
    } else {
      now = next?.wakeAt ?? untilMs;
    }
  }
  return reads;
}

describe('nextTurn', () => {
  it('reads parts never read first, in plan order', () => {
    const books = part('contact_books');
    const organizations = part('organizations');
    const contacts = part('contacts', 'b1');
    const next = nextTurn(
      [
        scheduled(contacts, 0, 1),
        scheduled(organizations, 0, 15, true),
        scheduled(books, 0, 15, true),
      ],
      1_000,
    );
    expect(next).toEqual({ part: organizations });
  });

  it('waits for the part due soonest when none is due', () => {
    const next = nextTurn(
      [scheduled(part('contacts', 'b1'), 9_000, 1), scheduled(part('tasks'), 7_000, 1)],
      1_000,
    );
    expect(next).toEqual({ wakeAt: 7_000 });
  });

  it('has nothing to do without parts', () => {
    expect(nextTurn([], 1_000)).toBeUndefined();
  });

  it('reads the part furthest behind its own cadence, not the first in plan order', () => {
    // Both overdue by 10 s: a tenth of the organisation's 100 s, two of the contacts' 5 s.
    const organizations = part('organizations');
    const contacts = part('contacts', 'b1');
    const next = nextTurn(
      [scheduled(organizations, 90_000, 20), scheduled(contacts, 90_000, 1)],
      100_000,
    );
    expect(next).toEqual({ part: contacts });
  });

  it('when the budget cannot carry every cadence, stretches them all alike', () => {
    // Seven slow lists every 15 rounds and three contact books every round
    // want 3.5 calls a round (0.7 a second); the budget allows 0.25 a second.
    const slow = [
      'organizations',
      'users',
      'teams',
      'contact_books',
      'responses',
      'shared_labels',
      'tasks',
    ] as const;
    const books = ['b1', 'b2', 'b3'].map((book) => part('contacts', book));
    const lists = slow.map((object) => part(object));
    const reads = simulate(
      [
        ...lists.map((p) => ({ part: p, cadence: 15 })),
        ...books.map((p) => ({ part: p, cadence: 1 })),
      ],
      4_000,
      30 * 60_000,
    );
    // A book waits at most a bounded few calls between reads: the slow lists,
    // all due at once every fifteenth round, never queue up in front of it.
    const book = reads.get(books[0] as Part) ?? [];
    const gaps = book.slice(1).map((at, index) => at - (book[index] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5 * 4_000);
    // And the slow lists are still read, not starved.
    for (const list of lists) expect(reads.get(list)?.length).toBeGreaterThan(5);
  });
});
