import { useId } from 'react';
import { Button } from '@/components/ui/button';
import type { ActivityEntry } from '../hooks/use-activity-log';
import type { Composer } from '../hooks/use-composer';

/**
 * The bottom of the middle column: the composer that the sidebar's reply,
 * insertText and insertHtml fill, and the log of what the playground did
 * for the sidebar (labels, comments, and their outcomes).
 */
export function ComposerPanel({
  composer,
  activity,
}: {
  composer: Composer;
  activity: readonly ActivityEntry[];
}) {
  const id = useId();
  const { draft, setField, bodyRef, discard } = composer;
  return (
    <section className="playground-composer" aria-label="Composer">
      <div className="playground-composer-fields">
        <label htmlFor={`${id}-to`}>To</label>
        <input
          id={`${id}-to`}
          value={draft.to}
          onChange={(event) => {
            setField('to', event.target.value);
          }}
        />
        {draft.cc ? (
          <>
            <label htmlFor={`${id}-cc`}>Cc</label>
            <input
              id={`${id}-cc`}
              value={draft.cc}
              onChange={(event) => {
                setField('cc', event.target.value);
              }}
            />
          </>
        ) : null}
        <label htmlFor={`${id}-subject`}>Subject</label>
        <input
          id={`${id}-subject`}
          value={draft.subject}
          onChange={(event) => {
            setField('subject', event.target.value);
          }}
        />
      </div>
      <label htmlFor={`${id}-body`} className="visually-hidden">
        Message
      </label>
      <textarea
        id={`${id}-body`}
        ref={bodyRef}
        className="playground-composer-body"
        placeholder="Write a reply, or let the sidebar insert one"
        value={draft.body}
        onChange={(event) => {
          setField('body', event.target.value);
        }}
      />
      <div className="playground-composer-footer">
        <p className="playground-composer-note" role="status">
          {draft.note}
        </p>
        <Button variant="secondary" onClick={discard}>
          Discard
        </Button>
      </div>
      <ul className="playground-activity" role="log" aria-label="Activity">
        {activity.map((entry) => (
          <li key={entry.id} className={`playground-activity-${entry.tone}`}>
            {entry.text}
          </li>
        ))}
      </ul>
    </section>
  );
}
