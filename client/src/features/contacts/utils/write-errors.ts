import {
  contactConflictSchema,
  retryDetailsSchema,
  validationDetailsSchema,
  type ContactConflict,
} from '@crm/shared/contact-edits';
import { ApiError } from '@/lib/api-client';
import { retryAfterSeconds } from '@/lib/describe-error';

/** How a failed contact write is told apart: conflict, busy, invalid input, or anything else. */

/**
 * Seconds until retrying is safe: the Retry-After header, or the same figure
 * in the error's details (the contact edit route sends both).
 */
export function retryAfterOf(error: Error): number | null {
  const fromHeader = retryAfterSeconds(error);
  if (fromHeader !== null || !(error instanceof ApiError)) return fromHeader;
  return retryDetailsSchema.safeParse(error.details).data?.retryAfter ?? null;
}

/** The rate-limit or overload message, or null when the failure is something else. */
export function busyMessage(error: Error | null): string | null {
  if (!(error instanceof ApiError) || (error.status !== 429 && error.status !== 503)) return null;
  const seconds = retryAfterOf(error);
  const when = seconds === null ? 'a few seconds' : `${seconds} s`;
  return `Missive is busy — retrying in ${when} is safe. Nothing you entered was lost.`;
}

export function conflictOf(error: Error | null): ContactConflict | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  return contactConflictSchema.safeParse(error.details).data ?? null;
}

/** A 400's problems with paths relative to the changes, as the form knows them. */
export function issuesOf(error: Error): { path: (string | number)[]; message: string }[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  const issues = validationDetailsSchema.safeParse(error.details).data?.issues ?? [];
  return issues.map(({ path, message }) => ({
    path: path[0] === 'changes' ? path.slice(1) : path,
    message,
  }));
}
