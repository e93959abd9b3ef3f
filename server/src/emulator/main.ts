import { readEmulatorEnv } from './config';
import { CUSTOM_CHANNEL_ACCOUNT } from './handlers/content';
import { startEmulator } from './serve';

/** `npm run emulator`: the Missive API emulator alone, for any Missive client. */
async function main(): Promise<void> {
  const env = readEmulatorEnv(process.env);
  const emulator = await startEmulator(env);
  const limits = env.EMULATOR_RATE_LIMITS;
  const { contacts, conversations } = emulator.state.data;
  const activity = env.EMULATOR_ACTIVITY;
  process.stdout.write(
    [
      `Missive API emulator listening on ${emulator.baseUrl}`,
      `  token:       ${env.EMULATOR_TOKEN}   (Authorization: Bearer <token>)`,
      `  limits:      ${limits.concurrent} concurrent, ${limits.windows.map((w) => `${w.limit}/${w.windowMs / 1000}s`).join(', ')}`,
      `  seed:        ${env.EMULATOR_SEED} at scale ${env.EMULATOR_SCALE}: ${contacts.length} contacts, ${conversations.length} conversations`,
      `  activity:    ${activity === null ? 'off' : `a change every ${activity / 1000} s`}`,
      `  control:     ${emulator.controlUrl} (same token, no rate limits)`,
      `  custom channel account: ${CUSTOM_CHANNEL_ACCOUNT}`,
      `  try: curl -H "Authorization: Bearer ${env.EMULATOR_TOKEN}" "${emulator.baseUrl}/conversations?inbox=true&limit=3"`,
      '',
    ].join('\n'),
  );
  const shutdown = () => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
