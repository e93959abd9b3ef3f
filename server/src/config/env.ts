import { z } from 'zod';
import { describeZodError } from '@crm/shared/errors';

/**
 * Reads the environment through a zod schema once, at start-up, and stops
 * with every bad field named rather than failing later on first use.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv,
  what: string,
): z.output<S> {
  // Empty strings mean "unset": a blank line in .env should not defeat a default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new Error(`${what} configuration is invalid: ${describeZodError(result.error)}`);
  }
  return result.data;
}

export const portSchema = z.coerce.number().int().min(0).max(65_535);
export const millisecondsSchema = z.coerce.number().int().min(0).max(3_600_000);

/** The largest attachment the MCP server hands an AI agent (MCP_ATTACHMENT_MAX_BYTES), gateway and stdio alike. */
export const attachmentMaxBytesSchema = z.coerce
  .number()
  .int('must be a whole number of bytes')
  .min(1)
  .max(100 * 1024 * 1024, 'must be at most 104857600 (100 MiB)')
  .default(10 * 1024 * 1024);
