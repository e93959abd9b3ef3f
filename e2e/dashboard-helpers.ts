import type { Page } from '@playwright/test';
import { contactListResponse, type Contact } from '@crm/shared/missive/contacts';
import { expect } from './fixtures';
import type { GatewayApi } from './gateway-api';

/** What the dashboard's journeys share: its navigation and the demo's contacts. */

export function dashboardNav(page: Page) {
  return page.getByRole('navigation', { name: 'Dashboard' });
}

export async function goTo(page: Page, view: string) {
  await dashboardNav(page).getByRole('link', { name: view, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
}

/** The `nth` contact of a book named "First Last", with nothing else in its name. */
export async function plainContact(
  gateway: GatewayApi,
  bookId: string,
  nth: number,
): Promise<Contact & { first_name: string; last_name: string }> {
  const { contacts } = await gateway.read(
    `/contacts?contact_book=${bookId}&limit=20`,
    contactListResponse,
  );
  const plain = contacts.filter(
    (contact): contact is Contact & { first_name: string; last_name: string } =>
      !contact.deleted &&
      Boolean(contact.first_name) &&
      Boolean(contact.last_name) &&
      !contact.prefix &&
      !contact.middle_name &&
      !contact.suffix,
  );
  const found = plain[nth];
  if (!found) throw new Error(`book ${bookId} has no plain contact number ${nth}`);
  return found;
}
