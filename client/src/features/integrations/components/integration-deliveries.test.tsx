import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Delivery, DeliveryStatus } from '@crm/shared/integrations';
import { invalidateFor } from '../../../lib/live-events';
import { useSessionStore } from '../../../stores/session';
import { jsonResponse } from '../../../test/http';
import { stubMissive } from '../../../test/missive-stub';
import { renderPage } from '../../../test/render-page';
import { signInAs } from '../../../test/session';
import { IntegrationDeliveries } from './integration-deliveries';

function delivery(id: number, overrides: Partial<Delivery> = {}): Delivery {
  return {
    id,
    provider: 'github',
    eventId: `evt-${id}`,
    summary: `issues.opened octo/repo#${id}`,
    receivedAt: Date.UTC(2026, 0, 6, 9, id),
    status: 'sent',
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
    postId: `post-${id}`,
    conversationId: `conv-${id}`,
    sentAt: Date.UTC(2026, 0, 6, 9, id, 5),
    ...overrides,
  };
}

const dead = delivery(7, {
  provider: 'stripe',
  summary: 'invoice.payment_failed cus_123',
  status: 'dead',
  attempts: 8,
  lastError: 'Missive answered 422: organization not found',
  postId: null,
  conversationId: null,
  sentAt: null,
});

/**
 * The gateway's deliveries, changing as it is asked: a retry queues the
 * dead one again. Counts are taken over everything, as the gateway's are.
 */
function stubDeliveries(initial: Delivery[]) {
  let deliveries = initial;
  const stub = stubMissive(({ method, path, query }) => {
    if (method === 'GET' && path === '/api/integrations/deliveries') {
      const status = query.get('status');
      const counts: Record<DeliveryStatus, number> = { queued: 0, sending: 0, sent: 0, dead: 0 };
      for (const item of deliveries) counts[item.status] += 1;
      return jsonResponse({
        deliveries: deliveries.filter((item) => status === null || item.status === status),
        counts,
      });
    }
    const retried = /^\/api\/integrations\/deliveries\/(\d+)\/retry$/.exec(path)?.[1];
    if (method === 'POST' && retried) {
      const found = deliveries.find((item) => item.id === Number(retried));
      if (found?.status !== 'dead') {
        return jsonResponse({ error: { message: 'not dead', code: 'conflict' } }, 409);
      }
      const queued: Delivery = { ...found, status: 'queued', nextAttemptAt: Date.now() };
      deliveries = deliveries.map((item) => (item.id === queued.id ? queued : item));
      return jsonResponse({ delivery: queued });
    }
    return jsonResponse({ error: { message: `unexpected ${method} ${path}` } }, 500);
  });
  return {
    ...stub,
    /** What the next read answers, as the gateway's worker moved on. */
    set: (next: Delivery[]) => {
      deliveries = next;
    },
    reads: () => stub.requests.filter(({ path }) => path === '/api/integrations/deliveries').length,
  };
}

const row = (name: string) => screen.findByRole('listitem', { name });

/** The count shown for a state ("Dead letters" → "1"). */
const count = (panel: HTMLElement, state: string) =>
  within(panel).getByText(state, { selector: 'dt' }).nextElementSibling?.textContent;

beforeEach(() => {
  signInAs({ name: 'Ana', role: 'agent' });
});

afterEach(() => {
  useSessionStore.getState().clearSession();
});

describe('IntegrationDeliveries', () => {
  it('shows a dead letter with its error, and Retry queues it again', async () => {
    const gateway = stubDeliveries([dead, delivery(6)]);
    renderPage(<IntegrationDeliveries />, '/operations');

    const panel = await screen.findByRole('region', { name: 'Integration deliveries' });
    const deadRow = await row('stripe: invoice.payment_failed cus_123');
    expect(deadRow).toHaveTextContent('Dead letter · 8 attempts');
    expect(deadRow).toHaveTextContent('Last error: Missive answered 422: organization not found');
    expect([count(panel, 'Dead letters'), count(panel, 'Sent'), count(panel, 'Queued')]).toEqual([
      '1',
      '1',
      '0',
    ]);
    // Only a dead letter can be retried.
    const sentRow = await row('github: issues.opened octo/repo#6');
    expect(within(sentRow).queryByRole('button', { name: 'Retry' })).toBeNull();

    await userEvent.click(within(deadRow).getByRole('button', { name: 'Retry' }));
    await waitFor(() => {
      expect(deadRow).toHaveTextContent(/^stripe.*Queued · 8 attempts/);
    });
    expect(within(deadRow).queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(gateway.writes().map(({ method, path }) => [method, path])).toEqual([
      ['POST', '/api/integrations/deliveries/7/retry'],
    ]);
    expect([count(panel, 'Dead letters'), count(panel, 'Queued')]).toEqual(['0', '1']);
  });

  it('keeps only the dead letters when asked, in the URL', async () => {
    const gateway = stubDeliveries([dead, delivery(6)]);
    const { search } = renderPage(<IntegrationDeliveries />, '/operations');
    await row('github: issues.opened octo/repo#6');

    await userEvent.selectOptions(screen.getByLabelText('Show'), 'Dead letters');
    await waitFor(() => {
      expect(
        screen.queryByRole('listitem', { name: 'github: issues.opened octo/repo#6' }),
      ).toBeNull();
    });
    expect(await row('stripe: invoice.payment_failed cus_123')).toBeInTheDocument();
    expect(search()).toEqual({ deliveries: 'dead' });
    expect(gateway.requests.at(-1)?.query.get('status')).toBe('dead');
  });

  it('says when there is no dead letter', async () => {
    stubDeliveries([delivery(6)]);
    renderPage(<IntegrationDeliveries />, '/operations?deliveries=dead');
    expect(await screen.findByText('None: no delivery is a dead letter.')).toBeInTheDocument();
  });

  it('reads the deliveries again on the live event', async () => {
    const gateway = stubDeliveries([delivery(6)]);
    const { queryClient } = renderPage(<IntegrationDeliveries />, '/operations');
    await row('github: issues.opened octo/repo#6');
    const before = gateway.reads();

    gateway.set([dead, delivery(6)]);
    await act(() =>
      invalidateFor(queryClient, { type: 'integration.delivery', delivery: 7, status: 'dead' }),
    );
    expect(await row('stripe: invoice.payment_failed cus_123')).toBeInTheDocument();
    expect(gateway.reads()).toBe(before + 1);
  });
});
