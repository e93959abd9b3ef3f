import { memo, useEffect, useEffectEvent, useMemo, useState } from 'react';
import { SearchParamLink } from '@/components/search-param-link';
import type { Contact } from '@crm/shared/missive/contacts';
import { describeError } from '@/lib/describe-error';
import { useContactDirectory } from '../api/get-contact-directory';
import { displayName, isOrganization, membershipText } from '../utils/contact-format';
import { inEveryGroup, mergeDirectory } from '../utils/directory';
import { directoryParamNames, type DirectoryParams } from '../utils/directory-params';
import { Button } from '@/components/ui/button';

export interface ContactDirectoryProps {
  params: DirectoryParams;
  /** The books listed (one, or every book) and their names, shown on rows when several. */
  books: readonly { id: string; name: string }[];
  /** The URL's list part, which each row's link keeps. */
  listSearch: string;
}

/**
 * The contacts of the chosen books, a page at a time: more load as the end
 * of the list scrolls into view, or with "Load more". Rows are memoized on
 * their contact, so opening one or loading a page re-renders only what
 * changed.
 */
export function ContactDirectory({ params, books, listSearch }: ContactDirectoryProps) {
  const directory = useContactDirectory({
    books: books.map((book) => book.id),
    search: params.search,
    order: params.order,
  });
  const { data, hasNextPage, isFetchingNextPage, fetchNextPage } = directory;
  const merged = useMemo(
    () => mergeDirectory(data?.pages ?? [], params.order),
    [data, params.order],
  );
  const { group, organization } = params;
  const filtered = group !== null || organization !== null;
  const shown = useMemo(() => {
    const groupIds = [group, organization].filter((id) => id !== null);
    return merged.contacts.filter((contact) => inEveryGroup(contact, groupIds));
  }, [merged, group, organization]);
  const bookNames = useMemo(
    () => (books.length > 1 ? new Map(books.map((book) => [book.id, book.name])) : null),
    [books],
  );
  const loadMore = () => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  };
  const sentinel = useAutoLoad(hasNextPage && !isFetchingNextPage && !directory.isError, loadMore);
  const busy = directory.isFetching && !isFetchingNextPage;

  return (
    <section className="contacts-page-list-section" aria-label="Contact list">
      <p role="status" className="contacts-page-count">
        {directory.isPending
          ? 'Loading contacts…'
          : countText(shown.length, merged.contacts.length, filtered, hasNextPage)}
      </p>
      {directory.isError ? (
        <div role="alert" className="error contacts-page-error">
          <p>Could not list contacts: {describeError(directory.error)}</p>
          <Button variant="secondary" onClick={() => void directory.refetch()}>
            Try again
          </Button>
        </div>
      ) : null}
      {!directory.isPending && shown.length === 0 && !hasNextPage && !directory.isError ? (
        <p className="contacts-muted">{emptyText(params)}</p>
      ) : null}
      <ul className="contacts-page-list" aria-label="Contacts" aria-busy={busy}>
        {shown.map((contact) => (
          <ContactRow
            key={contact.id}
            contact={contact}
            selected={contact.id === params.contact}
            bookName={bookNames?.get(contact.contact_book) ?? null}
            listSearch={listSearch}
          />
        ))}
      </ul>
      {hasNextPage ? (
        <div ref={sentinel} className="contacts-page-more">
          <Button variant="secondary" disabled={isFetchingNextPage} onClick={loadMore}>
            {isFetchingNextPage ? 'Loading more…' : 'Load more'}
          </Button>
          {merged.waiting > 0 ? (
            <span className="contacts-muted"> {merged.waiting} more read from other books</span>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function countText(shown: number, loaded: number, filtered: boolean, more: boolean): string {
  const plural = (count: number) => `${count} contact${count === 1 ? '' : 's'}`;
  if (!filtered) return more ? `${plural(shown)} so far` : plural(shown);
  const of = `${shown} of ${plural(loaded)} ${more ? 'read so far ' : ''}in the chosen group`;
  return more ? `${of}; load more to find others` : of;
}

function emptyText(params: DirectoryParams): string {
  if (params.search) return `No contact matches “${params.search}”.`;
  if (params.group || params.organization) return 'No contact is in the chosen group.';
  return 'No contacts in this book yet.';
}

/**
 * Calls `load` while `element` is within a screen of the viewport. Loading
 * continues page after page as long as it stays there (a group filter can
 * hide whole pages), and stops when it scrolls away. Without
 * IntersectionObserver, "Load more" does the work.
 */
function useAutoLoad(ready: boolean, load: () => void) {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const [near, setNear] = useState(false);
  const loadNow = useEffectEvent(load);

  useEffect(() => {
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        setNear(entries.some((entry) => entry.isIntersecting));
      },
      { rootMargin: '100% 0px' },
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, [element]);

  useEffect(() => {
    if (near && ready) loadNow();
  }, [near, ready]);

  return setElement;
}

const ContactRow = memo(function ContactRow({
  contact,
  selected,
  bookName,
  listSearch,
}: {
  contact: Contact;
  selected: boolean;
  bookName: string | null;
  listSearch: string;
}) {
  const organization = (contact.memberships ?? []).find(isOrganization);
  const email = contact.infos?.find((info) => info.kind === 'email')?.value;
  const details = [organization ? membershipText(organization) : null, email, bookName].filter(
    Boolean,
  );
  return (
    <li>
      <SearchParamLink
        base={listSearch}
        changes={{
          [directoryParamNames.contact]: contact.id,
          [directoryParamNames.creating]: null,
        }}
        className="contacts-page-row"
        aria-current={selected ? 'true' : undefined}
      >
        <span className="contacts-page-row-name">
          {displayName(contact)}
          {contact.starred ? (
            <span className="contacts-star" role="img" aria-label="Starred">
              ★
            </span>
          ) : null}
        </span>
        {details.length ? (
          <span className="contacts-page-row-details">{details.join(' · ')}</span>
        ) : null}
      </SearchParamLink>
    </li>
  );
});
