import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { createMemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Contact, ContactGroup } from '@crm/shared/missive/contacts';
import { jsonResponse } from '@/test/http';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderWithProviders } from '@/test/render-with-providers';
import { ada, makeBook, makeContact } from '../test/fixtures';
import { ContactsPage } from './contacts-page';
import { UrlRouterProvider } from '@/lib/search-params';

const books = [
  makeBook({ id: 'book-mine', name: 'My contacts' }),
  makeBook({ id: 'book-shared', name: 'Acme shared', share_with_organization: true }),
];

const vip: ContactGroup = { id: 'g-vip', kind: 'group', name: 'VIP' };
const engines: ContactGroup = { id: 'g-org', kind: 'organization', name: 'Analytical Engines' };

const grace = makeContact({
  id: 'contact-grace',
  contact_book: 'book-mine',
  first_name: 'Grace',
  last_name: 'Hopper',
  modified_at: 1_700_000_500,
  infos: [{ kind: 'email', label: 'work', value: 'grace@navy.example' }],
});
const babbage = makeContact({
  id: 'contact-babbage',
  first_name: 'Charles',
  last_name: 'Babbage',
  modified_at: 1_700_000_100,
  memberships: [{ group: engines }],
});

/** `count` people of the shared book, named so they sort as numbered. */
function crowd(count: number): Contact[] {
  return Array.from({ length: count }, (_, index) =>
    makeContact({
      id: `person-${index}`,
      first_name: 'Person',
      last_name: `P${String(index).padStart(4, '0')}`,
    }),
  );
}

/**
 * Missive as far as the page reads it: books, groups, and the contacts of a
 * book matching every search term, in the asked order, paged by offset.
 */
