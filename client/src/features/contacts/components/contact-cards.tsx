import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ContactBook } from '@crm/shared/missive/contacts';
import { useContactBooks } from '../../../lib/contact-books';
import { describeError } from '../../../lib/describe-error';
import {
  getParticipantContactQueryOptions,
  useParticipantContact,
} from '../api/find-participant-contact';
import { participantKey, type Participant } from '../utils/participant';
import { ContactCard, ContactCardSkeleton } from './contact-card';
import { ContactEditor } from './contact-editor';
import { NewContactCard } from './new-contact-card';
import './contacts.css';

export interface ContactCardsProps {
  participants: readonly Participant[];
  /** Noted on a contact created from this conversation. */
  conversationSubject?: string | null;
}

/** A card for every external participant of the conversation, matched across all contact books. */
export function ContactCards({ participants, conversationSubject }: ContactCardsProps) {
  const books = useContactBooks();
  const reachable = participants.filter((participant) => participant.email ?? participant.phone);

  return (
    <section className="contacts" aria-label="Contacts">
      <h2>Contacts</h2>
      {reachable.length === 0 ? (
        <p className="contacts-muted">No one outside your organization in this conversation.</p>
      ) : (
        <ul className="contacts-list">
          {reachable.map((participant) => (
            <li key={participantKey(participant)}>
              <ParticipantContact
                participant={participant}
                books={books.data}
                booksError={books.error}
                onRetryBooks={() => void books.refetch()}
                conversationSubject={conversationSubject}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ParticipantContact({
  participant,
  books,
  booksError,
  onRetryBooks,
  conversationSubject,
}: {
  participant: Participant;
  books: ContactBook[] | undefined;
  booksError: Error | null;
  onRetryBooks: () => void;
  conversationSubject: string | null | undefined;
}) {
  const queryClient = useQueryClient();
  const bookIds = books?.map((book) => book.id);
  const found = useParticipantContact(participant, bookIds);
  const [mode, setMode] = useState<'view' | 'edit' | 'edited'>('view');
  const who = participant.name ?? participant.email ?? participant.phone ?? 'participant';

  const error = booksError ?? found.error;
  if (error) {
    return (
      <div className="contacts-card contacts-load-error" role="alert">
        <p>
          Could not look up {who}: {describeError(error)}
        </p>
        <button
          type="button"
          className="contacts-button contacts-button-quiet"
          onClick={() => {
            if (booksError) onRetryBooks();
            else void found.refetch();
          }}
        >
          Try again
        </button>
      </div>
    );
  }
  if (!books || found.isPending) return <ContactCardSkeleton label={`Looking up ${who}`} />;
  if (!found.data) {
    return (
      <NewContactCard
        participant={participant}
        books={books}
        conversationSubject={conversationSubject}
      />
    );
  }
  if (mode === 'edit') {
    return (
      <ContactEditor
        contact={found.data}
        onDone={(saved) => {
          // Show the saved version at once; the refetch the save started confirms it.
          if (saved && bookIds) {
            const { queryKey } = getParticipantContactQueryOptions(participant, bookIds);
            queryClient.setQueryData(queryKey, saved);
          }
          setMode('edited');
        }}
      />
    );
  }
  return (
    <ContactCard
      contact={found.data}
      focusEdit={mode === 'edited'}
      onEdit={() => {
        setMode('edit');
      }}
    />
  );
}
