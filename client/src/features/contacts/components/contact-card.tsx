import { useEffect, useRef } from 'react';
import type { Contact, ContactInfo } from '@crm/shared/missive/contacts';
import { infoKinds } from '@crm/shared/missive/contacts';
import { useHost } from '@/host/host-context';
import {
  displayName,
  infoLabel,
  infoText,
  isInfoKind,
  isOrganization,
  kindTitles,
  membershipText,
} from '../utils/contact-format';
import './contacts.css';
import { safeLink } from '@/lib/safe-link';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';

export interface ContactCardProps {
  contact: Contact;
  onEdit: () => void;
  /** Put focus on Edit, e.g. when the editor just closed. */
  focusEdit?: boolean;
}

/** Infos grouped by kind, in Missive's order of kinds; unknown kinds last. */
function groupInfos(infos: readonly ContactInfo[]): [string, ContactInfo[]][] {
  const groups = new Map<string, ContactInfo[]>();
  for (const kind of infoKinds) groups.set(kind, []);
  for (const info of infos) groups.set(info.kind, [...(groups.get(info.kind) ?? []), info]);
  return [...groups].filter(([, items]) => items.length > 0);
}

/** Who the participant is: name, company and title, every detail, groups and notes. */
export function ContactCard({ contact, onEdit, focusEdit = false }: ContactCardProps) {
  const host = useHost();
  const editButton = useRef<HTMLButtonElement>(null);
  const name = displayName(contact);
  const memberships = contact.memberships ?? [];
  const organizations = memberships.filter(isOrganization);
  const groups = memberships.filter((membership) => !isOrganization(membership));

  useEffect(() => {
    if (focusEdit) editButton.current?.focus();
  }, [focusEdit]);

  return (
    <article className="contacts-card" aria-label={`Contact: ${name}`}>
      <header className="contacts-card-head">
        <h3 className="contacts-name">
          {name}
          {contact.starred ? (
            <span className="contacts-star" role="img" aria-label="Starred">
              ★
            </span>
          ) : null}
        </h3>
        <Button variant="secondary" ref={editButton} aria-label={`Edit ${name}`} onClick={onEdit}>
          Edit
        </Button>
      </header>
      {organizations.map((membership) => (
        <p key={membership.group.id} className="contacts-org">
          {membershipText(membership)}
        </p>
      ))}
      {contact.infos?.length ? (
        <dl className="contacts-infos">
          {groupInfos(contact.infos).map(([kind, infos]) => (
            <div key={kind} className="contacts-info-group">
              <dt>{isInfoKind(kind) ? kindTitles[kind].many : kind}</dt>
              {infos.map((info, index) => {
                const link = kind === 'url' ? safeLink(info.value) : null;
                return (
                  <dd key={index}>
                    <span className="contacts-info-label">{infoLabel(info)}</span>{' '}
                    {link ? (
                      <a
                        href={link}
                        onClick={(event) => {
                          event.preventDefault();
                          host.openUrl(link);
                        }}
                      >
                        {info.value}
                      </a>
                    ) : (
                      <span className="contacts-info-value">{infoText(info)}</span>
                    )}
                  </dd>
                );
              })}
            </div>
          ))}
        </dl>
      ) : (
        <p className="contacts-muted">No email, phone or address on file.</p>
      )}
      {groups.length ? (
        <ul className="contacts-groups" aria-label="Groups">
          {groups.map((membership) => (
            <li key={membership.group.id}>
              <Badge>{membership.group.name}</Badge>
            </li>
          ))}
        </ul>
      ) : null}
      {contact.notes ? <p className="contacts-notes">{contact.notes}</p> : null}
    </article>
  );
}

/** The card's place while the contact is looked up: same frame and height, no jump. */
export function ContactCardSkeleton({ label }: { label: string }) {
  return (
    <div className="contacts-card contacts-skeleton" role="status" aria-label={label}>
      <span className="contacts-skeleton-line contacts-skeleton-title" />
      <span className="contacts-skeleton-line" />
      <span className="contacts-skeleton-line" />
      <span className="contacts-skeleton-line contacts-skeleton-short" />
    </div>
  );
}
