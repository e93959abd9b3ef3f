import { describe, expect, it } from 'vitest';
import { keyFingerprint, startupBanner, type BannerFacts } from './startup-banner';

const facts: BannerFacts = {
  version: '1.2.3',
  upstream: { mode: 'demo' },
  origin: 'http://127.0.0.1:3000',
  accessKey: 'team-standing-secret-0123456789',
  keyConfigured: true,
  emulatorUrl: 'http://127.0.0.1:4010/v1',
  webhooksEnabled: true,
  dataDir: '/srv/crm/.data',
};

describe('startupBanner', () => {
  it('never prints a configured key, only its fingerprint, and links without it', () => {
    const banner = startupBanner(facts);
    expect(banner).not.toContain(facts.accessKey);
    expect(banner).not.toContain('#key=');
    expect(banner).toContain(`  dashboard:  http://127.0.0.1:3000/\n`);
    expect(banner).toContain(
      `access key: from APP_ACCESS_KEY (fingerprint ${keyFingerprint(facts.accessKey)})`,
    );
    expect(keyFingerprint(facts.accessKey)).toMatch(/^[0-9a-f]{8}$/);
  });

  it('prints a key made up for this run, in every link, since nobody could sign in otherwise', () => {
    const banner = startupBanner({ ...facts, accessKey: 'made-up/for+run', keyConfigured: false });
    expect(banner).toContain('  dashboard:  http://127.0.0.1:3000/#key=made-up%2Ffor%2Brun');
    expect(banner).toContain(
      '  playground: http://127.0.0.1:3000/playground#key=made-up%2Ffor%2Brun',
    );
    expect(banner).toContain('access key: made-up/for+run (generated for this run');
  });

  it('names live mode’s Missive and says when webhooks are off', () => {
    const banner = startupBanner({
      ...facts,
      upstream: { mode: 'live', baseUrl: 'https://public.missiveapp.com/v1' },
      emulatorUrl: undefined,
      webhooksEnabled: false,
    });
    expect(banner).toMatch(
      /^Missive CRM 1\.2\.3 — live mode \(https:\/\/public\.missiveapp\.com\/v1\)$/m,
    );
    expect(banner).not.toContain('playground');
    expect(banner).toContain('(disabled: set MISSIVE_WEBHOOK_SECRET)');
  });
});

describe('the banner of one of several gateways', () => {
  it('says where the shared budget and store are, passwords masked by the caller', () => {
    const banner = startupBanner({
      ...facts,
      state: {
        budget: 'Redis at redis://:***@cache:6379',
        store: 'PostgreSQL at postgres://crm:***@db:5432/crm',
      },
    });
    expect(banner).toContain('  budget:     Redis at redis://:***@cache:6379\n');
    expect(banner).toContain('  store:      PostgreSQL at postgres://crm:***@db:5432/crm\n');
  });
});
