import { useId, useState } from 'react';
import { FilterSelect } from '@/components/filter-select';
import { SearchField } from '@/components/search-field';
import { useContactBooks } from '@/lib/contact-books';
import { describeError } from '@/lib/describe-error';
import { Button } from '@/components/ui/button';
import { useSampleContacts } from '../api/search-sample-contacts';
import { builtInSample, sampleOf, type SampleContact } from '../utils/sample-contact';

export interface SampleContactPickerProps {
  sample: SampleContact;
  onPick: (sample: SampleContact) => void;
}

/** Who the preview is for: the built-in sample, or a contact found by name in one book. */
export function SampleContactPicker({ sample, onPick }: SampleContactPickerProps) {
  const name = useId();
  const [source, setSource] = useState<'built-in' | 'book'>('built-in');
  return (
    <fieldset className="drafts-sample">
      <legend>Preview for</legend>
      <label className="drafts-check">
        <input
          type="radio"
          name={name}
          checked={source === 'built-in'}
          onChange={() => {
            setSource('built-in');
            onPick(builtInSample);
          }}
        />
        Sample contact ({builtInSample.label})
      </label>
      <label className="drafts-check">
        <input
          type="radio"
          name={name}
          checked={source === 'book'}
          onChange={() => {
            setSource('book');
          }}
        />
        A contact from a contact book
      </label>
      {source === 'book' ? <ContactSearch chosen={sample} onPick={onPick} /> : null}
    </fieldset>
  );
}

function ContactSearch({
  chosen,
  onPick,
}: {
  chosen: SampleContact;
  onPick: (sample: SampleContact) => void;
}) {
  const books = useContactBooks();
  const [picked, setPicked] = useState('');
  const [search, setSearch] = useState('');
  // The organisation's shared book unless the agent picks another.
  const fallback = books.data?.find((option) => option.share_with_organization) ?? books.data?.[0];
  const book = picked || fallback?.id || '';
  const found = useSampleContacts(book, search);

  if (books.isError) {
    return (
      <p role="alert" className="error">
        Could not read the contact books. {describeError(books.error)}
      </p>
    );
  }
  return (
    <div className="drafts-sample-search">
      <div className="filter-bar">
        <FilterSelect
          label="Contact book"
          value={book}
          disabled={!books.data?.length}
          options={(books.data ?? []).map((option) => ({ value: option.id, label: option.name }))}
          onChange={setPicked}
        />
        <SearchField label="Find by name" value={search} onCommit={setSearch} />
      </div>
      {found.isError ? (
        <p role="alert" className="error">
          Could not search this book. {describeError(found.error)}
        </p>
      ) : search === '' ? null : found.isPending ? (
        <p role="status" className="drafts-hint">
          Searching…
        </p>
      ) : found.data.length === 0 ? (
        <p role="status" className="drafts-hint">
          No contact in this book matches “{search}”.
        </p>
      ) : (
        <ul className="drafts-sample-results" aria-label="Matching contacts">
          {found.data.map((contact) => {
            const sample = sampleOf(contact);
            return (
              <li key={contact.id}>
                <Button
                  variant="secondary"
                  aria-pressed={sample.id === chosen.id}
                  onClick={() => {
                    onPick(sample);
                  }}
                >
                  {sample.label}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
