import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  integrationSettingsSchema,
  integrationUpdateBody,
  type Integration,
} from '@crm/shared/integrations';
import type { SharedLabel } from '@crm/shared/missive/labels';
import { useSessionStore } from '@/stores/session';
import { answerDirectory } from '@/test/directory-fixtures';
import { jsonResponse } from '@/test/http';
import { stubMissive } from '@/test/missive-stub';
import { renderApp } from '@/test/render-app';
import { renderPage } from '@/test/render-page';
import { signInAs } from '@/test/session';
import { IntegrationsPage } from './integrations-page';

const SECRET = 'a-github-secret-0123456789';

function integration(
  provider: string,
  overrides: Partial<Omit<Integration, 'provider'>> = {},
): Integration {
  return {
    provider,
    kind: provider === 'github' || provider === 'stripe' ? provider : 'generic',
    settings: integrationSettingsSchema.parse({ enabled: false }),
    secret: 'none',
    deliveryPath: `/integrations/${provider}`,
    updatedAt: null,
    updatedBy: null,
    ...overrides,
  };
}

const acmeCi = integration('acme-ci', {
  secret: 'dashboard',
  settings: integrationSettingsSchema.parse({
    enabled: true,
    template: {
      references: '{{pipeline.id}}',
      subject: 'Pipeline {{pipeline.name}}',
      markdown: '**{{pipeline.status}}**',
      eventId: '',
      color: '',
    },
  }),
  updatedAt: Date.UTC(2026, 0, 5, 9),
  updatedBy: 'admin',
});

function label(id: string, path: string): SharedLabel {
  return {
    id,
    name: path.split('/').at(-1) ?? path,
    name_with_parent_names: path,
    color: null,
    organization: 'org-1',
  };
}

const labels = [label('l-urgent', 'Billing/Urgent'), label('l-ci', 'Engineering/CI')];

/**
 * The gateway's /api/integrations as the admin sees it: it keeps what is
 * PUT (the secret as "set in the dashboard", never echoed) and answers the
 * directory and the organization's labels; `refuse` answers a PUT instead.
 */
function stubIntegrations({ refuse }: { refuse?: () => Response } = {}) {
  let list = [integration('github'), integration('stripe', { secret: 'environment' }), acmeCi];
  return stubMissive((request) => {
    const { method, path, body } = request;
    if (path === '/api/me') return jsonResponse({ person: { name: 'admin', role: 'admin' } });
    const directory = answerDirectory(request);
    if (directory) return directory;
    if (path === '/shared_labels') {
      const organization = request.query.get('organization');
      return jsonResponse({
        shared_labels: labels.filter((item) => item.organization === organization),
      });
    }
    if (method === 'GET' && path === '/api/integrations') {
      return jsonResponse({ integrations: list });
    }
    const provider = /^\/api\/integrations\/([a-z0-9-]+)$/.exec(path)?.[1];
    if (method === 'PUT' && provider) {
      if (refuse) return refuse();
      const update = integrationUpdateBody.parse(body);
      const before = list.find((item) => item.provider === provider);
      const saved: Integration = {
        ...(before ?? integration(provider)),
        kind: update.kind,
        settings: update.settings,
        secret: update.secret ? 'dashboard' : (before?.secret ?? 'none'),
        updatedAt: Date.UTC(2026, 0, 6, 12),
        updatedBy: 'admin',
      };
      list = before
        ? list.map((item) => (item.provider === provider ? saved : item))
        : [...list, saved];
      return jsonResponse({ integration: saved });
    }
    if (method === 'DELETE' && provider) {
      list = list.filter((item) => item.provider !== provider);
      return jsonResponse({ ok: true });
    }
    return jsonResponse({ error: { message: `unexpected ${method} ${path}` } }, 500);
  });
}

afterEach(() => {
  useSessionStore.getState().clearSession();
});

