import { lazy, useId } from 'react';
import { ViewBoundary } from '@/components/view-boundary';
import './posts.css';

// The form (and its form library) loads beside the thread, after the
// sidebar's first paint, not with the sidebar's own code.
const NoteForm = lazy(() => import('./note-form').then((m) => ({ default: m.NoteForm })));

export interface InternalNoteProps {
  conversationId: string;
}

/**
 * An internal note for the team, added to the thread as a post that does
 * not reopen the conversation; inside Missive it can be a comment instead.
 * The text stays in the box until one of them has it.
 */
export function InternalNote({ conversationId }: InternalNoteProps) {
  const id = useId();
  return (
    <section className="posts-note" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Internal note</h2>
      <ViewBoundary>
        {/* A note typed for one conversation is not posted into the next one. */}
        <NoteForm key={conversationId} conversationId={conversationId} />
      </ViewBoundary>
    </section>
  );
}
