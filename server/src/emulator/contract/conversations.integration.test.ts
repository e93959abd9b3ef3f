import { beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Conversation } from '@crm/shared/missive/conversations';
import type { EndpointName } from '@crm/shared/missive/endpoints';
import type { SharedLabel } from '@crm/shared/missive/labels';
import type { Message } from '@crm/shared/missive/messages';
import {
  call,
  expectNewestFirst,
  expectRefused,
  first,
  ids,
  only,
  timePage,
  walkByTime,
} from './client';
import {
  activity,
  allContacts,
  allConversations,
  conversationPages,
  findBook,
  findConversation,
  getConversation,
  loadDirectory,
  newConversation,
  userState,
  type Directory,
} from './fixtures';
import { useEmulatorTarget } from './harness';

const emulator = useEmulatorTarget();

let directory: Directory;
let mailboxAll: Conversation[];

beforeAll(async () => {
  directory = await loadDirectory(emulator.target);
  mailboxAll = await allConversations(emulator.target, { all: 'true' });
});

/** The label under another (so its path differs from its name) on the most conversations. */
function nestedLabel(): SharedLabel {
  const uses = (candidate: SharedLabel) =>
    mailboxAll.filter((c) => ids(c.shared_labels).includes(candidate.id)).length;
  const nested = directory.labels
    .filter((candidate) => candidate.parent)
    .sort((a, b) => uses(b) - uses(a));
  return first(nested, 'a nested label');
}

/** A conversation's messages, then its comments, walked to the end with `until`, `limit` at a time. */
async function walkMessages(conversation: string, limit: number): Promise<Message[][]> {
  return walkByTime(
    async (until) =>
      (
        await call(emulator.target, 'listConversationMessages', {
          params: { id: conversation },
          query: timePage(limit, until),
        })
      ).messages,
    (message) => message.delivered_at,
    limit,
  );
}

async function walkComments(conversation: string, limit: number): Promise<Comment[][]> {
  return walkByTime(
    async (until) =>
      (
        await call(emulator.target, 'listConversationComments', {
          params: { id: conversation },
          query: timePage(limit, until),
        })
      ).comments,
    (comment) => comment.created_at,
    limit,
  );
}

/** "+" and digits: how SMS and WhatsApp fields carry a number a contact may write with spaces. */
function phoneHandle(phone: string): string {
  return `+${phone.replace(/\D/g, '')}`;
}

/** Everyone written to or by in a conversation: lower-cased addresses and phone handles. */
async function participants(conversation: string): Promise<Set<string>> {
  const found = new Set<string>();
  for (const message of (await walkMessages(conversation, 10)).flat()) {
    for (const field of [
      message.from_field,
      ...message.to_fields,
      ...message.cc_fields,
      ...message.bcc_fields,
    ]) {
      if (field.address) found.add(field.address.toLowerCase());
      if (field.phone_number) found.add(phoneHandle(field.phone_number));
    }
  }
  return found;
}

function authorAddresses(conversation: Conversation): string[] {
  return conversation.authors.flatMap((author) =>
    author.address ? [author.address.toLowerCase()] : [],
  );
}

async function patch(id: string, changes: Record<string, unknown>): Promise<Conversation> {
  const { conversations } = await call(emulator.target, 'updateConversations', {
    params: { ids: id },
    body: { conversations: [{ id, ...changes }] },
  });
  return only(conversations);
}

async function inMailbox(query: Record<string, string>, id: string): Promise<boolean> {
  return ids(await allConversations(emulator.target, query)).includes(id);
}

