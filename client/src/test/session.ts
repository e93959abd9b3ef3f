import type { Person } from '@crm/shared/people';
import { useSessionStore } from '@/stores/session';

/** Signs the app in as `person` with `token`, as `POST /api/session` would have. */
export function signInAs(
  person: Person = { name: 'Test Admin', role: 'admin' },
  token = 'test-token',
): void {
  useSessionStore.getState().setSession({ token, expiresAt: Date.now() + 3_600_000, person });
}

/** Everything this tab's sessionStorage holds, as one string: to show what a secret is not in. */
export function storedText(): string {
  return Array.from({ length: sessionStorage.length }, (_, index) => {
    const name = sessionStorage.key(index) ?? '';
    return `${name}=${sessionStorage.getItem(name) ?? ''}`;
  }).join('\n');
}
