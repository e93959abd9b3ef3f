import { useState } from 'react';
import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse } from '@/test/http';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderWithProviders } from '@/test/render-with-providers';
import { ada, makeBook, makeContact } from '../test/fixtures';
import { ContactCards, type MatchedParticipant } from './contact-cards';

const books = [
  makeBook({ id: 'book-mine', name: 'My contacts' }),
  makeBook({ id: 'book-shared', name: 'Acme shared', share_with_organization: true }),
];

/**
 * Answers the contact books; every other request goes to `other`, by
 * default a failure: the cards get their contacts from the gateway's
 * context and must not look anyone up.
 */
function stubBooks(
  other: (request: MissiveRequest) => Response | Promise<Response> = ({ method, path }) =>
    jsonResponse({ error: { message: `unexpected ${method} ${path}` } }, 500),
) {
  return stubMissive((request) =>
    request.method === 'GET' && request.path === '/contact_books'
      ? jsonResponse({ contact_books: books })
      : other(request),
  );
}

const adaMatched: MatchedParticipant = {
  name: 'Ada L.',
  email: 'ADA@engines.example',
  phone: null,
  contacts: [ada],
};

const stranger: MatchedParticipant = {
  name: 'Grace Brewster Hopper',
  email: 'grace@navy.example',
  phone: null,
  contacts: [],
};

/**
 * The cards as the sidebar feeds them; `arrive` passes new participants
 * in, as a fresh read of the conversation context does.
 */
function renderCards(participants: MatchedParticipant[], subject?: string) {
  let update: (next: MatchedParticipant[]) => void = () => undefined;
  function FromContext() {
    const [current, setCurrent] = useState(participants);
    update = setCurrent;
    return <ContactCards participants={current} conversationSubject={subject ?? null} />;
  }
  const result = renderWithProviders(<FromContext />);
  const arrive = (next: MatchedParticipant[]) => {
    act(() => {
      update(next);
    });
  };
  /** Waits until no read is under way, so a lookup started by any of them would show. */
  const settled = () =>
    waitFor(() => {
      expect(result.queryClient.isFetching()).toBe(0);
    });
  return { ...result, arrive, settled };
}

function requested(requests: readonly MissiveRequest[]) {
  return requests.map((request) => `${request.method} ${request.path}`);
}

describe('ContactCards', () => {
  it('shows a matched participant’s whole contact without searching for it', async () => {
    const { requests } = stubBooks();
    const { settled } = renderCards([adaMatched]);

    const card = screen.getByRole('article', { name: 'Contact: Ada Lovelace' });
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

    await settled();
    // The books are for the "create contact" card; nobody is searched for.
    expect(requested(requests)).toEqual(['GET /contact_books']);
  });

  it('links only web, mail and phone URLs; a script or data URL stays text', () => {
    stubBooks();
    const hostile = makeContact({
      id: 'hostile',
      first_name: 'Mallory',
      last_name: 'Example',
      infos: [
        { kind: 'url', label: 'homepage', value: 'javascript:alert(document.cookie)' },
        { kind: 'url', label: 'blog', value: 'data:text/html,<b>hi</b>' },
        { kind: 'url', label: 'work', value: 'https://mallory.example/' },
      ],
    });
    renderCards([{ ...adaMatched, contacts: [hostile] }]);
    const card = screen.getByRole('article', { name: 'Contact: Mallory Example' });
    expect(
      within(card)
        .getAllByRole('link')
        .map((link) => link.getAttribute('href')),
    ).toEqual(['https://mallory.example/']);
    expect(within(card).getByText('javascript:alert(document.cookie)')).toBeInTheDocument();
    expect(within(card).getByText('data:text/html,<b>hi</b>')).toBeInTheDocument();
  });

  it('shows the first of a participant’s records when several books know them', () => {
    stubBooks();
    const other = makeContact({ id: 'contact-other', first_name: 'Augusta', last_name: 'King' });
    renderCards([{ ...adaMatched, contacts: [ada, other] }]);

    expect(screen.getByRole('article', { name: 'Contact: Ada Lovelace' })).toBeInTheDocument();
    expect(screen.queryByRole('article', { name: /Augusta/ })).not.toBeInTheDocument();
  });

  it('shows a matched card at once while the books load, and holds an unmatched one’s place', () => {
    stubMissive(() => new Promise<Response>(() => undefined));
    renderCards([adaMatched, stranger]);

    expect(screen.getByRole('article', { name: 'Contact: Ada Lovelace' })).toBeInTheDocument();
    expect(
      screen.getByRole('status', { name: 'Looking up Grace Brewster Hopper' }),
    ).toBeInTheDocument();
  });

  it('says when the books could not be read and tries again on request', async () => {
    let fail = true;
    stubMissive(() =>
      fail
        ? jsonResponse({ error: { message: 'upstream down' } }, 502)
        : jsonResponse({ contact_books: books }),
    );
    renderCards([adaMatched, stranger]);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      /Could not look up Grace Brewster Hopper/,
    );
    // Ada needs no book to be shown.
    expect(screen.getByRole('article', { name: 'Contact: Ada Lovelace' })).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('article', { name: 'Not a contact: Grace Brewster Hopper' }),
    ).toBeInTheDocument();
  });

  it('says so when no one outside the organization takes part', () => {
    stubBooks();
    renderCards([{ name: 'Nobody', email: null, phone: null, contacts: [] }]);
    expect(screen.getByText(/No one outside your organization/)).toBeInTheDocument();
  });

  it('opens the editor from the keyboard and gives focus back to Edit on cancel', async () => {
    stubBooks();
    renderCards([adaMatched]);
    const edit = screen.getByRole('button', { name: 'Edit Ada Lovelace' });
    edit.focus();
    await userEvent.keyboard('{Enter}');
    const form = await screen.findByRole('form', { name: 'Edit Ada Lovelace' });
    await userEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => {
      expect(screen.getByRole('button', { name: 'Edit Ada Lovelace' })).toHaveFocus();
    });
  });

  it('shows the saved contact after an edit until a newer one arrives', async () => {
    const saved = { ...ada, first_name: 'Augusta', modified_at: ada.modified_at + 60 };
    const { writes } = stubBooks(() => jsonResponse({ contact: saved }));
    const { arrive } = renderCards([adaMatched]);

    await userEvent.click(screen.getByRole('button', { name: 'Edit Ada Lovelace' }));
    const first = await screen.findByRole('textbox', { name: 'First name' });
    await userEvent.clear(first);
    await userEvent.type(first, 'Augusta');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(
      await screen.findByRole('article', { name: 'Contact: Augusta Lovelace' }),
    ).toBeInTheDocument();
    expect(requested(writes())).toEqual([`POST /api/contacts/${ada.id}/edit`]);

    // A context read before the gateway saw the edit still has the old record.
    arrive([adaMatched]);
    expect(screen.getByRole('article', { name: 'Contact: Augusta Lovelace' })).toBeInTheDocument();

    // Someone else's later edit wins.
    const newer = { ...ada, first_name: 'Countess', modified_at: saved.modified_at + 60 };
    arrive([{ ...adaMatched, contacts: [newer] }]);
    expect(screen.getByRole('article', { name: 'Contact: Countess Lovelace' })).toBeInTheDocument();
  });
});

