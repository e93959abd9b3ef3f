import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('the sync settings', () => {
  it('default to a fifth of the budget and a round a minute', () => {
    const config = readConfig({});
    expect(config).toMatchObject({ SYNC_BUDGET_SHARE: 0.2, SYNC_INTERVAL_S: 60 });
    expect(config.PHONE_DEFAULT_REGION).toBeUndefined();
  });

  it('read a share, an interval and a region', () => {
    expect(
      readConfig({ SYNC_BUDGET_SHARE: '0.1', SYNC_INTERVAL_S: '30', PHONE_DEFAULT_REGION: 'ca' }),
    ).toMatchObject({ SYNC_BUDGET_SHARE: 0.1, SYNC_INTERVAL_S: 30, PHONE_DEFAULT_REGION: 'CA' });
  });

  it.each([
    [{ SYNC_BUDGET_SHARE: '0' }, 'SYNC_BUDGET_SHARE'],
    [{ SYNC_BUDGET_SHARE: 'lots' }, 'SYNC_BUDGET_SHARE'],
    [{ SYNC_BUDGET_SHARE: '0.5' }, 'must not exceed GATEWAY_BACKGROUND_SHARE (0.3)'],
    [{ SYNC_INTERVAL_S: '1' }, 'SYNC_INTERVAL_S'],
    [{ SYNC_INTERVAL_S: '2.5' }, 'SYNC_INTERVAL_S'],
    [{ PHONE_DEFAULT_REGION: 'Canada' }, 'two-letter country code'],
    [{ OWN_ADDRESSES: 'sales@acme.io, front desk' }, '"front desk" is neither an email address'],
    // Without a region a national number cannot be placed.
    [{ OWN_ADDRESSES: '514 555 0100' }, 'OWN_ADDRESSES'],
  ])('refuse %o, naming the field', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });

  it('read the team’s own addresses: emails lower-cased, numbers in E.164 in the region', () => {
    expect(
      readConfig({
        OWN_ADDRESSES: ' Sales@Acme.io ,, (514) 555-0199, +33 1 23 45 67 89 ',
        PHONE_DEFAULT_REGION: 'CA',
      }).OWN_ADDRESSES,
    ).toEqual({ emails: ['sales@acme.io'], phones: ['+15145550199', '+33123456789'] });
    expect(readConfig({}).OWN_ADDRESSES).toEqual({ emails: [], phones: [] });
  });

  it('let the sync use the whole background share when that share is raised', () => {
    expect(
      readConfig({ SYNC_BUDGET_SHARE: '0.5', GATEWAY_BACKGROUND_SHARE: '0.5' }).SYNC_BUDGET_SHARE,
    ).toBe(0.5);
  });
});

describe('the shutdown grace', () => {
  it('outlasts the wait for Missive (20 s) by default, and can be set', () => {
    expect(readConfig({}).SHUTDOWN_GRACE_MS).toBe(25_000);
    expect(readConfig({ SHUTDOWN_GRACE_MS: '40000' }).SHUTDOWN_GRACE_MS).toBe(40_000);
  });

  it.each(['-1', 'soon', '1.5'])('refuses %s, naming the field', (value) => {
    expect(() => readConfig({ SHUTDOWN_GRACE_MS: value })).toThrow('SHUTDOWN_GRACE_MS');
  });
});

describe('the AI agents’ settings', () => {
  it('give agents a quarter of the budget and 10 MiB attachments by default, and can be set', () => {
    expect(readConfig({})).toMatchObject({
      AGENT_BUDGET_SHARE: 0.25,
      MCP_ATTACHMENT_MAX_BYTES: 10 * 1024 * 1024,
    });
    expect(readConfig({ AGENT_BUDGET_SHARE: '0.1' }).AGENT_BUDGET_SHARE).toBe(0.1);
  });

  it.each([
    [{ AGENT_BUDGET_SHARE: '0' }, 'AGENT_BUDGET_SHARE'],
    [{ AGENT_BUDGET_SHARE: '1.5' }, 'AGENT_BUDGET_SHARE'],
    [{ MCP_ATTACHMENT_MAX_BYTES: 'big' }, 'MCP_ATTACHMENT_MAX_BYTES'],
  ])('refuse %o, naming the field', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});

describe('the shared-state settings (several gateways on one token)', () => {
  const cluster = {
    REDIS_URL: 'redis://:secret@127.0.0.1:6379',
    DATABASE_URL: 'postgres://crm@127.0.0.1:5432/crm',
    MISSIVE_API_TOKEN: 'missive-token-0123',
    APP_ACCESS_KEY: 'an-access-key-of-16',
    INTEGRATION_SECRETS_KEY: 'ab'.repeat(32),
  };

  it('are off by default: one gateway, in process and SQLite', () => {
    const config = readConfig({});
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config).toMatchObject({ REDIS_PREFIX: 'missive-crm', REDIS_SLOT_LEASE_MS: 10_000 });
  });

  it('read Redis and PostgreSQL together', () => {
    expect(
      readConfig({ ...cluster, REDIS_PREFIX: 'acme', REDIS_SLOT_LEASE_MS: '2000' }),
    ).toMatchObject({
      REDIS_URL: cluster.REDIS_URL,
      DATABASE_URL: cluster.DATABASE_URL,
      REDIS_PREFIX: 'acme',
      REDIS_SLOT_LEASE_MS: 2000,
    });
  });

  it('allow PostgreSQL alone: one gateway whose store is PostgreSQL', () => {
    expect(readConfig({ DATABASE_URL: 'postgresql://db/crm' }).DATABASE_URL).toBe(
      'postgresql://db/crm',
    );
  });

  it.each([
    [
      { ...cluster, REDIS_URL: 'http://127.0.0.1:6379' },
      'REDIS_URL: must be a redis:// or rediss:// URL',
    ],
    [
      { ...cluster, DATABASE_URL: 'mysql://db/crm' },
      'DATABASE_URL: must be a postgres:// or postgresql:// URL',
    ],
    [
      { ...cluster, DATABASE_URL: '' },
      'DATABASE_URL: is required with REDIS_URL: the instances must share one store',
    ],
    [{ ...cluster, MISSIVE_API_TOKEN: '' }, 'MISSIVE_API_TOKEN: is required with REDIS_URL'],
    [
      { ...cluster, INTEGRATION_SECRETS_KEY: '' },
      'INTEGRATION_SECRETS_KEY: is required with REDIS_URL',
    ],
    [{ ...cluster, REDIS_PREFIX: 'a b' }, 'REDIS_PREFIX'],
    [{ ...cluster, REDIS_SLOT_LEASE_MS: '100' }, 'REDIS_SLOT_LEASE_MS: must be at least 500 ms'],
  ])('refuse %o, naming the field', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });
});
