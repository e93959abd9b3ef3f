import { useState } from 'react';
import { z } from 'zod';
import { postInputSchema } from '@crm/shared/missive/posts';
import { WriteStatus } from '@/components/write-status';
import { useHost } from '@/host/host-context';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Form } from '@/components/ui/form';
import { useCreateNote } from '../api/create-post';
import type { InternalNoteProps } from './internal-note';

/**
 * The note as typed, by the post's own rule for its Markdown; a blank note
 * is said in the form's alert, not sent.
 */
const noteSchema = z
  .object({ text: postInputSchema.shape.markdown.unwrap() })
  .superRefine(({ text }, ctx) => {
    if (!text.trim()) ctx.addIssue({ code: 'custom', path: [], message: 'Write the note first.' });
  });

/** InternalNote's form: posted as a note, or handed to Missive as a comment. */
export function NoteForm({ conversationId }: InternalNoteProps) {
  const { actions } = useHost();
  // What happened to the last note: posted, or sent as a comment.
  const [done, setDone] = useState<string | null>(null);
  const note = useCreateNote({ conversationId });

  return (
    <Form
      schema={noteSchema}
      defaultValues={{ text: '' }}
      aria-label="Internal note"
      onSubmit={({ text }, form) => {
        setDone(null);
        note.mutate(text, {
          onSuccess: () => {
            form.reset({ text: '' });
            setDone('Note added to the conversation.');
          },
        });
      }}
    >
      {(form) => (
        <>
          <Field label="Note for the team (Markdown)" error={form.formState.errors.text?.message}>
            {(control) => <textarea {...control} rows={3} {...form.register('text')} />}
          </Field>
          <div className="posts-actions">
            <Button type="submit" disabled={note.isPending}>
              Add note
            </Button>
            {actions ? (
              <Button
                variant="secondary"
                disabled={note.isPending}
                onClick={() => {
                  setDone(null);
                  void form.handleSubmit(({ text }) => {
                    actions.comment(text);
                    form.reset({ text: '' });
                    setDone('Sent to Missive as a comment.');
                  })();
                }}
              >
                Comment in Missive
              </Button>
            ) : null}
          </div>
          <WriteStatus
            pending={note.isPending ? 'Adding the note…' : null}
            success={done}
            error={note.error}
          />
        </>
      )}
    </Form>
  );
}
