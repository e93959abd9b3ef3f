import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { GatewayApi } from './gateway-api';

/** One MCP tool: what an agent sees (name, schema, description, hints) and what it does. */
export interface Tool {
  name: string;
  title: string;
  description: string;
  /** Validated by the MCP server before `run`; the gateway validates again with its own schemas. */
  input: z.ZodObject;
  annotations: ToolAnnotations;
  run: (args: Record<string, unknown>, context: ToolContext) => Promise<CallToolResult>;
}

export interface ToolContext {
  api: GatewayApi;
  /** Aborted when the client cancels the call or goes away. */
  signal: AbortSignal;
}

/** Hints for a read: it changes nothing, and asking twice is asking once. */
export const READ: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};

/** Adds something new; asking twice adds it twice. */
export const CREATE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: true,
};

/** Overwrites or removes what is there; asking twice changes nothing more. */
export const OVERWRITE: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: true,
};
