import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { hookCreateBody } from '@crm/shared/missive/hooks';
import { missiveMutation } from '@/lib/queries';
import { rememberHook } from '../hooks/use-registered-hooks';

export type HookInput = z.infer<typeof hookCreateBody>['hooks'];

/**
 * Registers a Missive webhook rule; Missive answers with the rule (and, once,
 * its secret). Missive cannot list webhook rules, so the ones registered
 * here are remembered in this browser, to be shown and removed later.
 */
export function useCreateHook() {
  return useMutation({
    ...missiveMutation('createHook', (hooks: HookInput) => ({ body: { hooks } })),
    onSuccess: ({ hooks }) => {
      rememberHook(hooks);
    },
  });
}
