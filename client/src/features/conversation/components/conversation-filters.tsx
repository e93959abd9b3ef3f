import { useId, useRef, useState, type ComponentType, type SyntheticEvent } from 'react';
import { Button } from '@/components/ui/button';
import {
  contactFilterNames,
  normalizeContactValue,
  personalMailboxNames,
  teamViewNames,
  teamViews,
  type ContactFilter,
  type ContactFilterKind,
  type ConversationFilter,
  type MailboxFilter,
  type PersonalMailbox,
} from '../utils/conversation-filter';
import type { PickerProps } from './option-picker';
import './conversation-browser.css';

/**
 * Teams, labels and contact organizations belong to other features, which
 * this one may not import; the page that composes them hands their pickers
 * in. They mount only when their filter is in use, so their data is read
 * only then.
 */
export interface FilterPickers {
  Team: ComponentType<PickerProps>;
  Label: ComponentType<PickerProps>;
  Organization: ComponentType<PickerProps>;
  /** The organization's name, for the applied-filter line. */
  OrganizationName: ComponentType<{ id: string }>;
}

export interface ConversationFiltersProps {
  filter: ConversationFilter;
  onChange: (filter: ConversationFilter) => void;
  pickers: FilterPickers;
}

/** Missive's left bar, in the order people reach for the mailboxes. */
const personalOrder: PersonalMailbox[] = [
  'inbox',
  'assigned',
  'flagged',
  'snoozed',
  'drafts',
  'all',
  'closed',
  'junked',
  'trashed',
];

/**
 * Which conversations the list shows: exactly one mailbox (one radio group,
 * so there is no way to pick two) and at most one contact filter (one
 * "filter by" choice; applying another replaces it).
 */
export function ConversationFilters({ filter, onChange, pickers }: ConversationFiltersProps) {
  return (
    <div className="conversation-filters">
      <MailboxFields
        mailbox={filter.mailbox}
        onChange={(mailbox) => {
          onChange({ ...filter, mailbox });
        }}
        pickers={pickers}
      />
      <ContactFields
        contact={filter.contact}
        onChange={(contact) => {
          onChange({ ...filter, contact });
        }}
        pickers={pickers}
      />
    </div>
  );
}

function MailboxFields({
  mailbox,
  onChange,
  pickers,
}: {
  mailbox: MailboxFilter;
  onChange: (mailbox: MailboxFilter) => void;
  pickers: FilterPickers;
}) {
  const name = useId();
  const teamId = mailbox.kind === 'team' ? mailbox.teamId : null;
  const radio = (value: string, label: string, checked: boolean, next: MailboxFilter) => (
    <label key={value} className="conversation-filter-choice">
      <input
        type="radio"
        name={name}
        value={value}
        checked={checked}
        onChange={() => {
          onChange(next);
        }}
      />
      <span>{label}</span>
    </label>
  );

  return (
    <fieldset className="conversation-filter-group">
      <legend>Mailbox</legend>
      <div className="conversation-filter-choices">
        {personalOrder.map((box) =>
          radio(
            box,
            personalMailboxNames[box],
            mailbox.kind === 'personal' && mailbox.name === box,
            { kind: 'personal', name: box },
          ),
        )}
      </div>
      <div className="conversation-filter-choices">
        {teamViews.map((view) =>
          // Moving between a team's views keeps the team.
          radio(view, teamViewNames[view], mailbox.kind === 'team' && mailbox.view === view, {
            kind: 'team',
            view,
            teamId,
          }),
        )}
      </div>
      {mailbox.kind === 'team' && (
        <PickerField
          label="Team"
          Picker={pickers.Team}
          value={mailbox.teamId}
          onChange={(id) => {
            onChange({ ...mailbox, teamId: id });
          }}
        />
      )}
      <div className="conversation-filter-choices">
        {radio('shared_label', 'Shared label', mailbox.kind === 'label', {
          kind: 'label',
          labelId: mailbox.kind === 'label' ? mailbox.labelId : null,
        })}
      </div>
      {mailbox.kind === 'label' && (
        <PickerField
          label="Label"
          Picker={pickers.Label}
          value={mailbox.labelId}
          onChange={(id) => {
            onChange({ kind: 'label', labelId: id });
          }}
        />
      )}
    </fieldset>
  );
}

function PickerField({
  label,
  Picker,
  value,
  onChange,
}: {
  label: string;
  Picker: ComponentType<PickerProps>;
} & Omit<PickerProps, 'id'>) {
  const id = useId();
  return (
    <div className="conversation-filter-field">
      <label htmlFor={id}>{label}</label>
      <Picker id={id} value={value} onChange={onChange} />
    </div>
  );
}

