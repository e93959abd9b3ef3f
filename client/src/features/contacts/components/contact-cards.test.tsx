import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Contact } from '@crm/shared/missive/contacts';
import { jsonResponse } from '../../../test/http';
import { stubMissive, type MissiveRequest } from '../../../test/missive-stub';
import { renderWithProviders } from '../../../test/render-with-providers';
import { ada, makeBook, makeContact } from '../test/fixtures';
import type { Participant } from '../utils/participant';
import { ContactCards } from './contact-cards';

const books = [
  makeBook({ id: 'book-mine', name: 'My contacts' }),
  makeBook({ id: 'book-shared', name: 'Acme shared', share_with_organization: true }),
];

/**
 * Books as above; a search answers the contacts of its book whose text
 * contains every term, as Missive's does; writes get `write(request)`.
 */
function stubContacts(
  contacts: Contact[],
  write: (request: MissiveRequest) => Response | Promise<Response> = () =>
    jsonResponse({ error: { message: 'unexpected write' } }, 500),
) {
  return stubMissive((request) => {
    if (request.path === '/contact_books') return jsonResponse({ contact_books: books });
    if (request.method === 'GET' && request.path === '/contacts') {
      const terms = (request.query.get('search') ?? '').toLowerCase().split(/\s+/);
      const inBook = contacts.filter(
        (contact) =>
          contact.contact_book === request.query.get('contact_book') &&
          terms.every((term) => JSON.stringify(contact).toLowerCase().includes(term)),
      );
      return jsonResponse({ contacts: inBook });
    }
    return write(request);
  });
}

const adaByEmail: Participant = { name: 'Ada L.', email: 'ADA@engines.example', phone: null };

function renderCards(participants: Participant[], subject?: string) {
  return renderWithProviders(
    <ContactCards participants={participants} conversationSubject={subject ?? null} />,
  );
}

describe('ContactCards', () => {
  it('finds a participant by exact email across every book and shows the whole contact', async () => {
    // A namesake in the first book mentions the address only in a note: not a match.
    const namesake = makeContact({
      id: 'contact-namesake',
      contact_book: 'book-mine',
      notes: 'Forwards to ada@engines.example',
    });
    const { requests } = stubContacts([namesake, ada]);
    renderCards([adaByEmail]);

    const card = await screen.findByRole('article', { name: 'Contact: Ada Lovelace' });
    const searched = requests.filter((request) => request.path === '/contacts');
    expect(searched.map((request) => request.query.get('contact_book')).sort()).toEqual([
      'book-mine',
      'book-shared',
    ]);
    expect(searched[0]?.query.get('search')).toBe('ADA@engines.example');

    expect(within(card).getByRole('img', { name: 'Starred' })).toBeInTheDocument();
    expect(within(card).getByText('Analyst, Research · Analytical Engines')).toBeInTheDocument();
    expect(within(card).getByText('Emails')).toBeInTheDocument();
    expect(within(card).getByText('Phones')).toBeInTheDocument();
    expect(within(card).getByText('mobile')).toBeInTheDocument();
    // A custom label shows in place of "other".
    expect(within(card).getByText('Lab')).toBeInTheDocument();
    expect(within(card).getByText('+44 20 7946 0002')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'https://ada.example/' })).toBeInTheDocument();
    expect(
      within(within(card).getByRole('list', { name: 'Groups' })).getByText('VIP'),
    ).toBeInTheDocument();
    expect(within(card).getByText(/Ask about the engine/)).toBeInTheDocument();
  });

  it('finds a phone participant however the number is written', async () => {
    stubContacts([ada]);
    renderCards([{ name: null, email: null, phone: '+442079460001' }]);
    expect(
      await screen.findByRole('article', { name: 'Contact: Ada Lovelace' }),
    ).toBeInTheDocument();
  });

  it('holds the card’s place with a skeleton while looking up', async () => {
    stubMissive(() => new Promise<Response>(() => undefined));
    renderCards([adaByEmail]);
    expect(await screen.findByRole('status', { name: 'Looking up Ada L.' })).toBeInTheDocument();
  });

  it('says when the lookup failed and tries again on request', async () => {
    let fail = true;
    stubMissive((request) => {
      if (request.path === '/contact_books') return jsonResponse({ contact_books: books });
      if (fail) return jsonResponse({ error: { message: 'upstream down' } }, 502);
      return jsonResponse({ contacts: [ada] });
    });
    renderCards([adaByEmail]);
    expect(await screen.findByRole('alert')).toHaveTextContent(/Could not look up Ada L\./);
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('article', { name: 'Contact: Ada Lovelace' }),
    ).toBeInTheDocument();
  });

  it('says so when no one outside the organization takes part', () => {
    stubContacts([]);
    renderCards([]);
    expect(screen.getByText(/No one outside your organization/)).toBeInTheDocument();
  });

  it('opens the editor from the keyboard and gives focus back to Edit on cancel', async () => {
    stubContacts([ada]);
    renderCards([adaByEmail]);
    const edit = await screen.findByRole('button', { name: 'Edit Ada Lovelace' });
    edit.focus();
    await userEvent.keyboard('{Enter}');
    const form = screen.getByRole('form', { name: 'Edit Ada Lovelace' });
    await userEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Edit Ada Lovelace' })).toHaveFocus();
    });
  });

  it('shows the saved contact once an edit is saved', async () => {
    const contacts = [ada];
    stubContacts(contacts, (request) => {
      expect(request.path).toBe(`/api/contacts/${ada.id}/edit`);
      contacts[0] = { ...ada, first_name: 'Augusta' };
      return jsonResponse({ contact: contacts[0] });
    });
    renderCards([adaByEmail]);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Ada Lovelace' }));
    const first = screen.getByRole('textbox', { name: 'First name' });
    await userEvent.clear(first);
    await userEvent.type(first, 'Augusta');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByRole('article', { name: 'Contact: Augusta Lovelace' }),
    ).toBeInTheDocument();
  });
});

