import type { Organization, Team, User } from '@crm/shared/missive/people';
import { jsonResponse } from './http';
import type { MissiveRequest } from './missive-stub';

/** The token owner's organizations, users and teams, for pages scoped to an organization. */

/** Not in name order: "Acme" (org-1) is the first by name, the page's default. */
export const testOrganizations: Organization[] = [
  { id: 'org-2', name: 'Beta Corp' },
  { id: 'org-1', name: 'Acme' },
];

export const testUsers: User[] = [
  { id: 'u-ada', me: true, email: 'ada@acme.test', name: 'Ada Lovelace', avatar_url: null },
  { id: 'u-bob', me: false, email: 'bob@acme.test', name: 'Bob Stone', avatar_url: null },
];

export const testTeams: Team[] = [{ id: 'team-billing', name: 'Billing', organization: 'org-1' }];

/** Answers GET /organizations, /users and /teams from the fixtures; null for any other call. */
export function answerDirectory(request: MissiveRequest): Response | null {
  if (request.method !== 'GET') return null;
  if (request.path === '/organizations') return jsonResponse({ organizations: testOrganizations });
  if (request.path === '/users') return jsonResponse({ users: testUsers });
  if (request.path === '/teams') return jsonResponse({ teams: testTeams });
  return null;
}
