/**
 * Leadership of a named task (the mirror's sync): held by at most one
 * gateway at a time. On PostgreSQL the database decides between instances
 * (postgres-leases.ts); the embedded SQLite store serves one process, so
 * there the decision is this process's own.
 */

export interface Leadership {
  readonly name: string;
  /**
   * Resolves when the lead ended without release(): the database connection
   * holding it died, so another instance may lead now. Stop the task at once.
   */
  readonly lost: Promise<void>;
  /** Ends the lead so another instance can take it; settles `lost` never. */
  release(): Promise<void>;
}

export interface Leases {
  /** Leads `name` unless another holder does: undefined then (try again later). */
  tryLead(name: string): Promise<Leadership | undefined>;
  /** Releases every lead still held (the store is closing). */
  close(): Promise<void>;
}

/** One process, one database file: leads are handed out here, one per name. */
export class LocalLeases implements Leases {
  private readonly held = new Set<string>();

  tryLead(name: string): Promise<Leadership | undefined> {
    if (this.held.has(name)) return Promise.resolve(undefined);
    this.held.add(name);
    return Promise.resolve({
      name,
      // A lead in this process ends only with its release.
      lost: new Promise<void>(() => undefined),
      release: () => {
        this.held.delete(name);
        return Promise.resolve();
      },
    });
  }

  close(): Promise<void> {
    this.held.clear();
    return Promise.resolve();
  }
}