describe('IntegrationsPage', () => {
  it('saves GitHub exactly as entered, the secret only when one was typed', async () => {
    signInAs();
    const { writes } = stubIntegrations();
    renderPage(<IntegrationsPage />, '/integrations');

    const github = await screen.findByRole('region', { name: 'GitHub' });
    expect(within(github).getByText('No secret yet', { exact: false })).toBeInTheDocument();
    await userEvent.click(within(github).getByRole('checkbox', { name: 'Enabled' }));
    await userEvent.type(within(github).getByLabelText('Secret'), SECRET);
    await userEvent.selectOptions(within(github).getByLabelText('Organization'), 'Acme');
    // The organization's teams and labels are read once it is chosen.
    await userEvent.selectOptions(
      within(github).getByLabelText('Team'),
      await within(github).findByRole('option', { name: 'Billing' }),
    );
    await userEvent.click(await within(github).findByRole('checkbox', { name: 'Billing/Urgent' }));
    await userEvent.click(
      within(github).getByRole('checkbox', { name: 'Reopen closed conversations' }),
    );
    await userEvent.type(within(github).getByLabelText('Post username'), 'CI bot');
    await userEvent.click(within(github).getByRole('button', { name: 'Save GitHub' }));

    expect(await within(github).findByText('Saved GitHub.')).toBeInTheDocument();
    expect(writes().map(({ method, path, body }) => [method, path, body])).toEqual([
      [
        'PUT',
        '/api/integrations/github',
        {
          kind: 'github',
          settings: {
            enabled: true,
            organization: 'org-1',
            team: 'team-billing',
            labels: ['l-urgent'],
            reopen: true,
            username: 'CI bot',
            icon: '',
            template: null,
          },
          secret: SECRET,
        },
      ],
    ]);
    // The secret typed is gone from the page; the gateway holds it now.
    expect(within(github).getByLabelText('Secret')).toHaveValue('');
    expect(
      await within(github).findByText('Secret set in the dashboard', { exact: false }),
    ).toBeInTheDocument();

    // Saved again without typing one: the stored secret is kept, so none is sent.
    await userEvent.click(within(github).getByRole('checkbox', { name: 'Enabled' }));
    await userEvent.click(within(github).getByRole('button', { name: 'Save GitHub' }));
    await waitFor(() => {
      expect(writes()).toHaveLength(2);
    });
    const second = writes()[1]?.body;
    expect(second).not.toHaveProperty('secret');
    expect(second).toMatchObject({ kind: 'github', settings: { enabled: false } });
  });

  it('gives the absolute delivery URL to copy', async () => {
    signInAs();
    stubIntegrations();
    const user = userEvent.setup();
    renderPage(<IntegrationsPage />, '/integrations');
    const github = await screen.findByRole('region', { name: 'GitHub' });
    const url = `${window.location.origin}/integrations/github`;
    expect(within(github).getByLabelText('Delivery URL')).toHaveValue(url);
    await user.click(within(github).getByRole('button', { name: 'Copy URL' }));
    expect(await within(github).findByText('Copied.')).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe(url);
  });

  it('does not let the page edit a secret the environment sets', async () => {
    signInAs();
    stubIntegrations();
    renderPage(<IntegrationsPage />, '/integrations');
    const stripe = await screen.findByRole('region', { name: 'Stripe' });
    const secret = within(stripe).getByLabelText('Secret');
    expect(secret).toBeDisabled();
    expect(secret).toHaveAccessibleDescription(
      'Secret from the environment (STRIPE_WEBHOOK_SECRET): change it there.',
    );
  });

  it('refuses a generic template without references, in the shared schema’s words', async () => {
    signInAs();
    const { writes } = stubIntegrations();
    renderPage(<IntegrationsPage />, '/integrations');
    const acme = await screen.findByRole('region', { name: 'acme-ci' });
    expect(within(acme).getByLabelText('Markdown')).toHaveValue('**{{pipeline.status}}**');
    await userEvent.clear(within(acme).getByLabelText('References'));
    await userEvent.click(within(acme).getByRole('button', { name: 'Save acme-ci' }));
    expect(within(acme).getByLabelText('References')).toHaveAccessibleDescription(
      expect.stringContaining('must not be empty: it decides the conversation'),
    );
    expect(within(acme).getByLabelText('References')).toHaveAttribute('aria-invalid', 'true');
    expect(writes()).toEqual([]);
  });

  it('adds a generic webhook, created on its first save with its template', async () => {
    signInAs();
    const { writes } = stubIntegrations();
    renderPage(<IntegrationsPage />, '/integrations');
    const add = await screen.findByRole('region', { name: 'Add a generic webhook' });

    await userEvent.type(within(add).getByLabelText('Name'), 'Not A Slug');
    await userEvent.click(within(add).getByRole('button', { name: 'Add webhook' }));
    expect(await within(add).findByText(/must be 1 to 40 lower-case letters/)).toBeInTheDocument();
    await userEvent.clear(within(add).getByLabelText('Name'));
    await userEvent.type(within(add).getByLabelText('Name'), 'acme-ci');
    await userEvent.click(within(add).getByRole('button', { name: 'Add webhook' }));
    expect(await within(add).findByText('“acme-ci” is already an integration.')).toBeVisible();

    await userEvent.clear(within(add).getByLabelText('Name'));
    await userEvent.type(within(add).getByLabelText('Name'), 'shop-orders');
    await userEvent.click(within(add).getByRole('button', { name: 'Add webhook' }));
    const shop = await screen.findByRole('region', { name: 'shop-orders' });
    expect(within(shop).getByText('Not saved yet')).toBeInTheDocument();
    expect(within(add).getByLabelText('Name')).toHaveValue('');
    expect(writes()).toEqual([]);

    await userEvent.type(within(shop).getByLabelText('Secret'), 'shop-secret-0123456789');
    await userEvent.type(within(shop).getByLabelText('References'), 'order-{{{{order.id}}');
    await userEvent.type(within(shop).getByLabelText('Markdown'), 'Order {{{{order.id}} paid');
    await userEvent.click(within(shop).getByRole('button', { name: 'Save shop-orders' }));

    expect(await within(shop).findByText('Saved shop-orders.')).toBeInTheDocument();
    await waitFor(() => {
      expect(within(shop).queryByText('Not saved yet')).toBeNull();
    });
    expect(writes().map(({ method, path, body }) => [method, path, body])).toEqual([
      [
        'PUT',
        '/api/integrations/shop-orders',
        {
          kind: 'generic',
          settings: {
            enabled: true,
            organization: null,
            team: null,
            labels: [],
            reopen: false,
            username: '',
            icon: '',
            template: {
              references: 'order-{{order.id}}',
              subject: '',
              markdown: 'Order {{order.id}} paid',
              eventId: '',
              color: '',
            },
          },
          secret: 'shop-secret-0123456789',
        },
      ],
    ]);
    expect(within(shop).getByRole('button', { name: 'Delete shop-orders' })).toBeInTheDocument();
  });

  it('shows the gateway’s refusal of a save, keeping what was typed', async () => {
    signInAs();
    stubIntegrations({
      refuse: () =>
        jsonResponse(
          { error: { message: 'team: team-9 is not a team of org-1', code: 'bad_request' } },
          400,
        ),
    });
    renderPage(<IntegrationsPage />, '/integrations');
    const github = await screen.findByRole('region', { name: 'GitHub' });
    await userEvent.type(within(github).getByLabelText('Secret'), SECRET);
    await userEvent.click(within(github).getByRole('button', { name: 'Save GitHub' }));
    expect(await within(github).findByRole('alert')).toHaveTextContent(
      'Not accepted: team: team-9 is not a team of org-1',
    );
    expect(within(github).getByLabelText('Secret')).toHaveValue(SECRET);
  });

  it('deletes a generic provider only after a second, explicit click', async () => {
    signInAs();
    const { writes } = stubIntegrations();
    renderPage(<IntegrationsPage />, '/integrations');
    const acme = await screen.findByRole('region', { name: 'acme-ci' });
    await userEvent.click(within(acme).getByRole('button', { name: 'Delete acme-ci' }));
    expect(writes()).toEqual([]);
    await userEvent.click(within(acme).getByRole('button', { name: 'Delete acme-ci now' }));
    await waitFor(() => {
      expect(screen.queryByRole('region', { name: 'acme-ci' })).toBeNull();
    });
    expect(writes().map(({ method, path }) => [method, path])).toEqual([
      ['DELETE', '/api/integrations/acme-ci'],
    ]);
    // GitHub and Stripe are the gateway's own: they have no delete.
    const github = screen.getByRole('region', { name: 'GitHub' });
    expect(within(github).queryByRole('button', { name: /^Delete/ })).toBeNull();
  });

  it('leaves nothing behind when a generic provider added here is saved, then deleted', async () => {
    signInAs();
    const { writes } = stubIntegrations();
    renderPage(<IntegrationsPage />, '/integrations');
    const add = await screen.findByRole('region', { name: 'Add a generic webhook' });
    await userEvent.type(within(add).getByLabelText('Name'), 'acme');
    await userEvent.click(within(add).getByRole('button', { name: 'Add webhook' }));
    const acme = await screen.findByRole('region', { name: 'acme' });
    await userEvent.type(within(acme).getByLabelText('References'), 'build-{{{{id}}');
    await userEvent.type(within(acme).getByLabelText('Markdown'), 'Build {{{{id}}');
    await userEvent.click(within(acme).getByRole('button', { name: 'Save acme' }));
    expect(await within(acme).findByText('Saved acme.')).toBeInTheDocument();

    await userEvent.click(within(acme).getByRole('button', { name: 'Delete acme' }));
    await userEvent.click(within(acme).getByRole('button', { name: 'Delete acme now' }));
    await waitFor(() => {
      expect(screen.queryByRole('region', { name: 'acme' })).toBeNull();
    });
    // Not back as an unsaved draft, neither now nor after the list is read again.
    expect(screen.queryByText('Not saved yet')).toBeNull();
    expect(writes().map(({ method, path }) => [method, path])).toEqual([
      ['PUT', '/api/integrations/acme'],
      ['DELETE', '/api/integrations/acme'],
    ]);

    // The name is free again, and a new "acme" starts from an empty template.
    await userEvent.type(within(add).getByLabelText('Name'), 'acme');
    await userEvent.click(within(add).getByRole('button', { name: 'Add webhook' }));
    const again = await screen.findByRole('region', { name: 'acme' });
    expect(within(again).getByText('Not saved yet')).toBeInTheDocument();
    expect(within(again).getByLabelText('References')).toHaveValue('');
    expect(within(again).getByLabelText('Markdown')).toHaveValue('');
    await userEvent.click(within(again).getByRole('button', { name: 'Discard acme' }));
    expect(screen.queryByRole('region', { name: 'acme' })).toBeNull();
  });

  it('is neither linked nor shown to an agent, and reads nothing', async () => {
    signInAs({ name: 'Ana', role: 'agent' });
    const { requests } = stubMissive(({ path }) =>
      path === '/api/me'
        ? jsonResponse({ person: { name: 'Ana', role: 'agent' } })
        : jsonResponse({ error: { message: 'admins only', code: 'forbidden' } }, 403),
    );
    renderApp('/integrations');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Only an admin can see and manage integrations.',
    );
    const nav = screen.getByRole('navigation', { name: 'Dashboard' });
    expect(within(nav).getByRole('link', { name: 'Operations' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Integrations' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save GitHub' })).toBeNull();
    expect(requests.some(({ path }) => path.startsWith('/api/integrations'))).toBe(false);
  });

  it('links an admin to the page', async () => {
    signInAs({ name: 'admin', role: 'admin' });
    stubIntegrations();
    renderApp('/integrations');
    const nav = await screen.findByRole('navigation', { name: 'Dashboard' });
    expect(within(nav).getByRole('link', { name: 'Integrations' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(await screen.findByRole('region', { name: 'GitHub' })).toBeInTheDocument();
  });
});
