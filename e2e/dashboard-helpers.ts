import type { Page } from '@playwright/test';
import type { Contact } from '@crm/shared/missive/contacts';
import { newContact } from './demo-inbox';
import { expect } from './fixtures';
import type { GatewayApi } from './gateway-api';

/** What the dashboard's journeys share: its navigation and contacts of their own. */

export function dashboardNav(page: Page) {
  return page.getByRole('navigation', { name: 'Dashboard' });
}

export async function goTo(page: Page, view: string) {
  await dashboardNav(page).getByRole('link', { name: view, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
}

/**
 * A contact of the journey's own, made as it starts (see newContact): named
 * "First Last" with nothing else in its name, and a last name no other
 * record has, so the search finds it alone and no other spec, nor an
 * earlier run against the same server, has edited it.
 */
export async function plainContact(
  gateway: GatewayApi,
): Promise<Contact & { first_name: string; last_name: string }> {
  const { contact } = await newContact(gateway);
  const { first_name, last_name } = contact;
  if (!first_name || !last_name) throw new Error(`contact ${contact.id} came back without a name`);
  return { ...contact, first_name, last_name };
}
