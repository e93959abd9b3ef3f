/**
 * GitHub's side of the integrations benchmark, in a process of its own (a
 * fork of this module), as GitHub is not in the gateway's process: its HTTP
 * client and the pool's bookkeeping would otherwise share the gateway's
 * event loop and be counted against the sidebars. The bench prepares it,
 * tells it when to go and until when, and reads its report.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { hmacSha256Hex } from '../../../server/src/integrations/signatures';
import { firehoseDeliveries, sendingBody, type FirehoseDelivery } from './deliveries';
import type { IntegrationsBenchOptions } from './options';

/** The argument a fork of this module is started with to be the sender. */
const SENDER_FLAG = '--github-firehose-sender';

const firehoseRunSchema = z.object({
  /** Deliveries sent and answered. */
  sent: z.number(),
  /** Answers by HTTP status (0: no answer, the connection failed). */
  statuses: z.record(z.string(), z.number()),
  /** Time to the 202 of each accepted delivery, in the order they were answered. */
  acceptedMs: z.array(z.number()),
  /** From the first delivery to the last answer. */
  elapsedS: z.number(),
  /** The first few answers other than 202, as the sender saw them. */
  failures: z.array(z.string()),
});
export type FirehoseRun = z.infer<typeof firehoseRunSchema>;

const toSenderSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('prepare'),
    url: z.string(),
    secret: z.string(),
    concurrency: z.number(),
    /** Deliveries a second; null: each as soon as a sender is free. */
    rate: z.number().nullable(),
    threads: z.number(),
  }),
  /** `endAt`: ms since the epoch, the one clock both processes share. */
  z.object({ type: z.literal('go'), endAt: z.number() }),
]);
type ToSender = z.infer<typeof toSenderSchema>;

const fromSenderSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), deliveries: z.number() }),
  z.object({ type: z.literal('done'), run: firehoseRunSchema }),
  z.object({ type: z.literal('failed'), message: z.string() }),
]);
type FromSender = z.infer<typeof fromSenderSchema>;

/**
 * GitHub's side: `concurrency` loops sending until `endAt` (ms since the
 * epoch). Unpaced, each sends the next delivery once its last is answered.
 * Paced, delivery n is due n ÷ rate seconds after the start, whichever loop
 * sends it: a fixed schedule, so a late answer does not push the rest back,
 * and at most `concurrency` in flight, so a slow gateway is sent less, not
 * flooded (the rate reached is reported). Each sending is a body of its
 * own (sendingBody), signed with the secret as GitHub signs it, in this
 * process, before its clock for the 202 starts.
 */
export async function sendFirehose(
  prepared: { url: string; secret: string; concurrency: number; rate: number | null },
  deliveries: readonly FirehoseDelivery[],
  endAt: number,
): Promise<FirehoseRun> {
  const statuses: Record<string, number> = {};
  const acceptedMs: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  const end = started + (endAt - Date.now());
  const gapMs = prepared.rate === null ? 0 : 1000 / prepared.rate;
  const loop = async () => {
    for (;;) {
      const index = next;
      next += 1;
      const dueAt = started + index * gapMs;
      if (dueAt >= end || performance.now() >= end) return;
      const wait = dueAt - performance.now();
      if (wait > 0) await sleep(wait);
      const delivery = deliveries[index % deliveries.length];
      if (!delivery) return;
      const body = sendingBody(delivery, Math.floor(index / deliveries.length));
      const signature = hmacSha256Hex(prepared.secret, body);
      const sentAt = performance.now();
      let status: number;
      let text: string;
      try {
        const response = await fetch(prepared.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'GitHub-Hookshot/bench',
            'X-GitHub-Event': delivery.event,
            'X-GitHub-Delivery': randomUUID(),
            'X-Hub-Signature-256': `sha256=${signature}`,
          },
          body,
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        status = 0;
        text = error instanceof Error ? error.message : String(error);
      }
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 202) acceptedMs.push(performance.now() - sentAt);
      else if (failures.length < 5) failures.push(`${status}: ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: prepared.concurrency }, loop));
  const sent = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  return { sent, statuses, acceptedMs, elapsedS: (performance.now() - started) / 1000, failures };
}

/** The forked sender's side of the conversation: prepare, say ready, send when told, report. */
function serveAsSender(): void {
  const say = (message: FromSender) => process.send?.(message);
  let prepared: (ToSender & { type: 'prepare' }) | undefined;
  let deliveries: FirehoseDelivery[] = [];
  const handle = async (message: ToSender) => {
    if (message.type === 'prepare') {
      prepared = message;
      deliveries = firehoseDeliveries(message.threads);
      say({ type: 'ready', deliveries: deliveries.length });
      return;
    }
    if (!prepared) throw new Error('told to go before being prepared');
    say({ type: 'done', run: await sendFirehose(prepared, deliveries, message.endAt) });
  };
  process.on('message', (raw: unknown) => {
    handle(toSenderSchema.parse(raw)).catch((error: unknown) => {
      say({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    });
  });
  // The bench is gone (done, or killed): so is its sender.
  process.on('disconnect', () => process.exit(0));
}

export interface Sender {
  /** Distinct bodies it cycles through. */
  deliveries: number;
  /** Sends for the run, from now until `endAt` (performance.now() in this process). */
  run: (endAt: number) => Promise<FirehoseRun>;
  close: () => void;
}

/** The next message of `type` from the sender; its failure or exit rejects. */
function nextMessage<T extends FromSender['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<FromSender, { type: T }>> {
  const isAwaited = (message: FromSender): message is Extract<FromSender, { type: T }> =>
    message.type === type;
  return new Promise((resolve, reject) => {
    const onMessage = (raw: unknown) => {
      const message = fromSenderSchema.parse(raw);
      if (message.type === 'failed') {
        done();
        reject(new Error(`the firehose's sender failed: ${message.message}`));
      } else if (isAwaited(message)) {
        done();
        resolve(message);
      }
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`the firehose's sender exited (${String(code)}) before it said ${type}`));
    };
    const done = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Forks the sender and has it build and sign its deliveries, before any clock starts. */
export async function startSender(
  url: string,
  secret: string,
  rate: number | null,
  options: IntegrationsBenchOptions,
): Promise<Sender> {
  // The parent's execArgv (tsx's loader) is the child's: it runs this .ts module as is.
  const child = fork(fileURLToPath(import.meta.url), [SENDER_FLAG]);
  const send = (message: ToSender) => child.send(message);
  let deliveries: number;
  try {
    const ready = nextMessage(child, 'ready');
    send({
      type: 'prepare',
      url,
      secret,
      concurrency: options.concurrency,
      rate,
      threads: options.threads,
    });
    deliveries = (await ready).deliveries;
  } catch (error) {
    child.kill();
    throw error;
  }
  return {
    deliveries,
    run: async (endAt) => {
      const done = nextMessage(child, 'done');
      send({ type: 'go', endAt: Date.now() + (endAt - performance.now()) });
      return (await done).run;
    },
    close: () => {
      if (child.connected) child.disconnect();
    },
  };
}

// A fork of this module is the firehose's sender (startSender); imported, it only starts one.
if (process.argv.includes(SENDER_FLAG)) serveAsSender();
