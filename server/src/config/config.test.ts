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
