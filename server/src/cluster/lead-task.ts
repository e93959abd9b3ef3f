import type { Leases } from '../store/leases';

export interface LeadTaskOptions {
  leases: Leases;
  /** The lease's name, the same on every instance (e.g. `mirror-sync`). */
  name: string;
  /** Starts the task; called each time this instance takes the lead. */
  start: () => void;
  /** Stops it; awaited before the lead is given up. */
  stop: () => Promise<void>;
  /** How often an instance that does not lead asks again: how soon it takes over from one that died. */
  retryMs?: number;
  onNotice?: (message: string) => void;
  onError?: (error: unknown) => void;
}

/**
 * Runs a task on one instance at a time (the mirror's sync: two would spend
 * the budget twice on the same pages). Each instance asks for the lead; the
 * one that gets it runs the task until it stops or loses the lead (its
 * database connection died), and the others keep asking, so that one takes
 * over within `retryMs` of the leader's death.
 */
export class LeadTask {
  private readonly retryMs: number;
  private stopping = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private another = false;

  constructor(private readonly options: LeadTaskOptions) {
    this.retryMs = options.retryMs ?? 5000;
  }

  /** Whether another instance leads: the task runs there, as far as this one last asked. */
  get leadElsewhere(): boolean {
    return this.another;
  }

  begin(): void {
    this.loop ??= this.run();
  }

  /** Stops the task where it runs here and gives up the lead, or stops asking for it. */
  async end(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { leases, name } = this.options;
    let failing = false;
    while (!this.stopping) {
      let lead: Awaited<ReturnType<Leases['tryLead']>>;
      try {
        lead = await leases.tryLead(name);
        failing = false;
        this.another = lead === undefined;
      } catch (error) {
        this.another = false;
        // Reported once per outage, not on every try.
        if (!failing) this.options.onError?.(error);
        failing = true;
        lead = undefined;
      }
      if (!lead) {
        await this.pause(new Promise((resolve) => setTimeout(resolve, this.retryMs).unref()));
        continue;
      }
      this.options.start();
      const ended = await this.pause(lead.lost.then(() => 'lost' as const));
      await this.options.stop();
      if (ended === 'lost') {
        this.options.onNotice?.(
          `${name}: this instance lost the lead (its database connection ended); another instance takes over`,
        );
      } else {
        await lead.release().catch((error: unknown) => this.options.onError?.(error));
      }
    }
  }

  /** Waits for `until`, or for end() if it comes first ('ended'). */
  private async pause<T>(until: Promise<T>): Promise<T | 'ended'> {
    if (this.stopping) return 'ended';
    const outcome = await Promise.race([
      until,
      new Promise<'ended'>((resolve) => {
        this.wake = () => {
          resolve('ended');
        };
      }),
    ]);
    this.wake = undefined;
    return outcome;
  }
}