describe('an unmatched participant', () => {
  it('gets a card to create the contact in the organization’s shared book', async () => {
    const { requests } = stubBooks();
    const { settled } = renderCards([stranger]);

    const card = await screen.findByRole('article', {
      name: 'Not a contact: Grace Brewster Hopper',
    });
    expect(within(card).getByText('Not in any contact book yet.')).toBeInTheDocument();
    // The create form loads when first offered.
    expect(await within(card).findByRole('combobox', { name: 'Contact book' })).toHaveValue(
      'book-shared',
    );
    expect(within(card).getByRole('button', { name: 'Create contact' })).toBeEnabled();
    await settled();
    expect(requested(requests)).toEqual(['GET /contact_books']);
  });

  it('creates it in one click, prefilled from the conversation, and shows it once matched', async () => {
    const created = makeContact({
      id: 'contact-grace',
      contact_book: 'book-mine',
      first_name: 'Grace',
      last_name: 'Brewster Hopper',
      infos: [{ kind: 'email', label: 'work', value: 'grace@navy.example' }],
    });
    const { writes } = stubBooks(() => jsonResponse({ contacts: [created] }, 201));
    const { arrive } = renderCards([stranger], 'Compiler question');

    const card = await screen.findByRole('article', { name: /Not a contact/ });
    await userEvent.selectOptions(
      await within(card).findByRole('combobox', { name: 'Contact book' }),
      'book-mine',
    );
    await userEvent.click(within(card).getByRole('button', { name: 'Create contact' }));

    expect(await within(card).findByText('Contact created.')).toBeInTheDocument();
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      [
        'POST',
        '/contacts',
        {
          contacts: [
            {
              contact_book: 'book-mine',
              first_name: 'Grace',
              last_name: 'Brewster Hopper',
              infos: [{ kind: 'email', label: 'work', value: 'grace@navy.example' }],
              notes: 'First conversation: Compiler question',
            },
          ],
        },
      ],
    ]);

    // The context read again after the write matches the new contact.
    arrive([{ ...stranger, contacts: [created] }]);
    expect(
      screen.getByRole('article', { name: 'Contact: Grace Brewster Hopper' }),
    ).toBeInTheDocument();
  });

  it('files a phone participant’s number as a mobile', async () => {
    const { writes } = stubBooks(() =>
      jsonResponse({ error: { message: 'Missive is down' } }, 502),
    );
    renderCards([{ name: null, email: null, phone: '+15145550123', contacts: [] }]);
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
    stubBooks(() =>
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
