import { z } from 'zod';
import { idSchema, type AttachmentFile } from '@crm/shared/missive/common';
import { messagesGetResponse } from '@crm/shared/missive/messages';
import { errorResult, refusalResult } from './results';
import { READ, type Tool } from './tool';

/**
 * `missive_attachments_download`: an attachment's bytes, as an MCP resource.
 * The agent names a message and one of its attachments, never a URL: the
 * only address fetched is the one Missive gave for that attachment, so the
 * tool cannot be pointed at the gateway's network (SSRF). The file is capped
 * in size before and while it is read, redirects are followed only to
 * https, and the fetch carries no credential of any kind.
 */

const MAX_REDIRECTS = 3;
const FETCH_TIMEOUT_MS = 30_000;

class DownloadRefused extends Error {}

/** The attachment's bytes, read no further than `maxBytes`. */
async function fetchCapped(
  url: URL,
  maxBytes: number,
  signal: AbortSignal,
): Promise<{ bytes: Buffer; type: string | null }> {
  let target = url;
  for (let hop = 0; ; hop++) {
    const response = await fetch(target, {
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]),
    });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, target);
      if (next.protocol !== 'https:' || hop >= MAX_REDIRECTS) {
        throw new DownloadRefused(
          `the file host redirected to ${next.origin}, which is not followed`,
        );
      }
      target = next;
      continue;
    }
    if (!response.ok || !response.body) {
      throw new DownloadRefused(`the file host answered ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > maxBytes) {
      await response.body.cancel();
      throw new DownloadRefused(`the file is ${declared} bytes, over the ${maxBytes}-byte cap`);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = response.body.getReader();
    for (;;) {
      // The DOM typings leave a fetch body's chunks untyped; they are bytes.
      const step: { done: boolean; value?: unknown } = await reader.read();
      if (step.done) break;
      const { value } = step;
      if (!(value instanceof Uint8Array)) throw new DownloadRefused('the file host sent no bytes');
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw new DownloadRefused(`the file is over the ${maxBytes}-byte cap`);
      }
      chunks.push(value);
    }
    return { bytes: Buffer.concat(chunks), type: response.headers.get('content-type') };
  }
}

function mimeOf(file: AttachmentFile, served: string | null): string {
  if (file.media_type && file.sub_type) return `${file.media_type}/${file.sub_type}`;
  return served?.split(';')[0]?.trim() || 'application/octet-stream';
}

export function attachmentsTool({ maxBytes }: { maxBytes: number }): Tool {
  return {
    name: 'missive_attachments_download',
    title: 'Download an attachment',
    description: `The file of one attachment of a message, as a resource (base64 blob): message_id is the message, attachment_id one of its attachments (their ids are in the message's attachments). Files over ${maxBytes} bytes are refused.`,
    input: z.strictObject({ message_id: idSchema, attachment_id: idSchema }),
    annotations: READ,
    run: async (args, { api, signal }) => {
      const messageId = String(args.message_id);
      const reply = await api.request(
        'GET',
        `/api/missive/v1/messages/${encodeURIComponent(messageId)}`,
      );
      if (reply.status >= 400) return refusalResult(reply);
      const parsed = messagesGetResponse.safeParse(reply.body);
      if (!parsed.success) return errorResult(`Message ${messageId} could not be read`);
      const [message] = [parsed.data.messages].flat();
      const files = message?.attachments ?? [];
      const file = files.find((candidate) => candidate.id === args.attachment_id);
      if (!file) {
        const known = files.map((candidate) => `${candidate.id} (${candidate.filename})`);
        return errorResult(
          `Message ${messageId} has no attachment ${String(args.attachment_id)}; ` +
            (known.length ? `its attachments are ${known.join(', ')}` : 'it has no attachments'),
        );
      }
      if (file.size > maxBytes) {
        return errorResult(`${file.filename} is ${file.size} bytes, over the ${maxBytes}-byte cap`);
      }
      const url = URL.canParse(file.url) ? new URL(file.url) : undefined;
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        return errorResult(`${file.filename} has no downloadable address`);
      }
      try {
        const { bytes, type } = await fetchCapped(url, maxBytes, signal);
        return {
          content: [
            {
              type: 'text',
              text: JSON.stringify({ id: file.id, filename: file.filename, size: bytes.length }),
            },
            {
              type: 'resource',
              resource: {
                uri: `missive-attachment://${encodeURIComponent(messageId)}/${encodeURIComponent(file.id)}/${encodeURIComponent(file.filename)}`,
                mimeType: mimeOf(file, type),
                blob: bytes.toString('base64'),
              },
            },
          ],
        };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return errorResult(`${file.filename} could not be downloaded: ${reason}`);
      }
    },
  };
}
