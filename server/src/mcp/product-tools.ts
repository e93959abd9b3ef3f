import { z } from 'zod';
import { contactChangesSchema } from '@crm/shared/contact-edits';
import { contactSearchQuerySchema } from '@crm/shared/context';
import { idSchema } from '@crm/shared/missive/common';
import { contactSchema, contactsResponse } from '@crm/shared/missive/contacts';
import { sharedLabelsResponse, type SharedLabel } from '@crm/shared/missive/labels';
import type { GatewayApi } from './gateway-api';
import { errorResult, refusalResult, replyResult } from './results';
import { OVERWRITE, READ, type Tool } from './tool';

/**
 * What this product knows that the vendor's tools do not: the sidebar's
 * context, a search across every contact book, a contact edit that loses
 * nothing, and labels changed without posting. All answered from the
 * gateway's mirror where it can.
 */

const conversationIds = z
  .array(idSchema)
  .min(1, 'name at least one conversation')
  .max(50, 'name at most 50 conversations at once');
const labelIds = z.array(idSchema).min(1, 'name at least one label').max(50);

const getConversationContext: Tool = {
  name: 'get_conversation_context',
  title: 'A conversation’s CRM context',
  description:
    'Everything the sidebar shows for a conversation, in one call and usually without spending Missive’s rate budget (answered from the gateway’s mirror): the conversation, its outside participants with their contact records in every book matched by email or phone, their other conversations, its shared labels and tasks. Use it before drafting a reply.',
  input: z.strictObject({ conversation_id: idSchema }),
  annotations: READ,
  run: async (args, { api, signal }) =>
    replyResult(
      await api.request('GET', `/api/context/${encodeURIComponent(String(args.conversation_id))}`, {
        signal,
      }),
      (context) => ({ result: context }),
    ),
};

const searchContacts: Tool = {
  name: 'search_contacts',
  title: 'Search contacts in every book',
  description:
    'Full-text search over the contacts of every contact book (names, emails, phone numbers, companies, notes), best match first, from the gateway’s mirror: no Missive call. query is the text; limit at most 50 (20 by default).',
  input: z.strictObject({
    query: contactSearchQuerySchema.shape.q,
    limit: z.number().int().min(1).max(50).optional(),
  }),
  annotations: READ,
  run: async (args, { api, signal }) =>
    replyResult(
      await api.request('GET', '/api/contacts/search', {
        signal,
        query: {
          q: String(args.query),
          ...(typeof args.limit === 'number' ? { limit: String(args.limit) } : {}),
        },
      }),
    ),
};

const editContact: Tool = {
  name: 'edit_contact',
  title: 'Edit a contact without losing anything',
  description:
    'Changes some fields of a contact and keeps everything else: changes holds only what to change (first_name, last_name, nickname, notes, starred, infos, memberships, …), applied on top of the contact as it is now, so other emails, phones or groups are never dropped. Pass base, the contact as you read it (get_single_missive_contact_by_id), and a field someone else changed since is refused with both versions instead of overwritten; without base, the contact as it is now is the base. Prefer it to update_a_missive_contact_by_id.',
  input: z.strictObject({
    contact_id: idSchema,
    changes: contactChangesSchema,
    base: contactSchema.optional(),
  }),
  annotations: OVERWRITE,
  run: async (args, { api, signal }) => {
    const id = encodeURIComponent(String(args.contact_id));
    let base = contactSchema.optional().parse(args.base);
    if (!base) {
      const current = await api.request('GET', `/api/missive/v1/contacts/${id}`, { signal });
      if (current.status >= 400) return refusalResult(current);
      base = contactsResponse.safeParse(current.body).data?.contacts[0];
      if (!base) return errorResult(`Contact ${String(args.contact_id)} could not be read`);
    }
    return replyResult(
      await api.request('POST', `/api/contacts/${id}/edit`, {
        body: { base, changes: args.changes },
        signal,
      }),
    );
  },
};

/** Every shared label, from the mirror (0 calls once it holds them), to learn their organizations. */
async function allLabels(api: GatewayApi, signal: AbortSignal): Promise<SharedLabel[] | string> {
  const labels: SharedLabel[] = [];
  for (let offset = 0; ; offset += 200) {
    const reply = await api.request('GET', '/api/missive/v1/shared_labels', {
      query: { limit: '200', offset: String(offset) },
      signal,
    });
    const page = sharedLabelsResponse.safeParse(reply.body);
    if (reply.status >= 400 || !page.success)
      return `the shared labels could not be read (${reply.status})`;
    labels.push(...page.data.shared_labels);
    if (page.data.shared_labels.length < 200) return labels;
  }
}

function labelTool(action: 'add' | 'remove'): Tool {
  const field = action === 'add' ? 'add_shared_labels' : 'remove_shared_labels';
  return {
    name: `${action}_labels`,
    title: action === 'add' ? 'Add labels to conversations' : 'Remove labels from conversations',
    description:
      action === 'add'
        ? 'Adds shared labels (label_ids) to conversations (conversation_ids) without posting anything and without reopening them. The labels must belong to one organization (list_all_missive_shared_labels shows them).'
        : 'Removes shared labels (label_ids) from conversations (conversation_ids) without posting anything and without reopening them.',
    input: z.strictObject({ conversation_ids: conversationIds, label_ids: labelIds }),
    annotations: action === 'add' ? { ...OVERWRITE, destructiveHint: false } : OVERWRITE,
    run: async (args, { api, signal }) => {
      const ids = conversationIds.parse(args.conversation_ids);
      const wanted = labelIds.parse(args.label_ids);
      let organization: string | undefined;
      if (action === 'add') {
        // Missive needs the labels' organization to add them.
        const labels = await allLabels(api, signal);
        if (typeof labels === 'string') return errorResult(labels);
        const unknown = wanted.filter((id) => !labels.some((label) => label.id === id));
        if (unknown.length) return errorResult(`No shared label has the id ${unknown.join(', ')}`);
        const organizations = new Set(
          labels.filter((label) => wanted.includes(label.id)).map((label) => label.organization),
        );
        if (organizations.size > 1) {
          return errorResult(
            'These labels belong to different organizations: add them in separate calls',
          );
        }
        [organization] = organizations;
      }
      return replyResult(
        await api.request(
          'PATCH',
          `/api/missive/v1/conversations/${ids.map(encodeURIComponent).join(',')}`,
          {
            signal,
            body: {
              conversations: ids.map((id) => ({
                id,
                [field]: wanted,
                ...(organization ? { organization } : {}),
              })),
            },
          },
        ),
      );
    },
  };
}

export const productTools: readonly Tool[] = [
  getConversationContext,
  searchContacts,
  editContact,
  labelTool('add'),
  labelTool('remove'),
];
