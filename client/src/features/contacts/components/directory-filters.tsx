import type { ContactBook } from '@crm/shared/missive/contacts';
import { FilterSelect } from '@/components/filter-select';
import { SearchField } from '@/components/search-field';
import { useContactGroups, type ContactGroupKind } from '../api/get-contact-groups';
import type { DirectoryParamName, DirectoryParams } from '../utils/directory-params';

export type DirectoryUpdate = (
  changes: Partial<Record<DirectoryParamName, string | null>>,
  options?: { replace?: boolean },
) => void;

const orderOptions = [
  { value: 'last_name', label: 'Name' },
  { value: 'last_modified', label: 'Last modified' },
];

/** Book, search, order, and the chosen book's groups and organizations. */
export function DirectoryFilters({
  params,
  books,
  update,
}: {
  params: DirectoryParams;
  books: readonly ContactBook[];
  update: DirectoryUpdate;
}) {
  // A book in the URL that is not (or no longer) shared: shown as chosen, no groups asked for.
  const known = books.some((book) => book.id === params.book);
  const groupBook = known ? params.book : null;
  return (
    <div role="search" aria-label="Find contacts" className="filter-bar">
      <FilterSelect
        label="Contact book"
        value={params.book ?? ''}
        options={[
          { value: '', label: 'All books' },
          ...books.map((book) => ({ value: book.id, label: book.name })),
          ...(params.book && !known ? [{ value: params.book, label: 'Unknown book' }] : []),
        ]}
        onChange={(book) => {
          // Groups belong to one book: a filter by another book's group would hide everyone.
          update({ book, group: null, organization: null });
        }}
      />
      <SearchField
        label="Search"
        placeholder={params.book ? 'Name, email, phone, company…' : 'Search every book…'}
        value={params.search}
        onCommit={(search) => {
          update({ q: search }, { replace: true });
        }}
      />
      <FilterSelect
        label="Sort by"
        value={params.order}
        options={orderOptions}
        onChange={(order) => {
          update({ order: order === 'last_name' ? null : order });
        }}
      />
      <GroupFilter
        kind="group"
        book={groupBook}
        value={params.group}
        onChange={(group) => {
          update({ group });
        }}
      />
      <GroupFilter
        kind="organization"
        book={groupBook}
        value={params.organization}
        onChange={(organization) => {
          update({ organization });
        }}
      />
    </div>
  );
}

const kindText: Record<ContactGroupKind, { label: string; any: string }> = {
  group: { label: 'Group', any: 'Any group' },
  organization: { label: 'Organization', any: 'Any organization' },
};

function GroupFilter({
  kind,
  book,
  value,
  onChange,
}: {
  kind: ContactGroupKind;
  book: string | null;
  value: string | null;
  onChange: (id: string) => void;
}) {
  const groups = useContactGroups(book, kind);
  const { label, any } = kindText[kind];
  const options = [
    { value: '', label: any },
    ...(groups.data ?? []).map((group) => ({ value: group.id, label: group.name })),
  ];
  // A group in the URL that has not loaded (or no longer exists) still shows as chosen.
  if (value && !options.some((option) => option.value === value)) {
    options.push({ value, label: groups.isPending ? 'Loading…' : 'Unknown (removed?)' });
  }
  const hint =
    book === null
      ? `Choose a contact book to filter by ${label.toLowerCase()}.`
      : groups.isError
        ? `Could not read the ${label.toLowerCase()}s of this book.`
        : null;
  return (
    <FilterSelect
      label={label}
      value={value ?? ''}
      options={options}
      disabled={book === null}
      hint={hint}
      onChange={onChange}
    />
  );
}