describe('listing conversations', () => {
  const MAILBOXES =
    'name a mailbox: one of inbox, all, assigned, closed, snoozed, flagged, trashed, junked, drafts, shared_label, team_inbox, team_closed, team_all';
  const refused: [string, Record<string, string>, string][] = [
    ['no mailbox', {}, `query: ${MAILBOXES}`],
    ['a mailbox set to false', { inbox: 'false' }, MAILBOXES],
    ['two mailboxes', { inbox: 'true', all: 'true' }, 'query: name one mailbox, not inbox and all'],
    ['a limit above 50', { inbox: 'true', limit: '51' }, 'query.limit: must be at most 50'],
    ['a limit of 0', { inbox: 'true', limit: '0' }, 'query.limit: must be at least 1'],
    [
      'email with domain',
      { all: 'true', email: 'a@example.com', domain: 'example.com' },
      'query: email and domain cannot be combined: use one contact filter',
    ],
    [
      'domain with contact_organization',
      { all: 'true', domain: 'example.com', contact_organization: 'x' },
      'query: domain and contact_organization cannot be combined',
    ],
    [
      'a malformed domain',
      { all: 'true', domain: 'not a domain' },
      'query.domain: must be a domain such as "example.com"',
    ],
  ];

  it.each(refused)('refuses %s', async (_what, query, message) => {
    await expectRefused(emulator.target, 'listConversations', { query }, 400, message);
  });

  it('lists the inbox newest first by last_activity_at, 25 by default', async () => {
    const { conversations } = await call(emulator.target, 'listConversations', {
      query: { inbox: 'true' },
    });
    expect(conversations.length).toBeGreaterThanOrEqual(25);
    // Only a tie with the 25th may stretch the page.
    const times = conversations.map(activity);
    for (const time of times.slice(25)) expect(time).toBe(times[24]);
    expectNewestFirst(times);
    for (const conversation of conversations) {
      expect(userState(conversation, directory.me.id)).toMatchObject({
        closed: false,
        trashed: false,
        junked: false,
        archived: false,
        snoozed: false,
      });
    }
  });

  it('walks a whole mailbox with until, with no duplicate and no gap', async () => {
    const pages = await conversationPages(emulator.target, { all: 'true' }, 7);
    const walked = pages.flat();
    expect(pages.length).toBeGreaterThan(10);
    expect(new Set(ids(walked)).size).toBe(walked.length);
    expect(new Set(ids(walked))).toEqual(new Set(ids(mailboxAll)));
    expectNewestFirst(walked.map(activity));
    // `until` excludes: each page is strictly older than the one before it.
    for (let page = 1; page < pages.length; page++) {
      const previousOldest = activity(first(pages[page - 1]?.slice(-1) ?? []));
      for (const conversation of pages[page] ?? [])
        expect(activity(conversation)).toBeLessThan(previousOldest);
    }
  });

  it('grows a page past limit to hold every conversation tied with its last one', async () => {
    const pages = await conversationPages(emulator.target, { all: 'true' }, 2);
    const grown = pages.filter((page) => page.length > 2);
    expect(grown.length, 'the walk should meet tied last_activity_at values').toBeGreaterThan(0);
    for (const page of grown) {
      const tied = page.slice(1).map(activity);
      expect(new Set(tied).size).toBe(1);
    }
    expect(new Set(ids(pages.flat()))).toEqual(new Set(ids(mailboxAll)));
  });

  it('excludes the conversation whose last_activity_at is passed as until', async () => {
    const pivot = mailboxAll[10];
    if (!pivot) throw new Error('the mailbox is too small');
    const { conversations } = await call(emulator.target, 'listConversations', {
      query: { all: 'true', until: String(activity(pivot)), limit: '5' },
    });
    for (const conversation of conversations)
      expect(activity(conversation)).toBeLessThan(activity(pivot));
    expect(ids(conversations)).not.toContain(pivot.id);
  });

  it('lists each mailbox with only the conversations that belong there', async () => {
    const me = directory.me.id;
    const team = first(directory.teams, 'a team');
    const checks: [Record<string, string>, (conversation: Conversation) => boolean][] = [
      [{ closed: 'true' }, (c) => userState(c, me).closed],
      [{ assigned: 'true' }, (c) => ids(c.assignees).includes(me) && !userState(c, me).closed],
      [{ flagged: 'true' }, (c) => userState(c, me).flagged],
      [{ snoozed: 'true' }, (c) => userState(c, me).snoozed],
      [{ trashed: 'true' }, (c) => userState(c, me).trashed],
      [
        { team_inbox: team.id },
        (c) => c.team?.id === team.id && !c.users.some((user) => user.closed),
      ],
      [
        { team_closed: team.id },
        (c) => c.team?.id === team.id && c.users.every((user) => user.closed),
      ],
      [{ shared_label: nestedLabel().id }, (c) => ids(c.shared_labels).includes(nestedLabel().id)],
    ];
    for (const [query, belongs] of checks) {
      const conversations = await allConversations(emulator.target, query);
      expect(conversations.length, JSON.stringify(query)).toBeGreaterThan(0);
      for (const conversation of conversations)
        expect(belongs(conversation), `${conversation.id} in ${JSON.stringify(query)}`).toBe(true);
    }
  });

  it('answers GET /conversations/:id with the conversation the list shows', async () => {
    const listed = first(mailboxAll);
    expect(await getConversation(emulator.target, listed.id)).toEqual(listed);
  });
});

