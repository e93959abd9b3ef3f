import { z } from 'zod';
import {
  contactCreateInputSchema,
  type Contact,
  type ContactBook,
  type ContactCreateInput,
} from '@crm/shared/missive/contacts';
import { Button } from '@/components/ui/button';
import { Form } from '@/components/ui/form';
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

const newContactValuesSchema = z.object({
  contact_book: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  phone: z.string(),
});
type NewContactValues = z.input<typeof newContactValuesSchema>;
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
 * The form's rule: the create request built from the inputs, checked by the
 * shared create schema, each problem under the input it came from; and
 * someone to file, by name or by a way to reach them.
 */
const newContactSchema = newContactValuesSchema.transform((values, ctx) => {
  const { input, fieldOf } = toCreateInput(values);
  if (!input.first_name && !input.last_name && !input.infos) {
    ctx.addIssue({
      code: 'custom',
      path: ['first_name'],
      message: 'Give a name, an email or a phone number.',
    });
    return z.NEVER;
  }
  const checked = contactCreateInputSchema.safeParse(input);
  if (checked.success) return checked.data;
  for (const issue of checked.error.issues) {
    ctx.addIssue({ code: 'custom', path: [fieldOf(issue.path)], message: issue.message });
  }
  return z.NEVER;
});

/**
 * The sidebar's create flow without a conversation to prefill it: a book,
 * a name and a way to reach the person. The rest (addresses, organizations,
 * notes) is added in the full editor, which opens on the new contact.
 */
export function NewContactForm({ books, initialBook, onCreated, onCancel }: NewContactFormProps) {
  const create = useCreateContact({ onCreated });

  return (
    <Form
      schema={newContactSchema}
      defaultValues={{
        contact_book: initialBook,
        first_name: '',
        last_name: '',
        email: '',
        phone: '',
      }}
      className="contacts-editor"
      aria-label="New contact"
      onSubmit={(input) => {
        create.mutate(input);
      }}
    >
      {({ register, formState: { errors } }) => (
        <>
          <h3>New contact</h3>
          <SelectField
            label="Contact book"
            options={books.map((book) => ({ value: book.id, label: book.name }))}
            error={errors.contact_book?.message}
            registration={register('contact_book')}
          />
          <div className="contacts-row-grid">
            <TextField
              label="First name"
              error={errors.first_name?.message}
              registration={register('first_name')}
            />
            <TextField
              label="Last name"
              error={errors.last_name?.message}
              registration={register('last_name')}
            />
            <TextField
              label="Email address"
              type="email"
              error={errors.email?.message}
              registration={register('email')}
            />
            <TextField
              label="Phone number"
              type="tel"
              error={errors.phone?.message}
              registration={register('phone')}
            />
          </div>
          <WriteStatus
            pending={create.isPending ? 'Creating contact…' : null}
            error={busyMessage(create.error) ?? create.error}
          />
          <div className="contacts-actions">
            <Button type="submit" disabled={create.isPending}>
              Create contact
            </Button>
            <Button variant="secondary" onClick={onCancel}>
              Cancel
            </Button>
          </div>
        </>
      )}
    </Form>
  );
}
