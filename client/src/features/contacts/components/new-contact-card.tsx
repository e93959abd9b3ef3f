import { lazy } from 'react';
import type { ContactBook } from '@crm/shared/missive/contacts';
import { ViewBoundary } from '@/components/view-boundary';
import type { Participant } from '../utils/participant';
import './contacts.css';

// The form (and its form library) loads when a card first offers to create a
// contact, not with every sidebar that only shows matched contacts.
const NewContactCardForm = lazy(() =>
  import('./new-contact-card-form').then((m) => ({ default: m.NewContactCardForm })),
);

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
        <ViewBoundary>
          <NewContactCardForm
            participant={participant}
            books={books}
            conversationSubject={conversationSubject}
          />
        </ViewBoundary>
      )}
    </article>
  );
}
