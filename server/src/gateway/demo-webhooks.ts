import type { GatewayName } from '@crm/shared/people';
import { hookResponse, hookTypes } from '@crm/shared/missive/hooks';
import type { Gateway } from './gateway';

/** Who the audit log names for these writes. */
const SETUP_AGENT: GatewayName = 'demo setup';

/**
 * Demo mode only: asks the emulator, through the gateway like any write, to
 * deliver every rule type to this gateway's webhook receiver, signed with
 * this run's secret — what an administrator sets up once for a live
 * deployment. The emulator forgets its hooks on every start, so they are
 * made on every start. Without them the mirror would learn of a customer
 * writing in only at the sync's next round, and a sidebar opened meanwhile
 * would spend the token reading the conversation live.
 */
export async function subscribeToDemoWebhooks({
  gateway,
  url,
  secret,
}: {
  gateway: Pick<Gateway, 'call'>;
  url: string;
  secret: string;
}): Promise<void> {
  for (const type of hookTypes) {
    const { response } = await gateway.call({
      name: 'createHook',
      params: {},
      query: {},
      body: { hooks: { type, url, secret, description: 'Missive CRM gateway (demo mode)' } },
      agent: SETUP_AGENT,
      lane: 'background',
    });
    if (response.status !== 200 || !hookResponse.safeParse(response.body).success) {
      throw new Error(
        `the demo emulator refused the ${type} webhook (HTTP ${response.status}): the mirror will learn of its changes only from the sync`,
      );
    }
  }
}
