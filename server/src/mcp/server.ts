import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { attachmentsTool, type FileAccess } from './attachments';
import { GatewayUnreachable, type GatewayApi } from './gateway-api';
import { missiveTool, missiveTools } from './missive-tools';
import { productTools } from './product-tools';
import { errorResult } from './results';
import type { Tool } from './tool';

export interface McpOptions {
  /** The gateway the tools call, as the person whose key the agent holds. */
  api: GatewayApi;
  version: string;
  /** Built once per process (allTools): a server is made per HTTP request. */
  tools: readonly Tool[];
}

/**
 * How many values a call's arguments may hold in all: far above any real
 * call (50 conversations × a few fields), far below what would cost the
 * gateway to validate.
 */
const MAX_INPUT_ELEMENTS = 10_000;

const INSTRUCTIONS =
  'Missive, through this team’s CRM gateway. Every call spends the team’s shared Missive rate budget in a lane of its own, after people, and every write is recorded under your name. Prefer get_conversation_context and search_contacts (answered from the gateway’s copy of Missive, free) to listing; page with next_page from a result; use edit_contact rather than update_a_missive_contact_by_id; create drafts for a person to send rather than sending.';

/** Every tool; `files` says what missive_attachments_download may fetch (MCP_ATTACHMENT_MAX_BYTES, demo or live). */
export function allTools(files: FileAccess): Tool[] {
  return [...missiveTools.map(missiveTool), attachmentsTool(files), ...productTools];
}

/** The tools, on a new MCP server: one per connection (stdio) or per request (HTTP). */
export function createMcpServer({ api, version, tools }: McpOptions): McpServer {
  const server = new McpServer(
    { name: 'missive-crm', title: 'Missive CRM gateway', version },
    { instructions: INSTRUCTIONS, maxToolInputElements: MAX_INPUT_ELEMENTS },
  );
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        annotations: { title: tool.title, ...tool.annotations },
      },
      async (args: Record<string, unknown>, extra) => {
        try {
          return await tool.run(args, { api, signal: extra.signal });
        } catch (error) {
          if (error instanceof GatewayUnreachable) return errorResult(error.message);
          throw error;
        }
      },
    );
  }
  return server;
}
