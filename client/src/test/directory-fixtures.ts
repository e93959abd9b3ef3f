import type { Organization, Team, User } from '@crm/shared/missive/people';
import { jsonResponse } from './http';
import { stubMissive, type MissiveRequest } from './missive-stub';

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

/**
 * Missive down (502) for one list until `recover()`, then answering it
 * empty; the directory answers throughout. For a page's "could not be read,
 * try again" path.
 */
export function stubListOutage(path: string, empty: object): { recover: () => void } {
  let down = true;
  stubMissive((request) => {
    if (request.path === path && down) {
      return jsonResponse({ error: { message: 'Missive is down', code: 'upstream_error' } }, 502);
    }
    if (request.path === path) return jsonResponse(empty);
    return answerDirectory(request) ?? jsonResponse({ error: { message: 'unexpected' } }, 500);
  });
  return {
    recover: () => {
      down = false;
    },
  };
}