function stubDirectory(
  contacts: Contact[],
  write: (request: MissiveRequest) => Response | Promise<Response> = () =>
    jsonResponse({ error: { message: 'unexpected write' } }, 500),
) {
  return stubMissive((request) => {
    if (request.method !== 'GET') return write(request);
    if (request.path === '/contact_books') return jsonResponse({ contact_books: books });
    if (request.path === '/contact_groups') {
      const kind = request.query.get('kind');
      return jsonResponse({
        contact_groups: [vip, engines].filter((group) => group.kind === kind),
      });
    }
    const one = /^\/contacts\/(.+)$/.exec(request.path);
    if (one) {
      const found = contacts.find((contact) => contact.id === one[1]);
      return found
        ? jsonResponse({ contacts: [found] })
        : jsonResponse({ error: { message: 'contact not found', code: 'not_found' } }, 404);
    }
    const query = request.query;
    const terms = (query.get('search') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const offset = Number(query.get('offset') ?? '0');
    const limit = Number(query.get('limit') ?? '50');
    const matches = contacts
      .filter(
        (contact) =>
          contact.contact_book === query.get('contact_book') &&
          terms.every((term) => JSON.stringify(contact).toLowerCase().includes(term)),
      )
      .sort((a, b) =>
        query.get('order') === 'last_modified'
          ? b.modified_at - a.modified_at
          : (a.last_name ?? '').localeCompare(b.last_name ?? ''),
      );
    return jsonResponse({ contacts: matches.slice(offset, offset + limit) });
  });
}

function renderPage(url = '/contacts') {
  const router = createMemoryRouter(
    [
      { path: '/contacts', element: <ContactsPage /> },
      { path: '/conversations', element: <p>Conversations view</p> },
    ],
    { initialEntries: [url] },
  );
  renderWithProviders(<UrlRouterProvider router={router} />);
  return router;
}

const list = () => screen.getByRole('list', { name: 'Contacts' });
// By class rather than role: computing roles of hundreds of rows is slow in jsdom.
const rowNames = () =>
  [...list().querySelectorAll('.contacts-page-row-name')].map((name) => name.textContent);
const search = (router: ReturnType<typeof renderPage>) =>
  new URLSearchParams(router.state.location.search);

// Whole pages with the editor in jsdom: slower than one component.
describe('ContactsPage', { timeout: 20_000 }, () => {
  it('lists every book merged by name, and one book when chosen, with the choice in the URL', async () => {
    const { requests } = stubDirectory([ada, grace, babbage]);
    const router = renderPage();

    expect(await screen.findByRole('heading', { level: 1, name: 'Contacts' })).toBeInTheDocument();
    await waitFor(() => {
      expect(rowNames()).toEqual(['Charles Babbage', 'Grace Hopper', 'Ada Lovelace★']);
    });
    // Rows name their book when several are listed.
    expect(within(list()).getByRole('link', { name: /Grace Hopper/ })).toHaveTextContent(
      'grace@navy.example · My contacts',
    );

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Contact book' }),
      'book-shared',
    );
    expect(search(router).get('book')).toBe('book-shared');
    await waitFor(() => {
      expect(rowNames()).toEqual(['Charles Babbage', 'Ada Lovelace★']);
    });
    const listed = requests.filter((request) => request.path === '/contacts');
    expect(listed.at(-1)?.query.get('contact_book')).toBe('book-shared');
    expect(listed.at(-1)?.query.get('order')).toBe('last_name');

    // Back returns to every book.
    await router.navigate(-1);
    await waitFor(() => {
      expect(rowNames()).toHaveLength(3);
    });
    expect(screen.getByRole('combobox', { name: 'Contact book' })).toHaveValue('');
  });

  it('reads book, search, order and group from the URL', async () => {
    const vipAda = { ...ada, first_name: 'Ada', last_name: 'Lovelace' };
    const plainAda = makeContact({ id: 'contact-ada-2', first_name: 'Ada', last_name: 'Byron' });
    const { requests } = stubDirectory([vipAda, plainAda, babbage]);
    renderPage('/contacts?book=book-shared&q=ada&order=last_modified&group=g-vip');

    await waitFor(() => {
      expect(rowNames()).toEqual(['Ada Lovelace★']);
    });
    expect(screen.getByRole('combobox', { name: 'Contact book' })).toHaveValue('book-shared');
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue('ada');
    expect(screen.getByRole('combobox', { name: 'Sort by' })).toHaveValue('last_modified');
    await waitFor(() => {
      expect(screen.getByRole('combobox', { name: 'Group' })).toHaveValue('g-vip');
    });
    expect(screen.getByText('1 of 2 contacts in the chosen group')).toBeInTheDocument();
    const listed = requests.find((request) => request.path === '/contacts');
    expect(listed?.query.get('search')).toBe('ada');
    expect(listed?.query.get('order')).toBe('last_modified');
  });

  it('filters by group and organization of the chosen book, and only with a book chosen', async () => {
    stubDirectory([ada, babbage, grace]);
    const router = renderPage();
    await waitFor(() => {
      expect(rowNames()).toHaveLength(3);
    });
    const group = screen.getByRole('combobox', { name: 'Organization' });
    expect(group).toBeDisabled();
    expect(group).toHaveAccessibleDescription(/Choose a contact book/);

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Contact book' }),
      'book-shared',
    );
    await userEvent.selectOptions(
      await screen
        .findByRole('option', { name: 'Analytical Engines' })
        .then(() => screen.getByRole('combobox', { name: 'Organization' })),
      'g-org',
    );
    expect(search(router).get('organization')).toBe('g-org');
    await waitFor(() => {
      expect(rowNames()).toEqual(['Charles Babbage', 'Ada Lovelace★']);
    });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Group' }), 'g-vip');
    expect(rowNames()).toEqual(['Ada Lovelace★']);

    // Another book drops the first book's groups.
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Contact book' }),
      'book-mine',
    );
    expect(search(router).get('group')).toBeNull();
    expect(search(router).get('organization')).toBeNull();
  });

  it('debounces the search: one request once typing pauses, with the search in the URL', async () => {
    const { requests } = stubDirectory([ada, grace, babbage]);
    const router = renderPage('/contacts?book=book-mine');
    await waitFor(() => {
      expect(rowNames()).toEqual(['Grace Hopper']);
    });

    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'grace');
    // Nothing asked yet: the box waits for a pause.
    expect(requests.filter((request) => request.query.has('search'))).toHaveLength(0);
    expect(search(router).get('q')).toBeNull();

    await waitFor(() => {
      expect(search(router).get('q')).toBe('grace');
    });
    await waitFor(() => {
      expect(requests.filter((request) => request.query.has('search'))).toHaveLength(1);
    });
    expect(requests.find((request) => request.query.has('search'))?.query.get('search')).toBe(
      'grace',
    );

    await userEvent.clear(screen.getByRole('searchbox', { name: 'Search' }));
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'nobody{Enter}');
    // Enter searches at once.
    expect(search(router).get('q')).toBe('nobody');
    expect(await screen.findByText('No contact matches “nobody”.')).toBeInTheDocument();
  });

  it('keeps a contact clicked while the search is still waiting to be committed', async () => {
    stubDirectory([ada, grace, babbage]);
    const router = renderPage('/contacts?book=book-mine');
    const row = await screen.findByRole('link', { name: /Grace Hopper/ });

    // The agent types and clicks before the search's pause has passed.
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search' }), 'Hopper');
    expect(search(router).get('q')).toBeNull();
    await userEvent.click(row);
    expect(search(router).get('contact')).toBe('contact-grace');

    // The search commits afterwards, on top of the selection.
    await waitFor(() => {
      expect(search(router).get('q')).toBe('Hopper');
    });
    expect(search(router).get('contact')).toBe('contact-grace');
    expect(search(router).get('book')).toBe('book-mine');
    expect(
      await screen.findByRole('article', { name: 'Contact: Grace Hopper' }),
    ).toBeInTheDocument();
  });

  it('pages through hundreds of contacts with Load more', async () => {
    const { requests } = stubDirectory(crowd(250));
    renderPage('/contacts?book=book-shared');

    await waitFor(() => {
      expect(rowNames()).toHaveLength(100);
    });
    expect(screen.getByText('100 contacts so far')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => {
      expect(rowNames()).toHaveLength(200);
    });
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => {
      expect(rowNames()).toHaveLength(250);
    });
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(screen.getByText('250 contacts')).toBeInTheDocument();
    expect(rowNames().at(-1)).toBe('Person P0249');
    expect(
      requests
        .filter((request) => request.path === '/contacts')
        .map((request) => [request.query.get('offset'), request.query.get('limit')]),
    ).toEqual([
      ['0', '100'],
      ['100', '100'],
      ['200', '100'],
    ]);
  });

  it('opens a contact from the list and saves an edit through the loss-free route', async () => {
    const contacts = [ada, grace];
    const { writes } = stubDirectory(contacts, (request) => {
      expect(request.path).toBe(`/api/contacts/${ada.id}/edit`);
      contacts[0] = { ...ada, first_name: 'Augusta', modified_at: 1_700_000_900 };
      return jsonResponse({ contact: contacts[0] });
    });
    const router = renderPage('/contacts?book=book-shared');

    await userEvent.click(await screen.findByRole('link', { name: /Ada Lovelace/ }));
    expect(search(router).get('contact')).toBe(ada.id);
    expect(search(router).get('book')).toBe('book-shared');
    const card = await screen.findByRole('article', { name: 'Contact: Ada Lovelace' });
    expect(within(list()).getByRole('link', { name: /Ada Lovelace/ })).toHaveAttribute(
      'aria-current',
      'true',
    );
    expect(
      screen.getByRole('link', { name: 'Conversations with ada@engines.example' }),
    ).toHaveAttribute('href', '/conversations?mailbox=all&email=ada%40engines.example');

    await userEvent.click(within(card).getByRole('button', { name: 'Edit Ada Lovelace' }));
    const first = screen.getByRole('textbox', { name: 'First name' });
    await userEvent.clear(first);
    await userEvent.type(first, 'Augusta');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(
      await screen.findByRole('article', { name: 'Contact: Augusta Lovelace' }),
    ).toBeInTheDocument();
    expect(writes()).toHaveLength(1);
    expect(writes()[0]?.body).toEqual({ base: ada, changes: { first_name: 'Augusta' } });
    // The list follows the save.
    await waitFor(() => {
      expect(within(list()).getByRole('link', { name: /Augusta Lovelace/ })).toBeInTheDocument();
    });

    await userEvent.click(screen.getByRole('button', { name: 'Close contact' }));
    expect(search(router).get('contact')).toBeNull();
  });

  it('opens the contact named in the URL even when the list has not read it', async () => {
    stubDirectory([ada, grace]);
    renderPage(`/contacts?book=book-mine&contact=${ada.id}`);
    expect(
      await screen.findByRole('article', { name: 'Contact: Ada Lovelace' }),
    ).toBeInTheDocument();
  });

  it('says when the open contact is gone', async () => {
    stubDirectory([grace]);
    renderPage('/contacts?contact=contact-gone');
    expect(await screen.findByRole('alert')).toHaveTextContent(/Could not open this contact/);
  });

  it('creates a contact from an empty form, checking it first, then opens it in the editor', async () => {
    const contacts = [grace];
    const { writes } = stubDirectory(contacts, (request) => {
      expect(request.path).toBe('/contacts');
      const created = makeContact({
        id: 'contact-new',
        contact_book: 'book-mine',
        first_name: 'Hedy',
        last_name: 'Lamarr',
        infos: [{ kind: 'email', label: 'work', value: 'hedy@example.com' }],
      });
      contacts.push(created);
      return jsonResponse({ contacts: [created] }, 201);
    });
    const router = renderPage('/contacts?book=book-mine');

    await userEvent.click(await screen.findByRole('button', { name: 'New contact' }));
    expect(search(router).get('new')).toBe('1');
    const form = screen.getByRole('form', { name: 'New contact' });
    expect(within(form).getByRole('combobox', { name: 'Contact book' })).toHaveValue('book-mine');

    await userEvent.click(within(form).getByRole('button', { name: 'Create contact' }));
    expect(within(form).getByRole('textbox', { name: 'First name' })).toHaveAccessibleDescription(
      'Give a name, an email or a phone number.',
    );
    await userEvent.type(within(form).getByRole('textbox', { name: 'First name' }), 'Hedy');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Last name' }), 'Lamarr');
    await userEvent.type(within(form).getByRole('textbox', { name: 'Email address' }), 'hedy@');
    await userEvent.click(within(form).getByRole('button', { name: 'Create contact' }));
    expect(
      within(form).getByRole('textbox', { name: 'Email address' }),
    ).toHaveAccessibleDescription('must be an email address');
    expect(writes()).toHaveLength(0);

    await userEvent.type(
      within(form).getByRole('textbox', { name: 'Email address' }),
      'example.com',
    );
    await userEvent.click(within(form).getByRole('button', { name: 'Create contact' }));

    expect(await screen.findByRole('form', { name: 'Edit Hedy Lamarr' })).toBeInTheDocument();
    expect(search(router).get('contact')).toBe('contact-new');
    expect(search(router).get('new')).toBeNull();
    expect(writes()[0]?.body).toEqual({
      contacts: [
        {
          contact_book: 'book-mine',
          first_name: 'Hedy',
          last_name: 'Lamarr',
          infos: [{ kind: 'email', label: 'work', value: 'hedy@example.com' }],
        },
      ],
    });
  });

  it('keeps the new contact’s text when Missive is busy, and says when to retry', async () => {
    stubDirectory([], () =>
      jsonResponse({ error: { message: 'slow down', code: 'rate_limited' } }, 429),
    );
    renderPage('/contacts?new=1');
    const form = await screen.findByRole('form', { name: 'New contact' });
    // The organisation's shared book is the default without a chosen book.
    expect(within(form).getByRole('combobox', { name: 'Contact book' })).toHaveValue('book-shared');
    await userEvent.type(within(form).getByRole('textbox', { name: 'First name' }), 'Hedy');
    await userEvent.click(within(form).getByRole('button', { name: 'Create contact' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(/Missive is busy/);
    expect(within(form).getByRole('textbox', { name: 'First name' })).toHaveValue('Hedy');
  });

  it('says when the list cannot be read and tries again', async () => {
    let fail = true;
    stubMissive((request) => {
      if (request.path === '/contact_books') return jsonResponse({ contact_books: books });
      if (fail) return jsonResponse({ error: { message: 'upstream down' } }, 502);
      return jsonResponse({ contacts: [grace] });
    });
    renderPage('/contacts?book=book-mine');
    expect(await screen.findByRole('alert')).toHaveTextContent(/Could not list contacts/);
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => {
      expect(rowNames()).toEqual(['Grace Hopper']);
    });
  });
});
