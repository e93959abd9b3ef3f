/**
 * A queue that takes turns between agents: each shift serves the next agent
 * in line, oldest request first. One agent's burst of twenty waits behind
 * another agent's single request instead of in front of it.
 */
export class FairQueue<T> {
  private readonly byAgent = new Map<string, T[]>();
  /** Agents with waiting items, in the order they will be served. */
  private readonly turn: string[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(agent: string, item: T): void {
    const items = this.byAgent.get(agent);
    if (items) items.push(item);
    else {
      this.byAgent.set(agent, [item]);
      this.turn.push(agent);
    }
    this.count += 1;
  }

  shift(): T | undefined {
    const agent = this.turn.shift();
    if (agent === undefined) return undefined;
    const items = this.byAgent.get(agent) ?? [];
    const item = items.shift();
    if (items.length) this.turn.push(agent);
    else this.byAgent.delete(agent);
    if (item !== undefined) this.count -= 1;
    return item;
  }

  remove(agent: string, item: T): boolean {
    const items = this.byAgent.get(agent);
    const at = items?.indexOf(item) ?? -1;
    if (!items || at === -1) return false;
    items.splice(at, 1);
    this.count -= 1;
    if (!items.length) {
      this.byAgent.delete(agent);
      this.turn.splice(this.turn.indexOf(agent), 1);
    }
    return true;
  }

  /** Everything waiting, for shutting down. */
  drain(): T[] {
    const all = [...this.byAgent.values()].flat();
    this.byAgent.clear();
    this.turn.length = 0;
    this.count = 0;
    return all;
  }
}
