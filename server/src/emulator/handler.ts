import type { z } from 'zod';
import type { Endpoint, EndpointName } from '@crm/shared/missive/endpoints';
import type { HookType } from '@crm/shared/missive/hooks';
import type { ParsedInput } from '../http/validate';
import type { EmulatorState } from './state';

/** Something happened that a webhook rule of `type` may want to hear about. */
export interface EmulatorEvent {
  type: HookType;
  conversation: string;
  message?: string;
  comment?: string;
}

export interface HandlerContext {
  state: EmulatorState;
  notify: (event: EmulatorEvent) => void;
  reports: { delayMs: number; ttlMs: number };
}

export type Reply<N extends EndpointName> = Endpoint<N>['response'] extends z.ZodType
  ? z.input<Endpoint<N>['response']>
  : null;

export type Handler<N extends EndpointName> = (
  input: ParsedInput<N>,
  ctx: HandlerContext,
) => Reply<N>;

/** One handler per endpoint of the table: a missing one is a type error. */
export type Handlers = { [N in EndpointName]: Handler<N> };
