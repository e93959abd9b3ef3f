import { createHash } from 'node:crypto';

export interface BannerFacts {
  version: string;
  /** What runs behind the gateway: the emulator (demo) or Missive at this address (live). */
  upstream: { mode: 'demo' } | { mode: 'live'; baseUrl: string };
  origin: string;
  accessKey: string;
  /** APP_ACCESS_KEY was set, rather than a key made up for this run. */
  keyConfigured: boolean;
  /** Demo mode: the emulator's address, and the playground is served. */
  emulatorUrl?: string | undefined;
  webhooksEnabled: boolean;
  dataDir: string;
  /** Where the rate budget and the store live, when shared with other instances (see openSharedState). */
  state?: { budget: string; store: string };
}

/** Eight hex digits that tell two keys apart without giving either away. */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * What `npm start` prints once it listens. A configured key is the team's
 * standing secret and never appears: logs are kept, shared and shipped, so
 * the links go without it (the page asks for it) and a fingerprint says
 * which key is in use. A key made up for this run is printed, in the links'
 * fragments, since nobody could sign in otherwise.
 */
export function startupBanner(facts: BannerFacts): string {
  const { origin, accessKey, keyConfigured } = facts;
  const fragment = keyConfigured ? '' : `#key=${encodeURIComponent(accessKey)}`;
  return [
    `Missive CRM ${facts.version} — ${facts.upstream.mode === 'demo' ? 'demo mode (Missive emulator, no token configured)' : `live mode (${facts.upstream.baseUrl})`}`,
    `  dashboard:  ${origin}/${fragment}`,
    `  sidebar:    ${origin}/sidebar${fragment}`,
    ...(facts.emulatorUrl
      ? [`  playground: ${origin}/playground${fragment}`, `  emulator:   ${facts.emulatorUrl}`]
      : []),
    keyConfigured
      ? `  access key: from APP_ACCESS_KEY (fingerprint ${keyFingerprint(accessKey)}); the pages ask for it`
      : `  access key: ${accessKey} (generated for this run; set APP_ACCESS_KEY to keep one)`,
    `  webhooks:   ${origin}/webhooks/missive${facts.webhooksEnabled ? '' : ' (disabled: set MISSIVE_WEBHOOK_SECRET)'}`,
    `  data:       ${facts.dataDir}`,
    ...(facts.state
      ? [`  budget:     ${facts.state.budget}`, `  store:      ${facts.state.store}`]
      : []),
    '',
  ].join('\n');
}
