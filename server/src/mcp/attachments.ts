import { z } from 'zod';
import { idSchema, type AttachmentFile } from '@crm/shared/missive/common';
import { commentsResponse } from '@crm/shared/missive/conversations';
import { messagesGetResponse } from '@crm/shared/missive/messages';
import type { GatewayApi } from './gateway-api';
import { resolvesPublicly } from './public-address';
import { errorResult, refusalResult } from './results';
import { READ, type Tool } from './tool';

/**
 * `missive_attachments_download`: the file of a message's or a comment's
 * attachment, as an MCP resource. The agent names the message (or the
 * comment) and the attachment, never a URL: the only address fetched is the
 * one Missive gave for that attachment. In live mode that address, and every
 * redirect from it, must be https to a host that resolves publicly, so a
 * file can never point the gateway at its own network (SSRF); in demo mode
 * the emulator's file host is this machine. The size is capped before and
 * while reading, and the fetch carries no credential of any kind.
 */

const MAX_REDIRECTS = 3;
const FETCH_TIMEOUT_MS = 30_000;
/** A comment is found by paging its conversation's comments, 10 at a time. */
const MAX_COMMENT_PAGES = 50;

export interface FileAccess {
  maxBytes: number;
  /** Demo mode: the emulator serves its files over http on loopback. */
  allowPrivate: boolean;
}

class DownloadRefused extends Error {}

async function checkAddress(url: URL, { allowPrivate }: FileAccess): Promise<void> {
  if (allowPrivate) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new DownloadRefused(`${url.protocol} addresses are not fetched`);
    }
    return;
  }
  if (url.protocol !== 'https:') throw new DownloadRefused('only https addresses are fetched');
  if (!(await resolvesPublicly(url.hostname))) {
    throw new DownloadRefused(`${url.hostname} is not a public address`);
  }
}

/** The attachment's bytes, read no further than `maxBytes`. */
async function fetchCapped(
  url: URL,
  access: FileAccess,
  signal: AbortSignal,
): Promise<{ bytes: Buffer; type: string | null }> {
  let target = url;
  for (let hop = 0; ; hop++) {
    await checkAddress(target, access);
    const response = await fetch(target, {
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]),
    });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw new DownloadRefused('the file host redirected too often');
      target = new URL(location, target);
      continue;
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new DownloadRefused(`the file host answered ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > access.maxBytes) {
      await response.body.cancel();
      throw new DownloadRefused(
        `the file is ${declared} bytes, over the ${access.maxBytes}-byte cap`,
      );
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
      if (total > access.maxBytes) {
        await reader.cancel();
        throw new DownloadRefused(`the file is over the ${access.maxBytes}-byte cap`);
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

const input = z
  .strictObject({
    message_id: idSchema.optional(),
    conversation_id: idSchema.optional(),
    comment_id: idSchema.optional(),
    attachment_id: idSchema,
  })
  .superRefine((value, ctx) => {
    const byMessage = value.message_id !== undefined;
    const byComment = value.conversation_id !== undefined || value.comment_id !== undefined;
    if (byMessage === byComment) {
      ctx.addIssue({
        code: 'custom',
        message: 'name either message_id, or conversation_id and comment_id',
      });
    } else if (
      byComment &&
      (value.conversation_id === undefined || value.comment_id === undefined)
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'a comment is named by conversation_id and comment_id',
      });
    }
  });
type Input = z.infer<typeof input>;

/** The files Missive lists for the message or the comment, or why they could not be read. */
async function filesOf(
  api: GatewayApi,
  args: Input,
  signal: AbortSignal,
): Promise<{ files: AttachmentFile[]; owner: string } | ReturnType<typeof errorResult>> {
  if (args.message_id !== undefined) {
    const reply = await api.request(
      'GET',
      `/api/missive/v1/messages/${encodeURIComponent(args.message_id)}`,
      { signal },
    );
    if (reply.status >= 400) return refusalResult(reply);
    const [message] = [messagesGetResponse.safeParse(reply.body).data?.messages ?? []].flat();
    if (!message) return errorResult(`Message ${args.message_id} could not be read`);
    return { files: message.attachments, owner: `Message ${args.message_id}` };
  }
  const conversation = encodeURIComponent(args.conversation_id ?? '');
  let until: string | undefined;
  for (let page = 0; page < MAX_COMMENT_PAGES; page++) {
    const reply = await api.request(
      'GET',
      `/api/missive/v1/conversations/${conversation}/comments`,
      {
        query: { limit: '10', ...(until === undefined ? {} : { until }) },
        signal,
      },
    );
    if (reply.status >= 400) return refusalResult(reply);
    const comments = commentsResponse.safeParse(reply.body).data?.comments ?? [];
    const comment = comments.find((candidate) => candidate.id === args.comment_id);
    if (comment) {
      return {
        files: comment.attachment ? [comment.attachment] : [],
        owner: `Comment ${comment.id}`,
      };
    }
    const oldest = comments.at(-1)?.created_at;
    if (comments.length < 10 || oldest === undefined || String(oldest) === until) break;
    until = String(oldest);
  }
  return errorResult(
    `Conversation ${args.conversation_id ?? ''} has no comment ${args.comment_id ?? ''}`,
  );
}

export function attachmentsTool(access: FileAccess): Tool {
  return {
    name: 'missive_attachments_download',
    title: 'Download an attachment',
    description: `The file of one attachment, as a resource (base64 blob): name the message (message_id) or the comment (conversation_id and comment_id), and attachment_id, one of its attachments' ids. Files over ${access.maxBytes} bytes are refused.`,
    input,
    annotations: READ,
    run: async (raw, { api, signal }) => {
      const args = input.parse(raw);
      const found = await filesOf(api, args, signal);
      if ('content' in found) return found;
      const { files, owner } = found;
      const file = files.find((candidate) => candidate.id === args.attachment_id);
      if (!file) {
        const known = files.map((candidate) => `${candidate.id} (${candidate.filename})`);
        return errorResult(
          `${owner} has no attachment ${args.attachment_id}; ` +
            (known.length ? `its attachments are ${known.join(', ')}` : 'it has no attachments'),
        );
      }
      if (file.size > access.maxBytes) {
        return errorResult(
          `${file.filename} is ${file.size} bytes, over the ${access.maxBytes}-byte cap`,
        );
      }
      if (!URL.canParse(file.url))
        return errorResult(`${file.filename} has no downloadable address`);
      try {
        const { bytes, type } = await fetchCapped(new URL(file.url), access, signal);
        return {
          content: [
            {
              type: 'text',
              text: JSON.stringify({ id: file.id, filename: file.filename, size: bytes.length }),
            },
            {
              type: 'resource',
              resource: {
                uri: `missive-attachment://${encodeURIComponent(file.id)}/${encodeURIComponent(file.filename)}`,
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
