import { lazy, useState } from 'react';
import type { Contact, ContactBook } from '@crm/shared/missive/contacts';
import { ViewBoundary } from '@/components/view-boundary';
import { useContactBooks } from '@/lib/contact-books';
import { describeError } from '@/lib/describe-error';
import { participantKey, type Participant } from '../utils/participant';
import { ContactCard, ContactCardSkeleton } from './contact-card';
import { NewContactCard } from './new-contact-card';
import './contacts.css';
import { Button } from '@/components/ui/button';

// The editor (and its form library) is downloaded when Edit is first pressed,
// not with every sidebar that only shows the card.
const ContactEditor = lazy(() =>
  import('./contact-editor').then((m) => ({ default: m.ContactEditor })),
);

/** A participant with their records, matched by the gateway across every contact book. */
export interface MatchedParticipant extends Participant {
  contacts: readonly Contact[];
}

export interface ContactCardsProps {
  participants: readonly MatchedParticipant[];
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
  participant: MatchedParticipant;
  books: ContactBook[] | undefined;
  booksError: Error | null;
  onRetryBooks: () => void;
  conversationSubject: string | null | undefined;
}) {
  const [mode, setMode] = useState<'view' | 'edit' | 'edited'>('view');
  // The saved version shows at once; the context read again after the save
  // brings it too, and anything newer than it (someone else's edit) wins.
  const [saved, setSaved] = useState<Contact | null>(null);
  const matched = participant.contacts[0];
  const contact = saved && isNewer(saved, matched) ? saved : matched;
  const who = participant.name ?? participant.email ?? participant.phone ?? 'participant';

  if (!contact) {
    if (booksError) {
      return (
        <div className="contacts-card contacts-load-error" role="alert">
          <p>
            Could not look up {who}: {describeError(booksError)}
          </p>
          <Button variant="secondary" onClick={onRetryBooks}>
            Try again
          </Button>
        </div>
      );
    }
    // Creating the contact needs the books to choose from.
    if (!books) return <ContactCardSkeleton label={`Looking up ${who}`} />;
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
      <ViewBoundary>
        <ContactEditor
          contact={contact}
          onDone={(result) => {
            if (result) setSaved(result);
            setMode('edited');
          }}
        />
      </ViewBoundary>
    );
  }
  return (
    <ContactCard
      contact={contact}
      focusEdit={mode === 'edited'}
      onEdit={() => {
        setMode('edit');
      }}
    />
  );
}

function isNewer(saved: Contact, matched: Contact | undefined): boolean {
  return !matched || saved.modified_at >= matched.modified_at;
}
