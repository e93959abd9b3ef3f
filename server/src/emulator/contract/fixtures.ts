import type { Contact, ContactBook } from '@crm/shared/missive/contacts';
import type { Conversation } from '@crm/shared/missive/conversations';
import type { EndpointQuery } from '@crm/shared/missive/endpoints';
import type { SharedLabel } from '@crm/shared/missive/labels';
import type { Organization, Team, User } from '@crm/shared/missive/people';
import { call, first, timePage, walkByTime } from './client';
import type { ContractTarget } from './harness';

/**
 * Finds what the tests act on through the API itself (never by seed ids), so
 * the suites hold for any organisation with the same general shape.
 */

export interface Directory {
  organization: Organization;
  me: User;
  /** Everyone but the token owner. */
  others: User[];
  teams: Team[];
  labels: SharedLabel[];
}

export async function loadDirectory(target: ContractTarget): Promise<Directory> {
  const { organizations } = await call(target, 'listOrganizations');
  const { users } = await call(target, 'listUsers', { query: { limit: '200' } });
  const { teams } = await call(target, 'listTeams', { query: { limit: '200' } });
  const { shared_labels } = await call(target, 'listSharedLabels', { query: { limit: '200' } });
  const me = users.find((user) => user.me);
  if (!me) throw new Error('no user has me: true');
  return {
    organization: first(organizations, 'an organization'),
    me,
    others: users.filter((user) => !user.me),
    teams,
    labels: shared_labels,
  };
}

export async function findBook(
  target: ContractTarget,
  test: (book: ContactBook) => boolean,
): Promise<ContactBook> {
  const { contact_books } = await call(target, 'listContactBooks');
  const book = contact_books.find(test);
  if (!book) throw new Error('no contact book matches');
  return book;
}

/** The live contacts of a book, every page of them. */
export async function allContacts(
  target: ContractTarget,
  book: string,
  order?: 'last_name' | 'last_modified',
): Promise<Contact[]> {
  const contacts: Contact[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await call(target, 'listContacts', {
      query: {
        contact_book: book,
        limit: '200',
        offset: String(offset),
        ...(order ? { order } : {}),
      },
    });
    for (const contact of page.contacts) if (!contact.deleted) contacts.push(contact);
    if (page.contacts.length < 200) return contacts;
  }
}

type MailboxQuery = Omit<EndpointQuery<'listConversations'>, 'limit' | 'until'>;

/** Every page of a mailbox, walked with `until` at the given page size. */
export function conversationPages(
  target: ContractTarget,
  query: MailboxQuery,
  limit: number,
): Promise<Conversation[][]> {
  return walkByTime(
    async (until) => {
      const page = await call(target, 'listConversations', {
        query: { ...query, ...timePage(limit, until) },
      });
      return page.conversations;
    },
    activity,
    limit,
  );
}

export async function allConversations(
  target: ContractTarget,
  query: MailboxQuery,
): Promise<Conversation[]> {
  return (await conversationPages(target, query, 50)).flat();
}

/** Conversations always carry last_activity_at in list answers; the schema only allows it to be absent. */
export function activity(conversation: Conversation): number {
  if (conversation.last_activity_at === undefined)
    throw new Error(`conversation ${conversation.id} has no last_activity_at`);
  return conversation.last_activity_at;
}

export async function getConversation(target: ContractTarget, id: string): Promise<Conversation> {
  const { conversations } = await call(target, 'getConversation', { params: { id } });
  return first(conversations, 'the conversation');
}

/** A conversation of the mailbox that passes the test, newest first. */
export async function findConversation(
  target: ContractTarget,
  query: MailboxQuery,
  test: (conversation: Conversation) => boolean | Promise<boolean>,
): Promise<Conversation> {
  for (const conversation of await allConversations(target, query)) {
    if (await test(conversation)) return conversation;
  }
  throw new Error(`no conversation of ${JSON.stringify(query)} matches`);
}

/** A fresh conversation of the tests' own, made by a post, so that changing it disturbs no other test. */
export async function newConversation(
  target: ContractTarget,
  subject: string,
  organization?: string,
): Promise<string> {
  const { posts } = await call(target, 'createPost', {
    body: {
      posts: {
        text: `Opened by the contract suite: ${subject}`,
        notification: { title: 'Contract suite', body: subject },
        conversation_subject: subject,
        ...(organization ? { organization } : {}),
      },
    },
  });
  return posts.conversation;
}

export function userState(
  conversation: Conversation,
  userId: string,
): Conversation['users'][number] {
  const state = conversation.users.find((user) => user.id === userId);
  if (!state) throw new Error(`user ${userId} has no access to conversation ${conversation.id}`);
  return state;
}