describe('filtering conversations by contact', () => {
  /** A customer address that wrote in more than once, and the conversations it wrote in. */
  function regularCorrespondent(): { address: string; wrote: string[] } {
    const wrote = new Map<string, string[]>();
    for (const conversation of mailboxAll) {
      for (const address of authorAddresses(conversation)) {
        if (address.endsWith(`@${directory.me.email.split('@')[1] ?? ''}`)) continue;
        wrote.set(address, [...(wrote.get(address) ?? []), conversation.id]);
      }
    }
    const [address, conversations] =
      [...wrote.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
    if (!address || !conversations || conversations.length < 2)
      throw new Error('no correspondent wrote twice');
    return { address, wrote: conversations };
  }

  it('with email, returns only and all the conversations that address takes part in', async () => {
    const { address, wrote } = regularCorrespondent();
    const found = await allConversations(emulator.target, {
      all: 'true',
      email: address.toUpperCase(),
    });
    expect(ids(found)).toEqual(expect.arrayContaining(wrote));
    expect(found.length).toBeLessThan(mailboxAll.length);
    for (const conversation of found)
      expect(await participants(conversation.id)).toContain(address);
  });

  it('with domain, returns only conversations with someone at that domain', async () => {
    const { address } = regularCorrespondent();
    const domain = address.split('@')[1] ?? '';
    const byAddress = await allConversations(emulator.target, { all: 'true', email: address });
    const found = await allConversations(emulator.target, { all: 'true', domain });
    expect(ids(found)).toEqual(expect.arrayContaining(ids(byAddress)));
    expect(found.length).toBeLessThan(mailboxAll.length);
    for (const conversation of found) {
      expect(
        [...(await participants(conversation.id))].some((participant) =>
          participant.endsWith(`@${domain}`),
        ),
      ).toBe(true);
    }
  });

  it('with contact_organization, returns only conversations with a member of that organization', async () => {
    const book = await findBook(emulator.target, (candidate) => candidate.share_with_organization);
    const members = new Map<string, Set<string>>();
    for (const contact of await allContacts(emulator.target, book.id)) {
      // Members are reached by email, and by phone in SMS and WhatsApp conversations.
      const emails = (contact.infos ?? []).flatMap((info) =>
        !info.value
          ? []
          : info.kind === 'email'
            ? [info.value.toLowerCase()]
            : info.kind === 'phone_number'
              ? [phoneHandle(info.value)]
              : [],
      );
      for (const membership of contact.memberships ?? []) {
        if (membership.group.kind !== 'organization') continue;
        const set = members.get(membership.group.id) ?? new Set<string>();
        for (const email of emails) set.add(email);
        members.set(membership.group.id, set);
      }
    }
    // The organization whose members wrote the most conversations.
    const wroteBy = (emails: Set<string>) =>
      mailboxAll.filter((c) => authorAddresses(c).some((address) => emails.has(address)));
    const [group, emails] =
      [...members.entries()].sort((a, b) => wroteBy(b[1]).length - wroteBy(a[1]).length)[0] ?? [];
    if (!group || !emails) throw new Error('no organization has members');
    const found = await allConversations(emulator.target, {
      all: 'true',
      contact_organization: group,
    });
    expect(found.length).toBeGreaterThan(0);
    expect(ids(found)).toEqual(expect.arrayContaining(ids(wroteBy(emails))));
    for (const conversation of found) {
      expect(
        [...(await participants(conversation.id))].some((participant) => emails.has(participant)),
      ).toBe(true);
    }
  });
});

describe('changing conversations with PATCH', () => {
  it('adds shared labels and assignees, named with their full paths and names', async () => {
    const id = await newConversation(
      emulator.target,
      'Label and assign',
      directory.organization.id,
    );
    const nested = nestedLabel();
    const colleague = first(directory.others, 'a colleague');
    const changed = await patch(id, {
      organization: directory.organization.id,
      add_shared_labels: [nested.id],
      add_assignees: [colleague.id],
    });
    expect(changed.shared_labels).toEqual([{ id: nested.id, name: nested.name }]);
    expect(changed.shared_label_names).toBe(nested.name_with_parent_names);
    expect(nested.name_with_parent_names).toContain('/');
    expect(ids(changed.assignees)).toEqual([colleague.id]);
    expect(changed.assignee_names).toBe(colleague.name);
    expect(changed.assignee_emails).toBe(colleague.email);
    expect(userState(changed, colleague.id).assigned).toBe(true);
    expect(await getConversation(emulator.target, id)).toEqual(changed);
    expect(await inMailbox({ shared_label: nested.id }, id)).toBe(true);
  });

  it('removes shared labels and assignees', async () => {
    const id = await newConversation(
      emulator.target,
      'Unlabel and unassign',
      directory.organization.id,
    );
    const [one, two] = [
      nestedLabel(),
      first(
        directory.labels.filter((candidate) => !candidate.parent),
        'a top-level label',
      ),
    ];
    const colleague = first(directory.others);
    await patch(id, {
      organization: directory.organization.id,
      add_shared_labels: [one.id, two.id],
      add_assignees: [colleague.id, directory.me.id],
    });
    const changed = await patch(id, {
      remove_shared_labels: [one.id],
      remove_assignees: [colleague.id],
    });
    expect(ids(changed.shared_labels)).toEqual([two.id]);
    expect(ids(changed.assignees)).toEqual([directory.me.id]);
    // Removing an assignee keeps their access.
    expect(userState(changed, colleague.id).assigned).toBe(false);
  });

  it('closes a conversation for everyone and reopens it into the inbox', async () => {
    const id = await newConversation(emulator.target, 'Close and reopen');
    expect(await inMailbox({ inbox: 'true' }, id)).toBe(true);
    const closed = await patch(id, { close: true });
    expect(closed.users.every((user) => user.closed)).toBe(true);
    expect(await inMailbox({ inbox: 'true' }, id)).toBe(false);
    expect(await inMailbox({ closed: 'true' }, id)).toBe(true);
    const reopened = await patch(id, { reopen: true });
    expect(userState(reopened, directory.me.id)).toMatchObject({ closed: false, archived: false });
    expect(await inMailbox({ inbox: 'true' }, id)).toBe(true);
    expect(await inMailbox({ closed: 'true' }, id)).toBe(false);
  });

  it('sets the subject and colour, and moves a conversation to a team inbox', async () => {
    const id = await newConversation(emulator.target, 'Subject and team');
    const team = first(directory.teams);
    const changed = await patch(id, {
      subject: 'Renamed by PATCH',
      color: 'warning',
      team: team.id,
      add_to_team_inbox: true,
    });
    expect(changed).toMatchObject({
      subject: 'Renamed by PATCH',
      color: 'warning',
      team: { id: team.id, name: team.name },
    });
    expect(await inMailbox({ team_inbox: team.id }, id)).toBe(true);
  });

  it('changes several conversations in one batch', async () => {
    const [one, two] = [
      await newConversation(emulator.target, 'Batch one'),
      await newConversation(emulator.target, 'Batch two'),
    ];
    const { conversations } = await call(emulator.target, 'updateConversations', {
      params: { ids: `${one},${two}` },
      body: {
        conversations: [
          { id: one, subject: 'First' },
          { id: two, close: true },
        ],
      },
    });
    expect(
      conversations.map((c) => [c.id, c.subject, c.users.every((user) => user.closed)]),
    ).toEqual([
      [one, 'First', false],
      [two, 'Batch two', true],
    ]);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    [
      'adding labels without organization',
      { add_shared_labels: ['label-id'] },
      'conversations[0].organization: is required with add_shared_labels',
    ],
    [
      'adding assignees without organization',
      { add_assignees: ['user-id'] },
      'conversations[0].organization: is required with add_assignees',
    ],
    [
      'add_to_team_inbox without team',
      { add_to_team_inbox: true },
      'conversations[0].team: is required with add_to_team_inbox',
    ],
    [
      'close with reopen',
      { close: true, reopen: true },
      'conversations[0].reopen: cannot be combined with close',
    ],
    [
      'a colour that is not one',
      { color: 'blue' },
      'conversations[0].color: "blue" is neither a hex colour such as "#2266ED" nor one of good, warning, danger',
    ],
    ['an unknown field', { archive: true }, 'conversations[0]'],
  ];

  it.each(invalid)('refuses %s', async (_what, changes, message) => {
    const id = first(mailboxAll).id;
    await expectRefused(
      emulator.target,
      'updateConversations',
      { params: { ids: id }, body: { conversations: [{ id, ...changes }] } },
      400,
      message,
    );
  });

  it('refuses adding and removing the same label, and labels that do not exist', async () => {
    const id = first(mailboxAll).id;
    const organization = directory.organization.id;
    const same = nestedLabel().id;
    await expectRefused(
      emulator.target,
      'updateConversations',
      {
        params: { ids: id },
        body: {
          conversations: [
            { id, organization, add_shared_labels: [same], remove_shared_labels: [same] },
          ],
        },
      },
      400,
      `conversations[0].remove_shared_labels: names label ${same} that add_shared_labels also adds`,
    );
    await expectRefused(
      emulator.target,
      'updateConversations',
      {
        params: { ids: id },
        body: { conversations: [{ id, organization, add_shared_labels: ['no-such-label'] }] },
      },
      400,
      'add_shared_labels: no shared label with id "no-such-label"',
    );
  });

  it('applies a batch whole or not at all', async () => {
    const [one, two] = [
      await newConversation(emulator.target, 'Whole one'),
      await newConversation(emulator.target, 'Whole two'),
    ];
    await expectRefused(
      emulator.target,
      'updateConversations',
      {
        params: { ids: `${one},${two}` },
        body: {
          conversations: [
            { id: one, subject: 'Changed' },
            { id: two, remove_assignees: ['no-such-user'] },
          ],
        },
      },
      400,
      'remove_assignees: no user with id "no-such-user"',
    );
    expect((await getConversation(emulator.target, one)).subject).toBe('Whole one');
  });
});

describe('merging conversations', () => {
  it('merges a source into a target, which then answers for both ids', async () => {
    const source = await newConversation(emulator.target, 'Merge source');
    const target = await newConversation(emulator.target, 'Merge target');
    const merged = only(
      (
        await call(emulator.target, 'mergeConversations', {
          params: { id: source },
          body: { target },
        })
      ).conversations,
    );
    expect(merged.id).toBe(target);
    expect((await getConversation(emulator.target, source)).id).toBe(target);
    const { posts } = await call(emulator.target, 'listConversationPosts', {
      params: { id: target },
    });
    expect(posts.map((post) => post.notification.body).sort()).toEqual([
      'Merge source',
      'Merge target',
    ]);
    expect(await inMailbox({ inbox: 'true' }, source)).toBe(false);
  });

  it('refuses to merge a conversation into itself', async () => {
    const id = await newConversation(emulator.target, 'Self merge');
    await expectRefused(
      emulator.target,
      'mergeConversations',
      { params: { id }, body: { target: id } },
      400,
      'target: a conversation cannot be merged into itself',
    );
  });
});

describe('the lists inside a conversation', () => {
  it('lists messages newest first by delivered_at, paged with until', async () => {
    const busy = await findConversation(
      emulator.target,
      { all: 'true' },
      (c) => c.messages_count >= 4,
    );
    const whole = await call(emulator.target, 'listConversationMessages', {
      params: { id: busy.id },
      query: { limit: '10' },
    });
    expect(whole.messages).toHaveLength(busy.messages_count);
    expectNewestFirst(whole.messages.map((message) => message.delivered_at));
    const pages = await walkMessages(busy.id, 2);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(ids(pages.flat())).toEqual(ids(whole.messages));
  });

  it('lists comments newest first by created_at, paged with until', async () => {
    const noted = await findConversation(
      emulator.target,
      { all: 'true' },
      async (c) => (await walkComments(c.id, 10)).flat().length >= 2,
    );
    const whole = await call(emulator.target, 'listConversationComments', {
      params: { id: noted.id },
    });
    expectNewestFirst(whole.comments.map((comment) => comment.created_at));
    const staff = ids([directory.me, ...directory.others]);
    for (const comment of whole.comments) expect(staff).toContain(comment.author.id);
    const pages = await walkComments(noted.id, 1);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(ids(pages.flat())).toEqual(ids(whole.comments));
  });

  it('lists the drafts of a conversation in the drafts mailbox', async () => {
    const drafted = first(
      await allConversations(emulator.target, { drafts: 'true' }),
      'a conversation with a draft',
    );
    const { drafts } = await call(emulator.target, 'listConversationDrafts', {
      params: { id: drafted.id },
    });
    expect(drafts.length).toBeGreaterThan(0);
    for (const draft of drafts) expect(draft.conversation).toBe(drafted.id);
    expect(drafts.length).toBe(drafted.drafts_count + drafted.send_later_messages_count);
  });

  const lists: EndpointName[] = [
    'listConversationMessages',
    'listConversationComments',
    'listConversationDrafts',
    'listConversationPosts',
  ];

  it.each(lists)('%s refuses a limit above 10', async (name) => {
    const id = first(mailboxAll).id;
    await expectRefused(
      emulator.target,
      name,
      { params: { id }, query: { limit: '11' } },
      400,
      'query.limit: must be at most 10',
    );
  });
});
