import type { APIRequestContext, Page } from '@playwright/test';
import type { z } from 'zod';
import { contactListResponse, type Contact } from '@crm/shared/missive/contacts';
import { MISSIVE_AS_IS } from './env';
import { expect } from './fixtures';

/** What the dashboard's journeys share: its navigation and the demo's contacts. */

export function dashboardNav(page: Page) {
  return page.getByRole('navigation', { name: 'Dashboard' });
}

export async function goTo(page: Page, view: string) {
  await dashboardNav(page).getByRole('link', { name: view, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: view })).toBeVisible();
}

/** A read of what is in Missive the GatewayApi helper has no method for. */
export async function missive<S extends z.ZodType>(
  request: APIRequestContext,
  accessKey: string,
  path: string,
  schema: S,
): Promise<z.output<S>> {
  const response = await request.get(`${MISSIVE_AS_IS}${path}`, {
    headers: { Authorization: `Bearer ${accessKey}` },
  });
  if (!response.ok()) throw new Error(`GET ${path} answered ${response.status()}`);
  return schema.parse(await response.json());
}

/** The `nth` contact of a book named "First Last", with nothing else in its name. */
export async function plainContact(
  request: APIRequestContext,
  accessKey: string,
  bookId: string,
  nth: number,
): Promise<Contact & { first_name: string; last_name: string }> {
  const { contacts } = await missive(
    request,
    accessKey,
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
