import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { harnessPerFile } from '../test/harness-per-file';
import { callJson, callTool, textOf } from '../test/mcp-client';
import {
  downloadAttachment,
  readConversations,
  readDirectory,
  Tour,
  writeEverything,
} from '../test/mcp-tour';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const harness = harnessPerFile({ emulatorLimits: 'concurrent=5,10000/60s' }, async (started) => {
  // The mirror answers directory reads and the context: fill it as the gateway would.
  const { failures } = await started.mirror.sync.runOnce();
  expect(failures).toEqual([]);
});

/** `npm run mcp` as a desktop agent starts it: a child process spoken to on stdin and stdout. */
async function connectOverStdio(env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'desktop agent', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', 'server/src/mcp/stdio.ts'],
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stderr: 'ignore',
    }),
  );
  return client;
}

describe('the MCP server on stdio', () => {
  it('serves a running gateway as the key’s person: every tool called, every write checked and audited under their name', async () => {
    const client = await connectOverStdio({
      MCP_GATEWAY_URL: harness().base,
      MCP_ACCESS_KEY: await harness().keyFor('Desk Bot', 'admin'),
    });
    try {
      const tour = new Tour(harness(), client, 'Desk Bot');
      await readDirectory(tour);
      await readConversations(tour);
      await downloadAttachment(tour);
      await writeEverything(tour);
      expect(await tour.untouched()).toEqual([]);
      const wrong = await callTool(client, 'list_all_missive_contacts', {
        contact_book: { id: 7 },
      });
      expect(wrong.isError).toBe(true);
      expect(textOf(wrong)).toContain('contact_book');
    } finally {
      await client.close();
    }
  });

  it('starts a demo gateway of its own when none is named, and stops it with the client', async () => {
    const client = await connectOverStdio({});
    try {
      const answer = await callJson(client, 'list_all_missive_organizations');
      expect(JSON.stringify(answer.result)).toContain('organizations');
    } finally {
      await client.close();
    }
  }, 120_000);

  it('stops its demo gateway, and removes its data, even when killed outright', async () => {
    const mcp = spawn(process.execPath, ['--import', 'tsx', 'server/src/mcp/stdio.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let said = '';
    const ready = new Promise<{ origin: string; dataDir: string }>((resolve, reject) => {
      mcp.stderr.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        const origin = /demo gateway at (http:\/\/127\.0\.0\.1:\d+)/.exec(said)?.[1];
        const dataDir = /data:\s+(\S+)/.exec(said)?.[1];
        if (origin && dataDir && said.includes('serving')) resolve({ origin, dataDir });
      });
      mcp.once('exit', () => {
        reject(new Error(`npm run mcp stopped before it was ready: ${said}`));
      });
    });
    const { origin, dataDir } = await ready;
    expect((await fetch(`${origin}/api/health`)).ok).toBe(true);
    mcp.kill('SIGKILL');
    // No handler runs in a killed process: the demo notices its stdin close.
    await expect
      .poll(
        async () => {
          const answer = await fetch(`${origin}/api/health`).catch(() => undefined);
          return answer === undefined && !existsSync(dataDir);
        },
        { timeout: 20_000, interval: 200 },
      )
      .toBe(true);
  }, 60_000);

  it('refuses to start with a gateway URL and no key, saying which variable is missing', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/mcp/stdio.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', MCP_GATEWAY_URL: harness().base },
      input: '',
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('MCP_ACCESS_KEY: is required with MCP_GATEWAY_URL');
  });
});
