import type { Response } from 'express';
import type { z } from 'zod';
import { describeZodError } from '@crm/shared/errors';

/**
 * Sends an answer after checking it against the schema its route declares:
 * a mismatch is an emulator bug, and says so, rather than a client's puzzle.
 * No schema (or no answer) means 204 with no body.
 */
export function sendChecked(
  res: Response,
  route: string,
  schema: z.ZodType | null,
  reply: unknown,
): void {
  if (schema === null || reply === null) {
    res.status(204).end();
    return;
  }
  const checked = schema.safeParse(reply);
  if (!checked.success) {
    throw new Error(
      `emulator answer to ${route} breaks its schema: ${describeZodError(checked.error)}`,
    );
  }
  res.json(reply);
}
