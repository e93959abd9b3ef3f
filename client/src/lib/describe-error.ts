import type { z } from 'zod';
import { ApiError } from './api-client';

/**
 * One sentence for a failed call that tells the person what happened and
 * what to do about it. Writes show it next to the form that failed, which
 * keeps its content, so "try again" is always a real option.
 */
export function describeError(error: Error): string {
  if (!(error instanceof ApiError)) return error.message;
  const { status, message } = error;
  if (status === 0) return message;
  if (status === 401) return `The access key was not accepted (${message}). Sign in again.`;
  if (status === 403) return `Not allowed: ${message}`;
  if (status === 404) return `Not found, perhaps deleted meanwhile: ${message}`;
  if (status === 409) return `Conflict: ${message}`;
  if (status === 413) return `Too large: ${message}`;
  if (status === 429) return `Rate-limited: ${message}${retryHint(error)}`;
  if (status === 503 && (error.code === 'overloaded' || error.code === 'unavailable')) {
    return `${message}${retryHint(error)}`;
  }
  if (status >= 500) return `Missive is unavailable right now (${status}): ${message}`;
  // 400 and friends carry the validation message naming the field.
  return `Not accepted: ${message}`;
}

/** Seconds until the gateway takes requests again, when the answer said so. */
export function retryAfterSeconds(error: Error): number | null {
  return error instanceof ApiError && error.retryAfter !== undefined ? error.retryAfter : null;
}

function retryHint(error: ApiError): string {
  const seconds = retryAfterSeconds(error);
  return seconds === null ? ' Nothing was lost.' : ` Nothing was lost: try again in ${seconds} s.`;
}

/**
 * A form's own validation failure, in the words of the shared schema, each
 * problem named by its field (`title: must be at most 1000 characters`)
 * rather than by its place in the request body.
 */
export function describeInvalid(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.findLast((key) => typeof key === 'string');
      return field ? `${field.replaceAll('_', ' ')}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
