import express, { type RequestHandler } from 'express';
import { MAX_PAYLOAD_BYTES } from '@crm/shared/missive/common';
import { HttpError } from './http-error';

/**
 * How deep a JSON body may nest. Missive's deepest bodies (a contact's
 * memberships in a group) nest about six levels; anything far deeper is an
 * attack on the recursion of whatever reads it next (the parser, a schema,
 * a logger), refused before any of them runs.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Throws a 400 when `bytes`, read as JSON, opens more than MAX_JSON_DEPTH
 * arrays or objects at once. One pass over the bytes, brackets inside
 * strings skipped; it does not validate the rest, which the parser does.
 */
export function refuseDeepJson(bytes: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      depth++;
      if (depth > MAX_JSON_DEPTH) {
        throw new HttpError(
          400,
          `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels; no request needs that`,
        );
      }
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      depth--;
    }
  }
}

/**
 * A webhook's signed body as JSON: refused with a 400 when nested too deep
 * (the parser must not crash on it) or not JSON at all. `what` names the
 * body in the message: "the webhook body", "the delivery body".
 */
export function parseSignedJson(bytes: Buffer, what: string): unknown {
  refuseDeepJson(bytes);
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, `${what} is not valid JSON`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** The gateway's JSON body parser: a size limit, and the depth limit checked before parsing. */
export function jsonBody({
  limit = MAX_PAYLOAD_BYTES,
  strict = false,
}: { limit?: number; strict?: boolean } = {}): RequestHandler {
  return express.json({
    limit,
    strict,
    verify: (_req, _res, bytes) => {
      refuseDeepJson(bytes);
    },
  });
}
