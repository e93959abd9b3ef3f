import { describe, expect, it } from 'vitest';
import { fetchConversationsBody } from '@crm/shared/emulator-control';
import { EmulatorState } from '../state';
import { createSeedData } from '../seed';
import { renderWindowConversation, selectFields } from './window-conversations';

const state = new EmulatorState(createSeedData({ anchor: 1_767_225_600 }));
const conversation = state.data.conversations.find(
  (candidate) =>
    state.of('messages', candidate.id).length > 1 && candidate.shared_labels.length > 0,
);
if (!conversation) throw new Error('the seed has no labelled conversation with replies');
const full = renderWindowConversation(state, conversation);

describe('renderWindowConversation', () => {
  it("gives every field of Missive's iFrame API", () => {
    expect(Object.keys(full).sort()).toEqual(
      [
        'assignees',
        'authors',
        'color',
        'email_addresses',
        'id',
        'labels',
        'latest_message',
        'link',
        'messages',
        'messages_count',
        'phone_numbers',
        'subject',
        'users',
      ].sort(),
    );
    expect(full.messages?.map((message) => message.delivered_at)).toEqual(
      state
        .of('messages', conversation.id)
        .map((message) => message.delivered_at)
        .sort((a, b) => a - b),
    );
    const me = full.users?.find((user) => user.me);
    if (me) expect(me.display_name).toBe(`${me.first_name} ${me.last_name}`);
    for (const label of full.labels ?? []) expect(label).toHaveProperty('parent_id');
  });
});

describe('selectFields', () => {
  it('keeps everything without fields', () => {
    expect(selectFields(full, undefined)).toEqual(full);
  });

  it('keeps only the named fields, and the id', () => {
    expect(selectFields(full, ['subject', 'labels'])).toEqual({
      id: full.id,
      subject: full.subject,
      labels: full.labels,
    });
  });

  it('reaches into objects and arrays with dotted paths, keeping their ids', () => {
    const selected = selectFields(full, ['latest_message.from_field', 'messages.delivered_at']);
    expect(selected.latest_message).toEqual({
      id: full.latest_message?.id,
      from_field: full.latest_message?.from_field,
    });
    expect(selected.messages).toEqual(
      full.messages?.map(({ id, delivered_at }) => ({ id, delivered_at })),
    );
  });

  it('leaves out fields named with !', () => {
    const selected = selectFields(full, ['!messages', '!latest_message.body']);
    expect(selected).not.toHaveProperty('messages');
    expect(selected.latest_message).not.toHaveProperty('body');
    expect(selected.latest_message?.subject).toBe(full.latest_message?.subject);
    expect(selected.authors).toEqual(full.authors);
  });

  it('is refused for a field Missive does not give', () => {
    const parsed = fetchConversationsBody.safeParse({
      ids: [full.id],
      fields: ['latest_message.mood'],
    });
    expect(parsed.error?.issues[0]?.message).toMatch(/unknown message field "mood"/);
  });
});
