import type { Request } from 'express';
import express, { type ErrorRequestHandler, type Router } from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { bearerToken } from '../http/bearer-auth';
import { knownHttpError } from '../http/error-handler';
import { HttpError } from '../http/http-error';
import { jsonBody } from '../http/json-body';
import { gatewayApi } from './gateway-api';
import type { FileAccess } from './attachments';
import { allTools, createMcpServer } from './server';

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

/** JSON-RPC's code for a request that is not valid JSON, and for one it cannot take. */
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

/**
 * A body refused before the MCP server saw it (not JSON, too large, nested
 * too deep) as a JSON-RPC error an MCP client reads, with the gateway's own
 * envelope fields in `error` (message) and `error.data` (code) alike.
 */
const jsonRpcErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const known = knownHttpError(error);
  if (!known || res.headersSent) {
    next(error);
    return;
  }
  const { error: envelope } = known.toEnvelope();
  res
    .status(known.status)
    .set(known.headers)
    .json({
      jsonrpc: '2.0',
      id: null,
      error: {
        code: known.status === 400 ? PARSE_ERROR : INVALID_REQUEST,
        message: envelope.message,
        data: { code: envelope.code },
      },
    });
};

/**
 * `POST /mcp`: the MCP server on Streamable HTTP, stateless (a new server
 * per request, answers as plain JSON), behind the gateway's authentication:
 * the agent is the person whose access key or session it sends, and its
 * tools call the gateway's API with that same credential.
 */
export function createMcpRoute({ version, files }: { version: string; files: FileAccess }): Router {
  const router = express.Router();
  const tools = allTools(files);
  router.post('/', jsonBody(), async (req, res) => {
    const credential = bearerToken(req);
    // Reached only after requireAuth, which refuses a request without one.
    if (credential === undefined)
      throw new HttpError(401, 'Send "Authorization: Bearer <access key>"');
    const server = createMcpServer({
      version,
      tools,
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
  router.use(jsonRpcErrors);
  return router;
}
