import type { Request } from 'express';
import express, { type Router } from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { bearerToken } from '../http/bearer-auth';
import { HttpError } from '../http/http-error';
import { jsonBody } from '../http/json-body';
import { gatewayApi } from './gateway-api';
import { createMcpServer, type McpOptions } from './server';

/**
 * The gateway as seen from itself: the address and port this request came
 * in on, so the tools' calls reach this very process without it having to
 * know how it was started.
 */
function ownOrigin(req: Request): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${String(req.socket.localPort)}`;
}

/**
 * `POST /mcp`: the MCP server on Streamable HTTP, stateless (a new server
 * per request, answers as plain JSON), behind the gateway's authentication:
 * the agent is the person whose access key or session it sends, and its
 * tools call the gateway's API with that same credential.
 */
export function createMcpRoute(options: Omit<McpOptions, 'api'>): Router {
  const router = express.Router();
  router.post('/', jsonBody(), async (req, res) => {
    const credential = bearerToken(req);
    // Reached only after requireAuth, which refuses a request without one.
    if (credential === undefined)
      throw new HttpError(401, 'Send "Authorization: Bearer <access key>"');
    const server = createMcpServer({
      ...options,
      api: gatewayApi({ origin: ownOrigin(req), credential }),
    });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  // Stateless: no session to resume (GET) or end (DELETE).
  router.all('/', () => {
    throw new HttpError(405, 'This MCP endpoint is stateless: send JSON-RPC requests with POST', {
      headers: { Allow: 'POST' },
    });
  });
  return router;
}
