import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery, DeliveryStatus } from '@crm/shared/integrations';
import { invalidateForEvent } from '@/lib/queries';
import { useSessionStore } from '@/stores/session';
import { jsonResponse } from '@/test/http';
import { stubMissive } from '@/test/missive-stub';
import { renderPage } from '@/test/render-page';
import { signInAs } from '@/test/session';
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

/** A dead letter whose last try reached Missive without an answer, in the gateway's words. */
const unknownFate = delivery(9, {
  provider: 'acme-ci',
  summary: 'pipeline 42 failed',
  status: 'dead',
  attempts: 3,
  lastError:
    'Missive did not answer in time: the post may or may not have been made (conversation unknown)',
  postId: null,
  conversationId: null,
  sentAt: null,
});

/**
 * The gateway's deliveries, changing as it is asked: newest first, a page
 * of `limit` older than `before`; a retry (admins only) queues the dead
 * one again. Counts are taken over everything, as the gateway's are.
 */
function stubDeliveries(initial: Delivery[], { role }: { role: 'admin' | 'agent' }) {
  let deliveries = initial;
  const stub = stubMissive(({ method, path, query }) => {
    if (path === '/api/me') return jsonResponse({ person: { name: 'Ana', role } });
    if (method === 'GET' && path === '/api/integrations/deliveries') {
      const status = query.get('status');
      const before = Number(query.get('before') ?? Infinity);
      const limit = Number(query.get('limit') ?? 50);
      const counts: Record<DeliveryStatus, number> = { queued: 0, sending: 0, sent: 0, dead: 0 };
      for (const item of deliveries) counts[item.status] += 1;
      return jsonResponse({
        deliveries: deliveries
          .filter((item) => (status === null || item.status === status) && item.id < before)
          .sort((a, b) => b.id - a.id)
          .slice(0, limit),
        counts,
      });
    }
    const retried = /^\/api\/integrations\/deliveries\/(\d+)\/retry$/.exec(path)?.[1];
    if (method === 'POST' && retried) {
      if (role !== 'admin') {
        return jsonResponse({ error: { message: 'admins only', code: 'forbidden' } }, 403);
      }
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

afterEach(() => {
  useSessionStore.getState().clearSession();
});

describe('IntegrationDeliveries', () => {
  it('shows a dead letter with its error, and Retry queues it again', async () => {
    signInAs({ name: 'Ana', role: 'admin' });
    const gateway = stubDeliveries([dead, delivery(6)], { role: 'admin' });
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
    signInAs({ name: 'Ana', role: 'agent' });
    const gateway = stubDeliveries([dead, delivery(6)], { role: 'agent' });
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
    signInAs({ name: 'Ana', role: 'agent' });
    stubDeliveries([delivery(6)], { role: 'agent' });
    renderPage(<IntegrationDeliveries />, '/operations?deliveries=dead');
    expect(await screen.findByText('None: no delivery is a dead letter.')).toBeInTheDocument();
  });

  it('reads the deliveries again on the live event', async () => {
    signInAs({ name: 'Ana', role: 'agent' });
    const gateway = stubDeliveries([delivery(6)], { role: 'agent' });
    const { queryClient } = renderPage(<IntegrationDeliveries />, '/operations');
    await row('github: issues.opened octo/repo#6');
    const before = gateway.reads();

    gateway.set([dead, delivery(6)]);
    await act(() =>
      invalidateForEvent(queryClient, {
        type: 'integration.delivery',
        delivery: 7,
        status: 'dead',
      }),
    );
    expect(await row('stripe: invoice.payment_failed cus_123')).toBeInTheDocument();
    expect(gateway.reads()).toBe(before + 1);
  });

  it('lists dead letters to an agent without Retry: retrying is for admins', async () => {
    signInAs({ name: 'Ana', role: 'agent' });
    const gateway = stubDeliveries([dead, unknownFate], { role: 'agent' });
    renderPage(<IntegrationDeliveries />, '/operations?deliveries=dead');

    const deadRow = await row('stripe: invoice.payment_failed cus_123');
    expect(await row('acme-ci: pipeline 42 failed')).toBeInTheDocument();
    expect(deadRow).toHaveTextContent('Last error: Missive answered 422');
    expect(screen.queryByRole('button', { name: /Retry/ })).toBeNull();
    expect(screen.getByText(/an admin can retry it/)).toBeInTheDocument();
    expect(gateway.writes()).toEqual([]);
  });

  it('retries a dead letter Missive may already have only after a warning and a second click', async () => {
    signInAs({ name: 'Ana', role: 'admin' });
    const gateway = stubDeliveries([unknownFate, dead], { role: 'admin' });
    renderPage(<IntegrationDeliveries />, '/operations?deliveries=dead');
    const unsure = await row('acme-ci: pipeline 42 failed');

    await userEvent.click(within(unsure).getByRole('button', { name: 'Retry' }));
    const anyway = within(unsure).getByRole('button', { name: 'Retry anyway' });
    expect(anyway).toHaveAccessibleDescription(
      'Missive may already have this post: check the conversation first.',
    );
    expect(gateway.writes()).toEqual([]);
    // The first click leaves the focus on the way out, not on a second post.
    expect(within(unsure).getByRole('button', { name: 'Don’t retry' })).toHaveFocus();

    await userEvent.click(within(unsure).getByRole('button', { name: 'Don’t retry' }));
    expect(within(unsure).queryByRole('button', { name: 'Retry anyway' })).toBeNull();
    expect(within(unsure).queryByText(/Missive may already have this post/)).toBeNull();
    expect(gateway.writes()).toEqual([]);

    await userEvent.click(within(unsure).getByRole('button', { name: 'Retry' }));
    await userEvent.click(within(unsure).getByRole('button', { name: 'Retry anyway' }));
    await waitFor(() => {
      expect(screen.queryByRole('listitem', { name: 'acme-ci: pipeline 42 failed' })).toBeNull();
    });
    expect(gateway.writes().map(({ method, path }) => [method, path])).toEqual([
      ['POST', '/api/integrations/deliveries/9/retry'],
    ]);

    // A dead letter whose post surely was not made is retried at the first click.
    const plain = await row('stripe: invoice.payment_failed cus_123');
    await userEvent.click(within(plain).getByRole('button', { name: 'Retry' }));
    await waitFor(() => {
      expect(gateway.writes()).toHaveLength(2);
    });
    expect(gateway.writes()[1]?.path).toBe('/api/integrations/deliveries/7/retry');
  });

  it('reaches every one of 40 dead letters with Show older, and retries the oldest', async () => {
    signInAs({ name: 'Ana', role: 'admin' });
    const letters = Array.from({ length: 40 }, (_, index) =>
      delivery(index + 1, {
        summary: `letter ${index + 1}`,
        status: 'dead',
        attempts: 8,
        lastError: 'Missive answered 422: organization not found',
        postId: null,
        conversationId: null,
        sentAt: null,
      }),
    );
    const gateway = stubDeliveries([...letters, delivery(41)], { role: 'admin' });
    renderPage(<IntegrationDeliveries />, '/operations?deliveries=dead');
    const panel = await screen.findByRole('region', { name: 'Integration deliveries' });
    const list = () => within(panel).getAllByRole('listitem');

    await row('github: letter 40');
    expect(list()).toHaveLength(25);
    expect(list().at(-1)).toHaveAccessibleName('github: letter 16');
    expect(within(panel).getByText('25 of 40 shown.')).toBeInTheDocument();
    expect(screen.queryByRole('listitem', { name: 'github: letter 1' })).toBeNull();

    await userEvent.click(within(panel).getByRole('button', { name: 'Show older' }));
    const oldest = await row('github: letter 1');
    expect(list()).toHaveLength(40);
    // The older page starts below the last one shown.
    const reads = gateway.requests.filter(({ path }) => path === '/api/integrations/deliveries');
    expect(reads.at(-1)?.query.get('before')).toBe('16');
    expect(reads.at(-1)?.query.get('status')).toBe('dead');
    expect(within(panel).queryByRole('button', { name: 'Show older' })).toBeNull();

    await userEvent.click(within(oldest).getByRole('button', { name: 'Retry' }));
    await waitFor(() => {
      expect(screen.queryByRole('listitem', { name: 'github: letter 1' })).toBeNull();
    });
    expect(gateway.writes().map(({ path }) => path)).toEqual([
      '/api/integrations/deliveries/1/retry',
    ]);
    // Every page was read again: the 39 others are all still there.
    expect(list()).toHaveLength(39);
    expect(count(panel, 'Dead letters')).toBe('39');
  });
});
