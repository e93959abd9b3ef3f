import { z } from 'zod';
import type { HostActions } from './host';

/**
 * The messages between the playground page and the sidebar in its iframe.
 * Both come from the same origin, yet any window can post to any other, so
 * a message counts only when it comes from this origin, from the one window
 * expected (the parent, or the sidebar's frame), and matches a schema here;
 * anything else is dropped without a word.
 */

/** The playground loads the sidebar with `?host=playground`. */
export const HOST_PARAM = 'host';
export const PLAYGROUND_HOST = 'playground';

/** Marks our messages apart from others that share the window (dev tools, extensions). */
export const PLAYGROUND_CHANNEL = 'crm-playground';

const requestId = z.string().min(1).max(100);
const recipientSchema = z.object({ address: z.string(), name: z.string().optional() });
const composerDraftSchema = z.object({
  subject: z.string().optional(),
  body: z.string().optional(),
  to_fields: z.array(recipientSchema).optional(),
  cc_fields: z.array(recipientSchema).optional(),
  bcc_fields: z.array(recipientSchema).optional(),
});
const labelIds = z.array(z.string());

/** A composer action, with the arguments its `HostActions` method takes. */
const actionMessageSchema = z.discriminatedUnion('name', [
  z.object({
    type: z.literal('action'),
    name: z.literal('insertText'),
    args: z.tuple([z.string()]),
  }),
  z.object({
    type: z.literal('action'),
    name: z.literal('insertHtml'),
    args: z.tuple([z.string()]),
  }),
  z.object({
    type: z.literal('action'),
    name: z.literal('reply'),
    args: z.tuple([composerDraftSchema]),
  }),
  z.object({ type: z.literal('action'), name: z.literal('addLabels'), args: z.tuple([labelIds]) }),
  z.object({
    type: z.literal('action'),
    name: z.literal('removeLabels'),
    args: z.tuple([labelIds]),
  }),
  z.object({ type: z.literal('action'), name: z.literal('comment'), args: z.tuple([z.string()]) }),
]);
export type ActionMessage = z.infer<typeof actionMessageSchema>;

// Compiles only while every HostActions method has a message above.
type MissingActions = Exclude<keyof HostActions, ActionMessage['name']>;
const _everyActionCrosses: [MissingActions] extends [never] ? true : false = true;

/** Sidebar → playground. */
export const sidebarMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('storeGet'), requestId, key: z.string() }),
  z.object({ type: z.literal('storeSet'), requestId, key: z.string(), value: z.string() }),
  z.object({ type: z.literal('openConversation'), id: z.string().min(1) }),
  z.object({
    type: z.literal('fetchConversations'),
    requestId,
    ids: z.array(z.string().min(1)).max(100),
  }),
  actionMessageSchema,
]);
export type SidebarMessage = z.infer<typeof sidebarMessageSchema>;

/** Playground → sidebar. */
export const playgroundMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('selection'), ids: z.array(z.string()) }),
  z.object({ type: z.literal('storeGetResult'), requestId, value: z.string().nullable() }),
  z.object({ type: z.literal('storeSetResult'), requestId }),
  // Checked item by item on arrival (host-conversations.ts), as Missive's answer is.
  z.object({
    type: z.literal('fetchConversationsResult'),
    requestId,
    conversations: z.array(z.unknown()),
  }),
]);
export type PlaygroundMessage = z.infer<typeof playgroundMessageSchema>;

function envelope<S extends z.ZodType>(message: S) {
  return z.object({ channel: z.literal(PLAYGROUND_CHANNEL), message });
}
const sidebarEnvelope = envelope(sidebarMessageSchema);
const playgroundEnvelope = envelope(playgroundMessageSchema);

/** The message the sidebar's frame sent, or null when it is not one to trust. */
export function readSidebarMessage(
  event: MessageEvent,
  sidebar: Window | null | undefined,
): SidebarMessage | null {
  return read(event, sidebar, sidebarEnvelope)?.message ?? null;
}

/** The message the playground (the parent window) sent, or null when it is not one to trust. */
export function readPlaygroundMessage(
  event: MessageEvent,
  parent: Window,
): PlaygroundMessage | null {
  return read(event, parent, playgroundEnvelope)?.message ?? null;
}

export function postToPlayground(parent: Window, message: SidebarMessage): void {
  parent.postMessage({ channel: PLAYGROUND_CHANNEL, message }, window.location.origin);
}

export function postToSidebar(sidebar: Window, message: PlaygroundMessage): void {
  // The target origin makes the browser drop the message if the frame has
  // navigated somewhere else meanwhile.
  sidebar.postMessage({ channel: PLAYGROUND_CHANNEL, message }, window.location.origin);
}

/** Performs a composer action that crossed the frame with the host's own actions. */
export function performAction(actions: HostActions, action: ActionMessage): void {
  switch (action.name) {
    case 'insertText':
      actions.insertText(...action.args);
      return;
    case 'insertHtml':
      actions.insertHtml(...action.args);
      return;
    case 'reply':
      actions.reply(...action.args);
      return;
    case 'addLabels':
      actions.addLabels(...action.args);
      return;
    case 'removeLabels':
      actions.removeLabels(...action.args);
      return;
    case 'comment':
      actions.comment(...action.args);
      return;
  }
}

function read<S extends z.ZodType>(
  event: MessageEvent,
  expected: Window | null | undefined,
  schema: S,
): z.output<S> | null {
  if (event.origin !== window.location.origin) return null;
  if (!expected || event.source !== expected) return null;
  const parsed = schema.safeParse(event.data);
  return parsed.success ? parsed.data : null;
}
