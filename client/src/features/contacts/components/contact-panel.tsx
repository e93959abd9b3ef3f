import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { Contact } from '@crm/shared/missive/contacts';
import { describeError } from '@/lib/describe-error';
import { showContact, useContact } from '../api/get-contact';
import { ContactCard, ContactCardSkeleton } from './contact-card';
import { ContactEditor } from './contact-editor';
import { Card } from '@/components/ui/card';
import { Button } from '@/components/ui/button';

export interface ContactPanelProps {
  contactId: string;
  onClose: () => void;
  /** Open straight in the editor, e.g. for a contact just created. */
  editing?: boolean;
}

/**
 * The contact opened from the list: the sidebar's card and its loss-free
 * editor, and where to find the contact's conversations. Mount it with
 * `key={contactId}` so another contact starts in view mode.
 */
export function ContactPanel({ contactId, onClose, editing = false }: ContactPanelProps) {
  const queryClient = useQueryClient();
  const contact = useContact(contactId);
  const [mode, setMode] = useState<'view' | 'edit' | 'edited'>(editing ? 'edit' : 'view');
  const titleId = useId();

  let body;
  if (contact.isError) {
    body = (
      <div className="contacts-card contacts-load-error" role="alert">
        <p>Could not open this contact: {describeError(contact.error)}</p>
        <Button variant="secondary" onClick={() => void contact.refetch()}>
          Try again
        </Button>
      </div>
    );
  } else if (!contact.data) {
    body = <ContactCardSkeleton label="Loading the contact" />;
  } else if (mode === 'edit') {
    body = (
      <ContactEditor
        contact={contact.data}
        onDone={(saved) => {
          // Show the saved version at once; the refetch the save started confirms it.
          if (saved) showContact(queryClient, saved);
          setMode('edited');
        }}
      />
    );
  } else {
    body = (
      <>
        <ContactCard
          contact={contact.data}
          focusEdit={mode === 'edited'}
          onEdit={() => {
            setMode('edit');
          }}
        />
        <ContactConversations contact={contact.data} />
      </>
    );
  }

  return (
    <section className="contacts-page-detail" aria-labelledby={titleId}>
      <div className="contacts-page-detail-bar">
        <h2 id={titleId} className="contacts-page-detail-title">
          Contact
        </h2>
        <Button variant="secondary" aria-label="Close contact" onClick={onClose}>
          Close
        </Button>
      </div>
      {body}
    </section>
  );
}

/**
 * Missive finds a contact's conversations by email address; the dashboard's
 * conversations view lists them (newest first) from a link, so this feature
 * needs no list of its own.
 */
function ContactConversations({ contact }: { contact: Contact }) {
  const emails = [
    ...new Set(
      (contact.infos ?? [])
        .filter((info) => info.kind === 'email' && info.value)
        .map((info) => info.value?.toLowerCase() ?? ''),
    ),
  ];
  return (
    <Card
      as="section"
      padding="sm"
      className="contacts-page-conversations"
      aria-label="Conversations"
    >
      <h3>Conversations</h3>
      {emails.length === 0 ? (
        <p className="contacts-muted">
          No email address on file: conversations are found by email.
        </p>
      ) : (
        <ul>
          {emails.map((email) => (
            <li key={email}>
              <Link
                to={`/conversations?${new URLSearchParams({ mailbox: 'all', email }).toString()}`}
              >
                Conversations with {email}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
