import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { harnessPerFile } from '../test/harness-per-file';
import { callTool, connectOverHttp, textOf } from '../test/mcp-client';

// Live mode: files must be on the public internet; the emulator's are on this machine.
const harness = harnessPerFile({ mode: 'live' });
let client: Client;

beforeAll(async () => {
  client = await connectOverHttp(harness().base, await harness().keyFor('Live Bot'));
});
afterAll(async () => {
  await client.close();
});

describe('attachment downloads in live mode', () => {
  it('refuse a file Missive names on a private or plain-http address, fetching nothing', async () => {
    const message = harness().emulator.state.data.messages.find((m) => m.attachments.length > 0);
    const answer = await callTool(client, 'missive_attachments_download', {
      message_id: message?.id,
      attachment_id: message?.attachments[0]?.id,
    });
    expect(answer.isError).toBe(true);
    expect(textOf(answer)).toContain('could not be downloaded: only https addresses are fetched');
  });
});
