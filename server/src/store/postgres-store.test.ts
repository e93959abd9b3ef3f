import { describe, expect, it } from 'vitest';
import { connectionLost } from './postgres-store';

/**
 * Which failures of a query mean its connection is gone (the gateway answers
 * 503 and destroys the connection) and which are the statement's own (passed
 * on, the connection kept): only an explicit list counts as lost.
 */

const withCode = (code: string, message = `failed with ${code}`) =>
  Object.assign(new Error(message), { code });

describe('connectionLost', () => {
  it.each([
    ['08006', 'connection_failure'],
    ['08003', 'connection_does_not_exist'],
    ['08P01', 'protocol_violation'],
    ['57P01', 'admin_shutdown'],
    ['57P02', 'crash_shutdown'],
    ['57P03', 'cannot_connect_now'],
  ])('counts SQLSTATE %s (%s) as lost', (code) => {
    expect(connectionLost(withCode(code))).toBe(true);
  });

  it.each([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ENOTFOUND',
    'EAI_AGAIN',
  ])('counts a socket error %s as lost', (code) => {
    expect(connectionLost(withCode(code))).toBe(true);
  });

  it.each([
    'Connection terminated',
    'Connection terminated unexpectedly',
    'Client has encountered a connection error and is not queryable',
    'timeout exceeded when trying to connect',
    'Query read timeout',
  ])('counts pg\'s "%s" as lost', (message) => {
    expect(connectionLost(new Error(message))).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a query cancelled by statement_timeout', withCode('57014')],
    ['a syntax error', withCode('42601')],
    ['a serialization failure', withCode('40001')],
    ['an unknown errno', withCode('ENOENT')],
    [
      "the int8 parser's RangeError",
      new RangeError('9223372036854775807 does not fit in a JavaScript number'),
    ],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that only contains a listed one', new Error('Connection terminated by a test')],
    ['something thrown that is not an Error', 'Connection terminated'],
    ['nothing', undefined],
  ])('does not count %s as lost', (_, error) => {
    expect(connectionLost(error)).toBe(false);
  });
});
