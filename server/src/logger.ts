import { pino } from 'pino';

/**
 * Structured logs for operators. Credentials never reach a log line: the
 * paths where a request's secrets could appear are redacted, and the Missive
 * token is held only by the client, which never logs it.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  redact: {
    paths: ['req.headers.authorization', 'req.query.token', 'headers.authorization'],
    censor: '[redacted]',
  },
});
