import type { APIRequestContext } from '@playwright/test';
import type { z } from 'zod';
import {
  contactBooksResponse,
  contactListResponse,
  contactsResponse,
  type Contact,
  type ContactBook,
  type ContactCreateInput,
} from '@crm/shared/missive/contacts';
import { conversationsResponse, type Conversation } from '@crm/shared/missive/conversations';
import { draftsResponse, type Draft } from '@crm/shared/missive/drafts';
import { sharedLabelsResponse, type SharedLabel } from '@crm/shared/missive/labels';
import { organizationsResponse, usersResponse, type User } from '@crm/shared/missive/people';
import { postsResponse, type Post } from '@crm/shared/missive/posts';
import { cannedResponsesResponse, type CannedResponse } from '@crm/shared/missive/responses';
import {
  taskResponse,
  tasksResponse,
  type Task,
  type TaskCreateInput,
} from '@crm/shared/missive/tasks';
import { MISSIVE_AS_IS } from './env';

/**
 * Missive as the tests check it, behind the sidebar's back: reads as
 * Missive's own window makes them (MISSIVE_AS_IS, off the token's budget),
 * writes through the gateway's `/api/missive/v1` with the access key, the
 * way any integration would, to play a colleague editing at the same time.
 */
export class GatewayApi {
  /** Contact books do not change during a run: read once per test. */
  private books: Promise<ContactBook[]> | undefined;

  constructor(
    private readonly request: APIRequestContext,
    private readonly accessKey: string,
  ) {}

  async getConversation(id: string): Promise<Conversation> {
    const { conversations } = await this.read(`/conversations/${id}`, conversationsResponse);
    return only(conversations, `conversation ${id}`);
  }

  async listPosts(conversationId: string): Promise<Post[]> {
    const path = `/conversations/${conversationId}/posts?limit=10`;
    return (await this.read(path, postsResponse)).posts;
  }

  async listDrafts(conversationId: string): Promise<Draft[]> {
    const path = `/conversations/${conversationId}/drafts?limit=10`;
    return (await this.read(path, draftsResponse)).drafts;
  }

  async listTasks(conversationId: string): Promise<Task[]> {
    const path = `/tasks?conversation=${conversationId}&limit=50`;
    return (await this.read(path, tasksResponse)).tasks;
  }

  /** A task of the spec's own, so a journey never depends on what earlier runs left open. */
  async createTask(task: TaskCreateInput): Promise<Task> {
    const response = await this.request.post('/api/missive/v1/tasks', {
      headers: this.headers(),
      data: { tasks: task },
    });
    return (await parse(response, taskResponse, 'POST task')).tasks;
  }

  /** The demo's one organization: labels and tasks belong to it. */
  async organizationId(): Promise<string> {
    const { organizations } = await this.read('/organizations', organizationsResponse);
    return only(organizations, 'organization').id;
  }

  async listUsers(): Promise<User[]> {
    return (await this.read('/users', usersResponse)).users;
  }

  async listSharedLabels(organizationId: string): Promise<SharedLabel[]> {
    const path = `/shared_labels?organization=${organizationId}`;
    return (await this.read(path, sharedLabelsResponse)).shared_labels;
  }

  async listCannedResponses(): Promise<CannedResponse[]> {
    return (await this.read('/responses', cannedResponsesResponse)).responses;
  }

  async listContactBooks(): Promise<ContactBook[]> {
    return (await this.read('/contact_books', contactBooksResponse)).contact_books;
  }

  async searchContacts(bookId: string, term: string): Promise<Contact[]> {
    const query = new URLSearchParams({ contact_book: bookId, search: term });
    const { contacts } = await this.read(`/contacts?${query.toString()}`, contactListResponse);
    // Deleted contacts come only with include_deleted, which is not asked for.
    return contacts.filter((contact): contact is Contact => !contact.deleted);
  }

  /** The first contacts of a book, by last name, deleted ones left out. */
  async listContacts(bookId: string, limit: number): Promise<Contact[]> {
    const query = new URLSearchParams({ contact_book: bookId, limit: String(limit) });
    const { contacts } = await this.read(`/contacts?${query.toString()}`, contactListResponse);
    return contacts.filter((contact): contact is Contact => !contact.deleted);
  }

  /** The contact holding this email in any contact book, or null: what the sidebar must find. */
  async findContactByEmail(email: string): Promise<Contact | null> {
    this.books ??= this.listContactBooks();
    const books = await this.books;
    const found = await Promise.all(books.map((book) => this.searchContacts(book.id, email)));
    const wanted = email.toLowerCase();
    const hasEmail = (contact: Contact) =>
      (contact.infos ?? []).some(
        (info) => info.kind === 'email' && info.value?.toLowerCase() === wanted,
      );
    return found.flat().find(hasEmail) ?? null;
  }

  async getContact(id: string): Promise<Contact> {
    const { contacts } = await this.read(`/contacts/${id}`, contactsResponse);
    return only(contacts, `contact ${id}`);
  }

  async createContact(input: ContactCreateInput): Promise<Contact> {
    const response = await this.request.post('/api/missive/v1/contacts', {
      headers: this.headers(),
      data: { contacts: [input] },
    });
    return only((await parse(response, contactsResponse, 'POST contact')).contacts, 'contact');
  }

  /** Any read of what is in Missive, parsed with `schema` (as Missive's window reads it). */
  async read<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
    const response = await this.request.get(`${MISSIVE_AS_IS}${path}`, {
      headers: this.headers(),
    });
    return parse(response, schema, `GET ${path}`);
  }

  private headers() {
    return { Authorization: `Bearer ${this.accessKey}` };
  }
}

async function parse<S extends z.ZodType>(
  response: Awaited<ReturnType<APIRequestContext['get']>>,
  schema: S,
  what: string,
): Promise<z.output<S>> {
  if (!response.ok()) {
    throw new Error(`${what} answered ${response.status()}: ${await response.text()}`);
  }
  return schema.parse(await response.json());
}

function only<T>(items: readonly T[], what: string): T {
  const [item] = items;
  if (item === undefined || items.length !== 1) {
    throw new Error(`expected exactly one ${what}, got ${items.length}`);
  }
  return item;
}
