import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/** An independent MCP client (the SDK's own) on the gateway's /mcp, as `key`'s person. */
export async function connectOverHttp(base: string, key: string): Promise<Client> {
  const client = new Client({ name: 'test agent', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL('/mcp', base), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    }),
  );
  return client;
}

export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallToolResult> {
  return CallToolResultSchema.parse(await client.callTool({ name, arguments: args }));
}

const toolAnswer = z.object({
  result: z.unknown(),
  next_page: z.record(z.string(), z.string()).optional(),
});

/** The text of a tool result's first part. */
export function textOf(result: CallToolResult): string {
  const [first] = result.content;
  return first?.type === 'text' ? first.text : '';
}

/** A successful tool result's JSON; a tool error fails with its message. */
export async function callJson(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<z.infer<typeof toolAnswer>> {
  const answer = await callTool(client, name, args);
  if (answer.isError) throw new Error(`${name} failed: ${textOf(answer)}`);
  return toolAnswer.parse(JSON.parse(textOf(answer)));
}
