import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessKeyView } from '@crm/shared/people';
import { useSessionStore } from '@/stores/session';
import { jsonResponse } from '@/test/http';
import { stubMissive } from '@/test/missive-stub';
import { renderPage } from '@/test/render-page';
import { signInAs } from '@/test/session';
import { AccessKeysPage } from './access-keys-page';

const ana: AccessKeyView = {
  id: 'a1b2c3d4e5f6',
  name: 'Ana',
  role: 'agent',
  createdAt: Date.UTC(2026, 11, 1, 9),
  createdBy: 'admin',
  lastUsedAt: null,
  revokedAt: null,
};

/** The gateway's /api/keys, holding `keys` and changing them as it is asked. */
function stubKeys(keys: AccessKeyView[]) {
  return stubMissive(({ method, path, body }) => {
    if (path === '/api/me') return jsonResponse({ person: { name: 'admin', role: 'admin' } });
    if (method === 'GET' && path === '/api/keys') return jsonResponse({ keys });
    if (method === 'POST' && path === '/api/keys') {
      const { name, role } = body as { name: string; role: 'admin' | 'agent' };
      if (keys.some((key) => key.name.toLowerCase() === name.toLowerCase() && !key.revokedAt)) {
        return jsonResponse(
          { error: { message: `"${name}" already has a key`, code: 'conflict' } },
          409,
        );
      }
      const made = { ...ana, id: 'f00000000001', name, role };
      keys.push(made);
      return jsonResponse({ key: 'mcrm_f00000000001_secret', accessKey: made }, 201);
    }
    if (method === 'DELETE' && path === `/api/keys/${ana.id}`) {
      const revoked = { ...ana, revokedAt: Date.now() };
      keys.splice(0, 1, revoked);
      return jsonResponse({ accessKey: revoked });
    }
    return jsonResponse({ error: { message: `unexpected ${method} ${path}` } }, 500);
  });
}

afterEach(() => {
  useSessionStore.getState().clearSession();
});

describe('AccessKeysPage', () => {
  it('makes a key, shows it once with the sidebar address, and lists it', async () => {
    signInAs();
    const { writes } = stubKeys([ana]);
    renderPage(<AccessKeysPage />, '/access-keys');

    await userEvent.type(screen.getByLabelText("Person's name"), 'Bo');
    await userEvent.selectOptions(screen.getByLabelText('Role'), 'admin');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));

    const created = await screen.findByRole('region', { name: 'New key for Bo' });
    expect(within(created).getByLabelText('Access key')).toHaveValue('mcrm_f00000000001_secret');
    expect(within(created).getByLabelText('Sidebar address')).toHaveValue(
      `${window.location.origin}/sidebar#key=mcrm_f00000000001_secret`,
    );
    expect(writes().map((request) => request.body)).toEqual([{ name: 'Bo', role: 'admin' }]);
    const table = screen.getByRole('table', { name: 'Keys' });
    expect(await within(table).findByRole('rowheader', { name: 'Bo' })).toBeInTheDocument();
    // The form is empty again for the next person.
    expect(screen.getByLabelText("Person's name")).toHaveValue('');
  });

  it('refuses a name the shared rules refuse before asking the gateway, and says why', async () => {
    signInAs();
    const { writes } = stubKeys([ana]);
    renderPage(<AccessKeysPage />, '/access-keys');
    await userEvent.type(screen.getByLabelText("Person's name"), 'admin');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByText(/is the name of APP_ACCESS_KEY/)).toBeInTheDocument();
    expect(writes()).toEqual([]);
  });

  it('shows the gateway’s refusal of a name already in use', async () => {
    signInAs();
    stubKeys([ana]);
    renderPage(<AccessKeysPage />, '/access-keys');
    await userEvent.type(screen.getByLabelText("Person's name"), 'ana');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('"ana" already has a key');
  });

  it('revokes a key only after a second, explicit click', async () => {
    signInAs();
    const { writes } = stubKeys([ana]);
    renderPage(<AccessKeysPage />, '/access-keys');
    const row = await screen.findByRole('row', { name: /^Ana agent/ });
    expect(row).toHaveTextContent('Never');
    await userEvent.click(within(row).getByRole('button', { name: 'Revoke' }));
    expect(writes()).toEqual([]);
    await userEvent.click(within(row).getByRole('button', { name: "Revoke Ana's key now" }));
    expect(await within(row).findByText(/^Revoked/)).toBeInTheDocument();
    expect(writes().map((request) => [request.method, request.path])).toEqual([
      ['DELETE', `/api/keys/${ana.id}`],
    ]);
  });

  it('tells an agent the page is for admins', () => {
    signInAs({ name: 'Ana', role: 'agent' });
    stubMissive(() => jsonResponse({ person: { name: 'Ana', role: 'agent' } }));
    renderPage(<AccessKeysPage />, '/access-keys');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Only an admin can see and manage access keys.',
    );
    expect(screen.queryByRole('button', { name: 'Create key' })).toBeNull();
  });
});