describe('an unknown participant', () => {
  const stranger: Participant = {
    name: 'Grace Brewster Hopper',
    email: 'grace@navy.example',
    phone: null,
  };

  it('offers to create the contact in the organization’s shared book', async () => {
    stubContacts([]);
    renderCards([stranger]);
    const card = await screen.findByRole('article', {
      name: 'Not a contact: Grace Brewster Hopper',
    });
    expect(within(card).getByRole('combobox', { name: 'Contact book' })).toHaveValue('book-shared');
    expect(within(card).getByRole('button', { name: 'Create contact' })).toBeEnabled();
  });

  it('creates it in one click, prefilled from the conversation, and then shows it', async () => {
    const contacts: Contact[] = [];
    const { writes } = stubContacts(contacts, (request) => {
      const created = makeContact({
        id: 'contact-grace',
        contact_book: 'book-mine',
        first_name: 'Grace',
        last_name: 'Brewster Hopper',
        infos: [{ kind: 'email', label: 'work', value: 'grace@navy.example' }],
      });
      contacts.push(created);
      expect(request.path).toBe('/contacts');
      return jsonResponse({ contacts: [created] }, 201);
    });
    renderCards([stranger], 'Compiler question');

    const card = await screen.findByRole('article', { name: /Not a contact/ });
    await userEvent.selectOptions(
      within(card).getByRole('combobox', { name: 'Contact book' }),
      'book-mine',
    );
    await userEvent.click(within(card).getByRole('button', { name: 'Create contact' }));

    expect(
      await screen.findByRole('article', { name: 'Contact: Grace Brewster Hopper' }),
    ).toBeInTheDocument();
    expect(writes()).toHaveLength(1);
    expect(writes()[0]?.body).toEqual({
      contacts: [
        {
          contact_book: 'book-mine',
          first_name: 'Grace',
          last_name: 'Brewster Hopper',
          infos: [{ kind: 'email', label: 'work', value: 'grace@navy.example' }],
          notes: 'First conversation: Compiler question',
        },
      ],
    });
  });

  it('files a phone participant’s number as a mobile', async () => {
    const { writes } = stubContacts([], () =>
      jsonResponse({ error: { message: 'Missive is down' } }, 502),
    );
    renderCards([{ name: null, email: null, phone: '+15145550123' }]);
    await userEvent.click(await screen.findByRole('button', { name: 'Create contact' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/Missive is down/);
    expect(writes()[0]?.body).toEqual({
      contacts: [
        {
          contact_book: 'book-shared',
          infos: [{ kind: 'phone_number', label: 'mobile', value: '+15145550123' }],
        },
      ],
    });
  });

  it('says when Missive is busy and when retrying is safe', async () => {
    stubContacts([], () =>
      jsonResponse(
        { error: { message: 'rate limited', code: 'rate_limited', details: { retryAfter: 12 } } },
        429,
      ),
    );
    renderCards([stranger]);
    await userEvent.click(await screen.findByRole('button', { name: 'Create contact' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Missive is busy — retrying in 12 s is safe.',
    );
  });
});
