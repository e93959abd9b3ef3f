import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { hookCreateBody } from '@crm/shared/missive/hooks';
import { callMissive } from '@/lib/api-client';
import { rememberHook } from '../hooks/use-registered-hooks';

export type HookInput = z.infer<typeof hookCreateBody>['hooks'];

/** Registers a Missive webhook rule; Missive answers with the rule (and, once, its secret). */
export async function createHook(input: HookInput) {
  const { hooks } = await callMissive('createHook', { body: { hooks: input } });
  return hooks;
}

/**
 * Missive cannot list webhook rules, so the ones registered here are
 * remembered in this browser, to be shown and removed later.
 */
export function useCreateHook() {
  return useMutation({
    mutationFn: createHook,
    onSuccess: (hook) => {
      rememberHook(hook);
    },
  });
}
