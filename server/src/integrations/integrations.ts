import type { Delivery } from '@crm/shared/integrations';
import type { EventHub } from '../events/event-hub';
import type { Gateway } from '../gateway/gateway';
import type { MirrorReader } from '../mirror/mirror-reader';
import type { IntegrationStore } from '../store/integration-store';
import { DeliveryQueue, type Backoff } from './delivery-queue';
import { Receiver } from './receive';
import { IntegrationRegistry, type RegistryOptions } from './registry';
import type { SecretBox } from './secret-box';

/** The inbound integrations, assembled: what the routes and the shutdown need. */
export interface Integrations {
  registry: IntegrationRegistry;
  receiver: Receiver;
  queue: DeliveryQueue;
  store: IntegrationStore;
  /** A delivery was queued (received, or retried from the dead-letter list): Operations hears of it, the worker looks. */
  queued: (delivery: Delivery) => void;
}

export interface IntegrationsOptions {
  store: IntegrationStore;
  box: SecretBox;
  environment: RegistryOptions['environment'];
  gateway: Pick<Gateway, 'call'>;
  mirror: Pick<MirrorReader, 'conversationsWith'>;
  hub: Pick<EventHub, 'publish'>;
  backoff?: Backoff;
  onError: (error: unknown) => void;
}

export function createIntegrations(options: IntegrationsOptions): Integrations {
  const announce = (delivery: Delivery) => {
    options.hub.publish({
      type: 'integration.delivery',
      delivery: delivery.id,
      status: delivery.status,
    });
    // No Missive webhook announces a post, so the sidebars and threads
    // showing its conversation hear of it from here.
    if (delivery.status === 'sent' && delivery.conversationId !== null) {
      options.hub.publish({
        type: 'conversation.changed',
        conversation: delivery.conversationId,
        ruleType: null,
      });
    }
  };
  const registry = new IntegrationRegistry({
    store: options.store,
    box: options.box,
    environment: options.environment,
  });
  const queue = new DeliveryQueue({
    store: options.store,
    gateway: options.gateway,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    onSettled: announce,
    onError: options.onError,
  });
  const queued = (delivery: Delivery) => {
    announce(delivery);
    queue.wake();
  };
  const receiver = new Receiver({
    registry,
    store: options.store,
    // The mirror only: a delivery is answered without calling Missive.
    conversationByEmail: async (email) =>
      (await options.mirror.conversationsWith({ emails: [email] }, { limit: 1 }))[0]?.record.id,
    onQueued: queued,
  });
  return { registry, receiver, queue, store: options.store, queued };
}
