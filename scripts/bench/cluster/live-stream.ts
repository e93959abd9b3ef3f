import { setTimeout as sleep } from 'node:timers/promises';
import { liveEventSchema } from '@crm/shared/events';
import type { GatewayInstance } from '../../cluster/gateways';

/**
 * A sidebar's live-event stream as the browser keeps it: open on one
 * instance, and when that stream ends (the instance died, or went deaf and
 * said goodbye) open again on the next live instance, as the load balancer
 * would send it. Counts each conversation's `conversation.changed` events.
 */
export class LiveStream {
  reconnections = 0;
  private readonly seen = new Map<string, number>();
  private controller = new AbortController();
  private closed = false;
  private readonly first: Promise<void>;

  constructor(
    private readonly options: {
      token: string;
      instance: GatewayInstance;
      /** The instance after this one that is still alive. */
      next: (after: GatewayInstance) => GatewayInstance;
      log: (line: string) => void;
    },
  ) {
    this.first = this.connect(options.instance);
  }

  /** Resolves once the first stream is open. */
  opened(): Promise<void> {
    return this.first;
  }

  heard(conversation: string): boolean {
    return (this.seen.get(conversation) ?? 0) > 0;
  }

  /** How many of these conversations' events arrived more than once. */
  duplicates(conversations: readonly string[]): number {
    return conversations.filter((id) => (this.seen.get(id) ?? 0) > 1).length;
  }

  close(): void {
    this.closed = true;
    this.controller.abort();
  }

  private async connect(instance: GatewayInstance): Promise<void> {
    this.controller = new AbortController();
    const response = await fetch(
      `${instance.url}/api/events?token=${encodeURIComponent(this.options.token)}`,
      { signal: this.controller.signal },
    );
    if (!response.ok || !response.body) {
      throw new Error(`${instance.name} refused the event stream: ${response.status}`);
    }
    void this.read(response.body, instance);
  }

  private async read(body: ReadableStream<Uint8Array>, instance: GatewayInstance): Promise<void> {
    let buffer = '';
    try {
      for await (const chunk of body.pipeThrough(new TextDecoderStream())) {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          this.take(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Cut: the instance died. The same as an ended stream.
    }
    await this.reconnect(instance);
  }

  private take(frame: string): void {
    const data = frame.split('\n').find((line) => line.startsWith('data: '));
    if (!data) return;
    const event = liveEventSchema.safeParse(JSON.parse(data.slice('data: '.length)));
    if (event.success && event.data.type === 'conversation.changed') {
      this.seen.set(event.data.conversation, (this.seen.get(event.data.conversation) ?? 0) + 1);
    }
  }

  /** EventSource's own retry, a moment later, on whichever instance answers. */
  private async reconnect(from: GatewayInstance): Promise<void> {
    let instance = from;
    while (!this.closed) {
      await sleep(200);
      instance = this.options.next(instance);
      try {
        await this.connect(instance);
        this.reconnections += 1;
        return;
      } catch (error) {
        this.options.log(`  a stream could not reopen on ${instance.name}: ${String(error)}`);
      }
    }
  }
}
