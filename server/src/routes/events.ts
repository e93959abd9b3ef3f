import express, { type Request, type Router } from 'express';
import type { LiveEvent } from '@crm/shared/events';
import type { EventHub } from '../events/event-hub';

export interface EventsRouteOptions {
  hub: EventHub;
  /**
   * Proxies and load balancers cut connections that stay silent for a while
   * (often 30-60 s); a comment line this often keeps the stream open.
   */
  heartbeatMs?: number;
  /** Whether the stream's credential still holds (checked before each event and heartbeat). */
  stillAllowed: (req: Request) => boolean;
}

/**
 * The last words of a stream whose process is stopping: a clean end, not a
 * cut socket, and a prompt reconnection, which another instance (or this
 * one, restarted) answers. EventSource keeps `retry` for later drops too.
 */
export const GOODBYE = 'retry: 1000\n: the gateway is shutting down; reconnect\n\n';

/** The end of a stream whose key was revoked or whose session ran out. */
export const ENDED = ': your session has ended (revoked or expired); sign in again\n\n';

function frame(event: LiveEvent): string {
  // JSON.stringify never emits a raw newline, so one data line suffices.
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** `GET /events`: a server-sent event stream of the hub's live events. */
export function createEventsRoute({
  hub,
  heartbeatMs = 25_000,
  stillAllowed,
}: EventsRouteOptions): Router {
  const router = express.Router();
  router.get('/events', (req, res) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: a compressing proxy would buffer the stream.
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx buffers proxied responses unless told otherwise.
      'X-Accel-Buffering': 'no',
    });
    // The client's EventSource/fetch resolves on headers; without this it
    // would wait for the first event, which may be minutes away.
    res.flushHeaders();

    // A revoked key's stream hears nothing more: it ends at the next event or heartbeat.
    const allowed = () => {
      if (stillAllowed(req)) return true;
      clearInterval(heartbeat);
      unsubscribe();
      res.end(ENDED);
      return false;
    };
    const heartbeat = setInterval(() => {
      if (allowed()) res.write(': heartbeat\n\n');
    }, heartbeatMs);
    // An open stream must not keep a shutting-down process alive.
    heartbeat.unref();
    const unsubscribe = hub.subscribe(
      (event) => {
        if (allowed()) res.write(frame(event));
      },
      () => {
        clearInterval(heartbeat);
        res.end(GOODBYE);
      },
    );

    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
  return router;
}
