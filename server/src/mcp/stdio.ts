/**
 * `npm run mcp`: the MCP server on stdio, for desktop agents. With
 * MCP_GATEWAY_URL and MCP_ACCESS_KEY it serves that running gateway as the
 * key's person; without them it starts a demo gateway of its own. Nothing
 * but MCP messages may reach stdout: everything else goes to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { healthSchema } from '@crm/shared/health';
import packageJson from '../../../package.json';
import { attachmentMaxBytesSchema, parseEnv } from '../config/env';
import { startDemoGateway, type DemoGateway } from './demo-gateway';
import { gatewayApi } from './gateway-api';
import { allTools, createMcpServer } from './server';

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

const envSchema = z
  .object({
    MCP_GATEWAY_URL: z
      .url({ protocol: /^https?$/ })
      .refine(
        (url) => url.startsWith('https:') || LOOPBACK.test(new URL(url).host.replace(/:\d+$/, '')),
        {
          message:
            'must be https, or http on this machine (the access key travels with every call)',
        },
      )
      .optional(),
    MCP_ACCESS_KEY: z.string().min(1).optional(),
    MCP_ATTACHMENT_MAX_BYTES: attachmentMaxBytesSchema,
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
    if (env.MCP_ACCESS_KEY && !env.MCP_GATEWAY_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['MCP_GATEWAY_URL'],
        message: 'is required with MCP_ACCESS_KEY: the address of the gateway the key belongs to',
      });
    }
  });

function say(message: string): void {
  process.stderr.write(`[missive-crm mcp] ${message}\n`);
}

/** Whether the gateway runs on the emulator, whose files are on this machine. */
async function isDemo(origin: string): Promise<boolean> {
  try {
    const response = await fetch(new URL(`${origin.replace(/\/$/, '')}/api/health`));
    return healthSchema.safeParse(await response.json()).data?.mode === 'demo';
  } catch {
    return false;
  }
}

let demo: DemoGateway | undefined;

async function main(): Promise<void> {
  // An agent may close our stderr as it stops us, while the demo gateway's
  // last lines still flow there: nobody is left to read them, and a failed
  // write must not crash the shutdown that removes the demo's data.
  process.stderr.on('error', () => undefined);
  const env = parseEnv(envSchema, process.env, 'MCP');
  let origin = env.MCP_GATEWAY_URL;
  let credential = env.MCP_ACCESS_KEY;
  if (origin === undefined || credential === undefined) {
    say('no MCP_GATEWAY_URL: starting a demo gateway on the Missive emulator…');
    demo = await startDemoGateway();
    ({ origin, accessKey: credential } = demo);
    say(`demo gateway at ${origin}/#key=${credential}`);
  }
  const server = createMcpServer({
    api: gatewayApi({ origin, credential }),
    version: packageJson.version,
    tools: allTools({
      maxBytes: env.MCP_ATTACHMENT_MAX_BYTES,
      allowPrivate: demo !== undefined || (await isDemo(origin)),
    }),
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

main().catch(async (error: unknown) => {
  say(error instanceof Error ? error.message : String(error));
  await demo?.stop();
  process.exit(1);
});
