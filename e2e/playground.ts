import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';

/** A conversation as a person finds it in the list: by its title and who wrote it. */
export interface ListedConversation {
  title: string;
  participant: { name: string };
}

/**
 * `/playground`, the imitation of Missive's window, seen the way an agent
 * (and a screen reader) sees it: the "Conversations" listbox, the "Thread"
 * and "Composer" regions, and the real sidebar in its iframe.
 */
export class Playground {
  readonly list: Locator;
  readonly thread: Locator;
  readonly composer: Locator;
  /** The sidebar page inside the iframe Missive would show it in. */
  readonly sidebar: FrameLocator;

  constructor(readonly page: Page) {
    this.list = page.getByRole('listbox', { name: 'Conversations' });
    this.thread = page.getByRole('region', { name: 'Thread' });
    this.composer = page.getByRole('region', { name: 'Composer' });
    this.sidebar = page.frameLocator('iframe[title="Sidebar"]');
  }

  /** Waits until the Inbox's first page is listed. */
  async ready(): Promise<void> {
    await expect(this.list.getByRole('option').first()).toBeVisible();
  }

  /** Reads the window again, as after a conversation arrived that the list has not shown yet. */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.ready();
  }

  /** The list row: its accessible name starts with the title and names the people who wrote. */
  option(conversation: ListedConversation, { selected }: { selected?: boolean } = {}): Locator {
    const name = new RegExp(
      `^${escapeRegExp(conversation.title)} .*${escapeRegExp(conversation.participant.name)}`,
    );
    return this.list.getByRole('option', { name, ...(selected === undefined ? {} : { selected }) });
  }

  selectedOptions(): Locator {
    return this.list.getByRole('option', { selected: true });
  }

  /** A plain click: this conversation alone is selected, and the sidebar shows it. */
  async select(conversation: ListedConversation): Promise<void> {
    await this.option(conversation).click();
    await expect(this.option(conversation, { selected: true })).toBeVisible();
    await expect(this.selectedOptions()).toHaveCount(1);
    // The sidebar's summary is a region named by the conversation's subject.
    await expect(this.sidebarRegion(conversation.title)).toBeVisible();
  }

  /** Ctrl-click (Cmd on macOS): adds the conversation to the selection. */
  async addToSelection(conversation: ListedConversation): Promise<void> {
    await this.option(conversation).click({ modifiers: ['ControlOrMeta'] });
    await expect(this.option(conversation, { selected: true })).toBeVisible();
  }

  /** The sidebar's main landmark. */
  sidebarMain(): Locator {
    return this.sidebar.getByRole('main', { name: 'CRM sidebar' });
  }

  /** A section of the sidebar by its heading: "Labels", "Contacts", "Tasks"… */
  sidebarRegion(name: string): Locator {
    return this.sidebar.getByRole('region', { name, exact: true });
  }

  /** The card of a participant the contact books know. */
  contactCard(name: string): Locator {
    return this.sidebarRegion('Contacts').getByRole('article', {
      name: `Contact: ${name}`,
      exact: true,
    });
  }

  /** The card offering to file a participant no contact book knows. */
  newContactCard(name: string): Locator {
    return this.sidebarRegion('Contacts').getByRole('article', {
      name: `Not a contact: ${name}`,
      exact: true,
    });
  }

  /** The sidebar's reply form. */
  replyForm(): Locator {
    return this.sidebar.getByRole('form', { name: 'Reply' });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
