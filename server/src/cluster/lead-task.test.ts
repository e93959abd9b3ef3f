import { describe, expect, it } from 'vitest';
import { LocalLeases, type Leadership, type Leases } from '../store/leases';
import { LeadTask } from './lead-task';

/** Leases whose current lead the test can take away, as a dead database connection would. */
class LosableLeases implements Leases {
  private readonly local = new LocalLeases();
  private loseCurrent: (() => void) | undefined;
  refuseNext = 0;

  async tryLead(name: string): Promise<Leadership | undefined> {
    if (this.refuseNext > 0) {
      this.refuseNext -= 1;
      return undefined;
    }
    const lead = await this.local.tryLead(name);
    if (!lead) return undefined;
    const lost = new Promise<void>((resolve) => {
      this.loseCurrent = () => {
        void lead.release().then(resolve);
      };
    });
    return { name, lost, release: () => lead.release() };
  }

  lose(): void {
    this.loseCurrent?.();
  }

  close(): Promise<void> {
    return this.local.close();
  }
}

const waitFor = async (check: () => boolean) => {
  for (let tries = 0; tries < 200 && !check(); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(check()).toBe(true);
};

function counting(leases: Leases, retryMs = 10) {
  const runs = { started: 0, stopped: 0 };
  const task = new LeadTask({
    leases,
    name: 'mirror-sync',
    retryMs,
    start: () => {
      runs.started += 1;
    },
    stop: () => {
      runs.stopped += 1;
      return Promise.resolve();
    },
  });
  return { task, runs };
}

describe('LeadTask', () => {
  it('runs the task on one of two instances only, and on the other once the first ends', async () => {
    const leases = new LocalLeases();
    const first = counting(leases);
    const second = counting(leases);
    first.task.begin();
    await waitFor(() => first.runs.started === 1);
    second.task.begin();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(second.runs.started).toBe(0);
    // What the second's dashboard says: the sync runs, on the other instance.
    expect(second.task.leadElsewhere).toBe(true);
    expect(first.task.leadElsewhere).toBe(false);
    await first.task.end();
    expect(first.runs.stopped).toBe(1);
    await waitFor(() => second.runs.started === 1);
    await second.task.end();
  });

  it('stops the task when the lead is lost and takes it again when it can', async () => {
    const leases = new LosableLeases();
    const { task, runs } = counting(leases);
    task.begin();
    await waitFor(() => runs.started === 1);
    leases.refuseNext = 2;
    leases.lose();
    await waitFor(() => runs.stopped === 1);
    await waitFor(() => runs.started === 2);
    await task.end();
    expect(runs.stopped).toBe(2);
  });

  it('ends at once while it is only waiting for the lead', async () => {
    const leases = new LocalLeases();
    const holder = await leases.tryLead('mirror-sync');
    const { task, runs } = counting(leases, 60_000);
    task.begin();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await task.end();
    expect(runs).toEqual({ started: 0, stopped: 0 });
    await holder?.release();
  });
});
