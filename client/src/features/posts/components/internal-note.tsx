import { useId, useState } from 'react';
import { WriteStatus } from '@/components/write-status';
import { useHost } from '@/host/host-context';
import { Button } from '@/components/ui/button';
import { useCreateNote } from '../api/create-post';
import './posts.css';

export interface InternalNoteProps {
  conversationId: string;
}

/**
 * An internal note for the team, added to the thread as a post that does
 * not reopen the conversation; inside Missive it can be a comment instead.
 * The text stays in the box until one of them has it.
 */
export function InternalNote({ conversationId }: InternalNoteProps) {
  // A note typed for one conversation is not posted into the next one.
  return <NoteForm key={conversationId} conversationId={conversationId} />;
}

function NoteForm({ conversationId }: InternalNoteProps) {
  const id = useId();
  const { actions } = useHost();
  const [text, setText] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const note = useCreateNote({
    conversationId,
    mutationConfig: {
      onSuccess: () => {
        setText('');
        setDone('Note added to the conversation.');
      },
    },
  });

  function checked(): string | null {
    setDone(null);
    if (!text.trim()) {
      setProblem('Write the note first.');
      return null;
    }
    setProblem(null);
    return text;
  }

  return (
    <section className="posts-note" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Internal note</h2>
      <form
        aria-label="Internal note"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const value = checked();
          if (value !== null) note.mutate(value);
        }}
      >
        <label htmlFor={`${id}-text`} className="posts-label">
          Note for the team (Markdown)
        </label>
        <textarea
          id={`${id}-text`}
          rows={3}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
          }}
        />
        <div className="posts-actions">
          <button type="submit" disabled={note.isPending}>
            Add note
          </button>
          {actions ? (
            <Button
              variant="secondary"
              disabled={note.isPending}
              onClick={() => {
                const value = checked();
                if (value === null) return;
                actions.comment(value);
                setText('');
                setDone('Sent to Missive as a comment.');
              }}
            >
              Comment in Missive
            </Button>
          ) : null}
        </div>
        <WriteStatus
          pending={note.isPending ? 'Adding the note…' : null}
          success={done}
          error={problem ?? note.error}
        />
      </form>
    </section>
  );
}