const contactKinds: ContactFilterKind[] = ['email', 'domain', 'contact_organization'];

function isContactKind(value: string): value is ContactFilterKind {
  return contactKinds.some((kind) => kind === value);
}

/**
 * The contact filter is typed before it applies (no request per keystroke),
 * so the form keeps a draft; the applied filter shows apart from it with a
 * way to remove it. A new applied filter from the URL (back, a link) resets
 * the draft to it; removing one leaves the draft for another try.
 */
function ContactFields({
  contact,
  onChange,
  pickers,
}: {
  contact: ContactFilter | null;
  onChange: (contact: ContactFilter | null) => void;
  pickers: FilterPickers;
}) {
  const [applied, setApplied] = useState(contact);
  const [kind, setKind] = useState<ContactFilterKind>(contact?.kind ?? 'email');
  const [text, setText] = useState(textOf(contact));
  const [organizationId, setOrganizationId] = useState(organizationOf(contact));
  const [error, setError] = useState<string | null>(null);
  if (!sameContact(contact, applied)) {
    setApplied(contact);
    if (contact) {
      setKind(contact.kind);
      setText(textOf(contact));
      setOrganizationId(organizationOf(contact));
      setError(null);
    }
  }
  const ids = { kind: useId(), value: useId(), error: useId() };
  const kindSelect = useRef<HTMLSelectElement>(null);
  const { Organization, OrganizationName } = pickers;

  function apply(event: SyntheticEvent) {
    event.preventDefault();
    if (kind === 'contact_organization') {
      if (organizationId) onChange({ kind, value: organizationId });
      else setError('Choose an organization');
      return;
    }
    const result = normalizeContactValue(kind, text);
    if ('error' in result) {
      setError(result.error);
      return;
    }
    setError(null);
    setText(result.value);
    onChange({ kind, value: result.value });
  }

  return (
    <fieldset className="conversation-filter-group">
      <legend>Contact</legend>
      {contact && (
        <p className="conversation-filter-applied">
          <span>
            Only conversations with {contactFilterNames[contact.kind].toLowerCase()}{' '}
            <strong>
              {contact.kind === 'contact_organization' ? (
                <OrganizationName id={contact.value} />
              ) : (
                contact.value
              )}
            </strong>
          </span>
          <Button
            variant="secondary"
            onClick={() => {
              onChange(null);
              // The button goes with the filter; the focus goes to where another is chosen.
              kindSelect.current?.focus();
            }}
          >
            Remove contact filter
          </Button>
        </p>
      )}
      <form className="conversation-filter-contact" onSubmit={apply} noValidate>
        <div className="conversation-filter-field">
          <label htmlFor={ids.kind}>Filter by</label>
          <select
            ref={kindSelect}
            id={ids.kind}
            className="conversation-filter-select"
            value={kind}
            onChange={(event) => {
              if (isContactKind(event.target.value)) setKind(event.target.value);
              setError(null);
            }}
          >
            {contactKinds.map((option) => (
              <option key={option} value={option}>
                {contactFilterNames[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="conversation-filter-field">
          {kind === 'contact_organization' ? (
            <>
              <label htmlFor={ids.value}>Contact organization</label>
              <Organization
                id={ids.value}
                value={organizationId}
                onChange={(id) => {
                  setOrganizationId(id);
                  setError(null);
                }}
              />
            </>
          ) : (
            <>
              <label htmlFor={ids.value}>
                {kind === 'email' ? 'Email address' : 'Domain name'}
              </label>
              <input
                id={ids.value}
                type={kind === 'email' ? 'email' : 'text'}
                className="conversation-filter-input"
                value={text}
                placeholder={kind === 'email' ? 'ada@example.com' : 'example.com'}
                aria-invalid={error !== null}
                aria-describedby={error ? ids.error : undefined}
                onChange={(event) => {
                  setText(event.target.value);
                }}
              />
            </>
          )}
        </div>
        {error && (
          <p id={ids.error} className="error" role="alert">
            {error}
          </p>
        )}
        <Button type="submit">Apply contact filter</Button>
      </form>
    </fieldset>
  );
}

function sameContact(a: ContactFilter | null, b: ContactFilter | null): boolean {
  return a?.kind === b?.kind && a?.value === b?.value;
}

function textOf(contact: ContactFilter | null): string {
  return contact && contact.kind !== 'contact_organization' ? contact.value : '';
}

function organizationOf(contact: ContactFilter | null): string | null {
  return contact?.kind === 'contact_organization' ? contact.value : null;
}
