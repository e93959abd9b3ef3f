import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { errorEnvelopeSchema } from '@crm/shared/errors';
import type { GatewayReply } from './gateway-api';

/**
 * What a tool answers. Compact JSON (no indentation: an agent's context is
 * its budget), and errors as tool errors an agent can act on: the gateway's
 * own message, the details of a validation or a conflict, and when a busy
 * gateway says to come back.
 */

export function jsonResult(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}

export function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** A refusal from the gateway or Missive, in words. */
export function refusalResult(reply: GatewayReply): CallToolResult {
  const envelope = errorEnvelopeSchema.safeParse(reply.body);
  const message = envelope.success
    ? envelope.data.error.message || `answered ${reply.status}`
    : `answered ${reply.status}`;
  const parts = [`${reply.status} ${envelope.data?.error.code ?? ''}`.trim() + `: ${message}`];
  const retryAfter = reply.headers.get('retry-after');
  if (retryAfter) parts.push(`Retry after ${retryAfter} s.`);
  const details = envelope.data?.error.details;
  if (details !== undefined) parts.push(`Details: ${JSON.stringify(details)}`);
  return errorResult(parts.join(' '));
}

/** The gateway's answer as the tool's result, or its refusal. */
export function replyResult(
  reply: GatewayReply,
  shape: (body: unknown) => unknown = (body) => ({ result: body }),
): CallToolResult {
  if (reply.status >= 400) return refusalResult(reply);
  // A DELETE that Missive answers without a body.
  if (reply.body === null) return jsonResult({ result: { done: true } });
  return jsonResult(shape(reply.body));
}
