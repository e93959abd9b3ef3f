import { randomBytes } from 'node:crypto';
import type { Handlers } from '../handler';
import { mustExist, mustFind } from '../lookup';
import { renderHook } from '../views';

export const hookHandlers = {
  createHook({ body: { hooks: input } }, { state }) {
    mustExist(state, 'organizations', input.organization, 'organization');
    const hook = state.insert('hooks', {
      id: state.newId(),
      type: input.type,
      url: input.url,
      description: input.description ?? null,
      organization: input.organization ?? null,
      secret: input.secret ?? randomBytes(24).toString('hex'),
      created_at: state.now(),
      consecutive_failures: 0,
      disabled: false,
    });
    // The secret is shown once, at creation, so the receiver can verify signatures.
    return { hooks: renderHook(hook, { withSecret: true }) };
  },

  deleteHook({ params }, { state }) {
    state.remove('hooks', mustFind(state, 'hooks', params.id).id);
    return null;
  },
} satisfies Partial<Handlers>;
