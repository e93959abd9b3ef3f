/**
 * `npm run mcp`: the MCP server on stdio, for desktop agents. With
 * MCP_GATEWAY_URL and MCP_ACCESS_KEY it serves that running gateway as the
 * key's person; without them it starts a demo gateway of its own. Nothing
 * but MCP messages may reach stdout: everything else goes to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import packageJson from '../../../package.json';
import { parseEnv } from '../config/env';
import { startDemoGateway, type DemoGateway } from './demo-gateway';
import { gatewayApi } from './gateway-api';
import { createMcpServer } from './server';

const envSchema = z
  .object({
    MCP_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
    MCP_ACCESS_KEY: z.string().min(1).optional(),
    MCP_ATTACHMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(10 * 1024 * 1024),
  })
  .superRefine((env, ctx) => {
    if (env.MCP_GATEWAY_URL && !env.MCP_ACCESS_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['MCP_ACCESS_KEY'],
        message:
          'is required with MCP_GATEWAY_URL: an access key from the dashboard’s Access keys page',
      });
    }
  });

function say(message: string): void {
  process.stderr.write(`[missive-crm mcp] ${message}\n`);
}

async function main(): Promise<void> {
  // An agent may close our stderr as it stops us, while the demo gateway's
  // last lines still flow there: nobody is left to read them, and a failed
  // write must not crash the shutdown that removes the demo's data.
  process.stderr.on('error', () => undefined);
  const env = parseEnv(envSchema, process.env, 'MCP');
  let demo: DemoGateway | undefined;
  let origin = env.MCP_GATEWAY_URL;
  let credential = env.MCP_ACCESS_KEY;
  if (origin === undefined || credential === undefined) {
    say('no MCP_GATEWAY_URL: starting a demo gateway on the Missive emulator…');
    demo = await startDemoGateway();
    ({ origin, accessKey: credential } = demo);
    say(`demo gateway at ${origin} (dashboard key ${credential})`);
  }
  const server = createMcpServer({
    api: gatewayApi({ origin, credential }),
    version: packageJson.version,
    maxAttachmentBytes: env.MCP_ATTACHMENT_MAX_BYTES,
  });
  const transport = new StdioServerTransport();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await demo?.stop();
    process.exit(0);
  };
  // The agent closes stdin when it is done with us.
  process.stdin.once('end', () => void stop());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
  await server.connect(transport);
  say(`serving ${origin} on stdio`);
}

main().catch((error: unknown) => {
  say(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
