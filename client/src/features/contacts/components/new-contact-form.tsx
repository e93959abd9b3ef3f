import { useForm } from 'react-hook-form';
import {
  contactCreateInputSchema,
  type Contact,
  type ContactBook,
  type ContactCreateInput,
} from '@crm/shared/missive/contacts';
import { WriteStatus } from '@/components/write-status';
import { useCreateContact } from '../api/create-contact';
import { busyMessage } from '../utils/write-errors';
import { SelectField, TextField } from './form-fields';

export interface NewContactFormProps {
  books: readonly ContactBook[];
  /** The book chosen at first: the one the list shows, else the organisation's shared one. */
  initialBook: string;
  onCreated: (contact: Contact) => void;
  onCancel: () => void;
}

interface NewContactValues {
  contact_book: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
}

type ValueField = keyof NewContactValues;

/**
 * The request, and which input each of its infos came from, so a problem
 * the shared schema finds in `infos.1.value` shows under the right input.
 */
function toCreateInput(values: NewContactValues) {
  const infos: NonNullable<ContactCreateInput['infos']> = [];
  const infoFields: ValueField[] = [];
  if (values.email.trim()) {
    infos.push({ kind: 'email', label: 'work', value: values.email.trim() });
    infoFields.push('email');
  }
  if (values.phone.trim()) {
    infos.push({ kind: 'phone_number', label: 'mobile', value: values.phone.trim() });
    infoFields.push('phone');
  }
  const first = values.first_name.trim();
  const last = values.last_name.trim();
  const input: ContactCreateInput = {
    contact_book: values.contact_book,
    ...(first ? { first_name: first } : {}),
    ...(last ? { last_name: last } : {}),
    ...(infos.length ? { infos } : {}),
  };
  const fieldOf = (path: readonly PropertyKey[]): ValueField => {
    const [head, index] = path;
    if (head === 'infos' && typeof index === 'number') return infoFields[index] ?? 'email';
    if (head === 'first_name' || head === 'last_name' || head === 'contact_book') return head;
    return 'first_name';
  };
  return { input, fieldOf };
}

/**
 * The sidebar's create flow without a conversation to prefill it: a book,
 * a name and a way to reach the person. The rest (addresses, organizations,
 * notes) is added in the full editor, which opens on the new contact.
 */
export function NewContactForm({ books, initialBook, onCreated, onCancel }: NewContactFormProps) {
  const form = useForm<NewContactValues>({
    defaultValues: {
      contact_book: initialBook,
      first_name: '',
      last_name: '',
      email: '',
      phone: '',
    },
  });
  const { register, formState, setError } = form;
  const create = useCreateContact({ mutationConfig: { onSuccess: onCreated } });

  const onSubmit = form.handleSubmit((values) => {
    const { input, fieldOf } = toCreateInput(values);
    if (!input.first_name && !input.last_name && !input.infos) {
      setError('first_name', { message: 'Give a name, an email or a phone number.' });
      return;
    }
    const checked = contactCreateInputSchema.safeParse(input);
    if (!checked.success) {
      checked.error.issues.forEach((issue, index) => {
        setError(fieldOf(issue.path), { message: issue.message }, { shouldFocus: index === 0 });
      });
      return;
    }
    create.mutate(checked.data);
  });

  return (
    <form
      className="contacts-editor"
      aria-label="New contact"
      noValidate
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <h3>New contact</h3>
      <SelectField
        label="Contact book"
        options={books.map((book) => ({ value: book.id, label: book.name }))}
        error={formState.errors.contact_book?.message}
        registration={register('contact_book')}
      />
      <div className="contacts-row-grid">
        <TextField
          label="First name"
          error={formState.errors.first_name?.message}
          registration={register('first_name')}
        />
        <TextField
          label="Last name"
          error={formState.errors.last_name?.message}
          registration={register('last_name')}
        />
        <TextField
          label="Email address"
          type="email"
          error={formState.errors.email?.message}
          registration={register('email')}
        />
        <TextField
          label="Phone number"
          type="tel"
          error={formState.errors.phone?.message}
          registration={register('phone')}
        />
      </div>
      <WriteStatus
        pending={create.isPending ? 'Creating contact…' : null}
        error={busyMessage(create.error) ?? create.error}
      />
      <div className="contacts-actions">
        <button type="submit" className="contacts-button" disabled={create.isPending}>
          Create contact
        </button>
        <button type="button" className="contacts-button contacts-button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
