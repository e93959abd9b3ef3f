import { z } from 'zod';
import { hookTypes, type Hook } from '@crm/shared/missive/hooks';
import { createLocalList, useLocalList } from '@/lib/local-list';

/**
 * The webhook rules registered from this browser. Missive has no endpoint
 * that lists rules, so this is the only record the dashboard has of them.
 * The secret is never kept: it belongs in the server's environment.
 */
const registeredHookSchema = z.object({
  id: z.string(),
  type: z.enum(hookTypes),
  url: z.string(),
  description: z.string().nullable(),
  created_at: z.number(),
});
export type RegisteredHook = z.infer<typeof registeredHookSchema>;

const registeredHooks = createLocalList('crm.operations.hooks', registeredHookSchema);

export function useRegisteredHooks(): readonly RegisteredHook[] {
  return useLocalList(registeredHooks);
}

export function rememberHook(hook: Hook): void {
  const kept: RegisteredHook = {
    id: hook.id,
    type: hook.type,
    url: hook.url,
    description: hook.description,
    created_at: hook.created_at,
  };
  registeredHooks.write([kept, ...registeredHooks.read().filter((known) => known.id !== hook.id)]);
}

export function forgetHook(id: string): void {
  registeredHooks.write(registeredHooks.read().filter((known) => known.id !== id));
}
