import { contactCreateInputSchema } from '@crm/shared/missive/contacts';
import { Button } from '@/components/ui/button';
import { Form } from '@/components/ui/form';
import { WriteStatus } from '@/components/write-status';
import { useCreateContact } from '../api/create-contact';
import { defaultBook, newContactInput } from '../utils/participant';
import { busyMessage } from '../utils/write-errors';
import type { NewContactCardProps } from './new-contact-card';
import { SelectField } from './form-fields';

/** The card's one choice, by the create request's own rule for it. */
const bookChoiceSchema = contactCreateInputSchema.pick({ contact_book: true });

/** What NewContactCard offers once a book can be chosen: the book, then Create contact. */
export function NewContactCardForm({
  participant,
  books,
  conversationSubject,
}: NewContactCardProps) {
  const create = useCreateContact();

  return (
    <>
      <Form
        schema={bookChoiceSchema}
        defaultValues={{ contact_book: defaultBook(books)?.id ?? '' }}
        className="contacts-create"
        onSubmit={({ contact_book }) => {
          create.mutate(newContactInput(participant, contact_book, conversationSubject));
        }}
      >
        {({ register, formState }) => (
          <>
            <SelectField
              label="Contact book"
              options={books.map((book) => ({ value: book.id, label: book.name }))}
              error={formState.errors.contact_book?.message}
              registration={register('contact_book')}
            />
            <Button type="submit" disabled={create.isPending}>
              Create contact
            </Button>
          </>
        )}
      </Form>
      <WriteStatus
        pending={create.isPending ? 'Creating contact…' : null}
        success={create.isSuccess ? 'Contact created.' : null}
        error={busyMessage(create.error) ?? create.error}
      />
    </>
  );
}
