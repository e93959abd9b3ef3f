import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ContactBook } from '@crm/shared/missive/contacts';
import { useContactBooks } from '@/lib/contact-books';
import { describeError } from '@/lib/describe-error';
import { showContact } from '../api/get-contact';
import { useSearchParamChanges } from '@/lib/search-params';
import { listSearch, readDirectoryParams, type DirectoryParams } from '../utils/directory-params';
import { defaultBook } from '../utils/participant';
import { ContactDirectory } from './contact-directory';
import { ContactPanel } from './contact-panel';
import { DirectoryFilters, type DirectoryUpdate } from './directory-filters';
import { NewContactForm } from './new-contact-form';
import './contacts.css';
import './contacts-page.css';
import { Button } from '@/components/ui/button';

/**
 * `/contacts`: the contact directory. Pick a book or all of them, search,
 * sort, narrow to a group or an organization, and open a contact beside the
 * list in the sidebar's own card and editor. Everything that decides what
 * shows lives in the URL.
 */
export function ContactsPage() {
  const [searchParams, update] = useSearchParamChanges();
  const params = readDirectoryParams(searchParams);
  const books = useContactBooks();

  return (
    <div className="contacts-page">
      <header className="contacts-page-head">
        <h1>Contacts</h1>
        <Button
          disabled={!books.data?.length}
          onClick={() => {
            update({ new: '1', contact: null });
          }}
        >
          New contact
        </Button>
      </header>
      {books.isError ? (
        <div role="alert" className="error contacts-page-error">
          <p>Could not read the contact books: {describeError(books.error)}</p>
          <Button variant="secondary" onClick={() => void books.refetch()}>
            Try again
          </Button>
        </div>
      ) : !books.data ? (
        <p role="status" className="contacts-muted">
          Loading contact books…
        </p>
      ) : books.data.length === 0 ? (
        <p className="contacts-muted">No contact book is shared with you yet.</p>
      ) : (
        <Directory
          params={params}
          books={books.data}
          listSearch={listSearch(searchParams)}
          update={update}
        />
      )}
    </div>
  );
}

function Directory({
  params,
  books,
  listSearch: list,
  update,
}: {
  params: DirectoryParams;
  books: readonly ContactBook[];
  listSearch: string;
  update: DirectoryUpdate;
}) {
  const queryClient = useQueryClient();
  // A contact just created opens in the editor, to add what the short form left out.
  const [created, setCreated] = useState<string | null>(null);
  const chosen = params.book === null ? books : books.filter((book) => book.id === params.book);
  const open = params.creating || params.contact !== null;

  return (
    <>
      <DirectoryFilters params={params} books={books} update={update} />
      {params.book !== null && chosen.length === 0 ? (
        <p role="alert" className="error contacts-page-error">
          This contact book is not shared with you, or no longer exists.
        </p>
      ) : (
        <div className="contacts-page-body" data-open={open || undefined}>
          <ContactDirectory params={params} books={chosen} listSearch={list} />
          {params.creating ? (
            <section className="contacts-page-detail" aria-label="New contact">
              <NewContactForm
                books={books}
                initialBook={params.book ?? defaultBook(books)?.id ?? ''}
                onCreated={(contact) => {
                  showContact(queryClient, contact);
                  setCreated(contact.id);
                  update({ new: null, contact: contact.id });
                }}
                onCancel={() => {
                  update({ new: null });
                }}
              />
            </section>
          ) : params.contact !== null ? (
            <ContactPanel
              key={params.contact}
              contactId={params.contact}
              editing={params.contact === created}
              onClose={() => {
                update({ contact: null });
              }}
            />
          ) : (
            <p className="contacts-muted contacts-page-placeholder">
              Choose a contact to see and edit it here.
            </p>
          )}
        </div>
      )}
    </>
  );
}
