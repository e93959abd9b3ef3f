import { useId, useState } from 'react';
import type { ContactBook } from '@crm/shared/missive/contacts';
import { WriteStatus } from '@/components/write-status';
import { useCreateContact } from '../api/create-contact';
import { defaultBook, newContactInput, type Participant } from '../utils/participant';
import { busyMessage } from '../utils/write-errors';
import './contacts.css';

export interface NewContactCardProps {
  participant: Participant;
  books: readonly ContactBook[];
  conversationSubject?: string | null | undefined;
}

/**
 * A participant no contact book knows: one click files them, named and
 * reachable as the conversation shows them, in the book the agent picks
 * (the organisation's shared book unless changed).
 */
export function NewContactCard({ participant, books, conversationSubject }: NewContactCardProps) {
  const selectId = useId();
  const [book, setBook] = useState(() => defaultBook(books)?.id ?? '');
  const create = useCreateContact();
  const title = participant.name ?? participant.email ?? participant.phone ?? 'Unknown';
  const address = [participant.email, participant.phone].filter(Boolean).join(' · ');

  return (
    <article className="contacts-card" aria-label={`Not a contact: ${title}`}>
      <h3 className="contacts-name">{title}</h3>
      {address && address !== title ? <p className="contacts-muted">{address}</p> : null}
      <p className="contacts-muted">Not in any contact book yet.</p>
      {books.length === 0 ? (
        <p className="contacts-muted">
          No contact book is shared with you, so none can be created.
        </p>
      ) : (
        <form
          className="contacts-create"
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate(newContactInput(participant, book, conversationSubject));
          }}
        >
          <div className="contacts-field">
            <label htmlFor={selectId}>Contact book</label>
            <select
              id={selectId}
              value={book}
              onChange={(event) => {
                setBook(event.target.value);
              }}
            >
              {books.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="contacts-button" disabled={create.isPending}>
            Create contact
          </button>
        </form>
      )}
      <WriteStatus
        pending={create.isPending ? 'Creating contact…' : null}
        success={create.isSuccess ? 'Contact created.' : null}
        error={busyMessage(create.error) ?? create.error}
      />
    </article>
  );
}
