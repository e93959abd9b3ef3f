import { describe, expect, it } from 'vitest';
import { FairQueue } from './fair-queue';

function shiftAll<T>(queue: FairQueue<T>): T[] {
  const out: T[] = [];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) out.push(item);
  return out;
}

describe('FairQueue', () => {
  it('serves one agent first in, first out', () => {
    const queue = new FairQueue<string>();
    for (const item of ['a1', 'a2', 'a3']) queue.push('a', item);
    expect(shiftAll(queue)).toEqual(['a1', 'a2', 'a3']);
    expect(queue.shift()).toBeUndefined();
  });

  it('takes turns between agents, each agent’s oldest request first', () => {
    const queue = new FairQueue<string>();
    queue.push('a', 'a1');
    queue.push('a', 'a2');
    queue.push('a', 'a3');
    queue.push('b', 'b1');
    queue.push('c', 'c1');
    queue.push('c', 'c2');
    expect(shiftAll(queue)).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
  });

  it('serves a single request of one agent before the 2nd to 20th of another’s burst', () => {
    const queue = new FairQueue<string>();
    for (let i = 1; i <= 20; i++) queue.push('a', `a${i}`);
    queue.push('b', 'b1');
    const order = shiftAll(queue);
    expect(order.slice(0, 3)).toEqual(['a1', 'b1', 'a2']);
    expect(order).toHaveLength(21);
  });

  it('puts an agent that comes back after being served out at the end of the line', () => {
    const queue = new FairQueue<string>();
    queue.push('a', 'a1');
    queue.push('b', 'b1');
    queue.push('b', 'b2');
    expect(queue.shift()).toBe('a1');
    queue.push('a', 'a2');
    expect(shiftAll(queue)).toEqual(['b1', 'a2', 'b2']);
  });

  it('counts what waits', () => {
    const queue = new FairQueue<string>();
    expect(queue.size).toBe(0);
    queue.push('a', 'a1');
    queue.push('b', 'b1');
    queue.push('b', 'b2');
    expect(queue.size).toBe(3);
    queue.shift();
    expect(queue.size).toBe(2);
    queue.remove('b', 'b2');
    expect(queue.size).toBe(1);
  });

  it('removes one waiting item and keeps the order of the rest', () => {
    const queue = new FairQueue<string>();
    for (const item of ['a1', 'a2', 'a3']) queue.push('a', item);
    queue.push('b', 'b1');
    expect(queue.remove('a', 'a2')).toBe(true);
    expect(shiftAll(queue)).toEqual(['a1', 'b1', 'a3']);
  });

  it('takes an agent out of the rotation when its last item is removed', () => {
    const queue = new FairQueue<string>();
    queue.push('a', 'a1');
    queue.push('b', 'b1');
    queue.push('c', 'c1');
    expect(queue.remove('b', 'b1')).toBe(true);
    expect(shiftAll(queue)).toEqual(['a1', 'c1']);
    // Back with a new request, b waits its turn like a newcomer.
    queue.push('c', 'c2');
    queue.push('b', 'b2');
    expect(shiftAll(queue)).toEqual(['c2', 'b2']);
  });

  it('removes nothing it does not hold', () => {
    const queue = new FairQueue<string>();
    queue.push('a', 'a1');
    expect(queue.remove('a', 'a9')).toBe(false);
    expect(queue.remove('z', 'a1')).toBe(false);
    expect(queue.size).toBe(1);
    expect(queue.remove('a', 'a1')).toBe(true);
    expect(queue.remove('a', 'a1')).toBe(false);
    expect(queue.size).toBe(0);
  });

  it('drains everything waiting and starts afresh', () => {
    const queue = new FairQueue<string>();
    queue.push('a', 'a1');
    queue.push('a', 'a2');
    queue.push('b', 'b1');
    expect(queue.drain().sort()).toEqual(['a1', 'a2', 'b1']);
    expect(queue.size).toBe(0);
    expect(queue.shift()).toBeUndefined();
    queue.push('b', 'b2');
    queue.push('a', 'a3');
    expect(shiftAll(queue)).toEqual(['b2', 'a3']);
  });
});
