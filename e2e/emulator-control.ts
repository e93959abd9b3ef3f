import type { APIRequestContext } from '@playwright/test';
import {
  controlRoutes,
  type ControlBody,
  type ControlRouteDef,
} from '@crm/shared/emulator-control';
import { E2E_EMULATOR_CONTROL_URL, E2E_EMULATOR_TOKEN } from './env';

/**
 * Missive's own window, played by the demo emulator's control surface: what
 * a customer or a colleague does there (writes in, edits a contact), which
 * the gateway learns only as it would from Missive: by its sync or a webhook.
 */
export class EmulatorControl {
  constructor(private readonly request: APIRequestContext) {}

  /** A customer writes in; answers the conversation the message landed in. */
  async receiveMessage(message: ControlBody<'receiveMessage'>): Promise<string> {
    const route = controlRoutes.receiveMessage;
    const { messages } = route.response.parse(await this.send(route, {}, message));
    if (!messages.conversation) throw new Error('the emulator filed the message nowhere');
    return messages.conversation.id;
  }

  /** A colleague edits a contact in Missive. */
  async editContact(id: string, changes: ControlBody<'editContact'>): Promise<void> {
    const route = controlRoutes.editContact;
    route.response.parse(await this.send(route, { id }, changes));
  }

  private async send(
    route: ControlRouteDef,
    params: Record<string, string>,
    body: unknown,
  ): Promise<unknown> {
    const path = route.path.replace(/:(\w+)/g, (_, key: string) =>
      encodeURIComponent(params[key] ?? ''),
    );
    const response = await this.request.fetch(`${E2E_EMULATOR_CONTROL_URL}${path}`, {
      method: route.method,
      headers: { Authorization: `Bearer ${E2E_EMULATOR_TOKEN}` },
      data: body,
    });
    if (!response.ok()) {
      throw new Error(
        `${route.method} ${path} answered ${response.status()}: ${await response.text()}`,
      );
    }
    return response.json();
  }
}
