import { useId, useState } from 'react';
import type { Draft } from '@crm/shared/missive/drafts';
import { WriteStatus } from '@/components/write-status';
import { describeError } from '@/lib/describe-error';
import { Button } from '@/components/ui/button';
import { useDeleteDraft } from '../api/delete-draft';
import { useConversationDrafts } from '../api/get-conversation-drafts';
import { formatSendAt } from '../utils/send-at';
import { Card } from '@/components/ui/card';

/** The drafts already in the conversation, scheduled ones marked, each deletable. */
export function ConversationDrafts({
  conversationId,
  count,
}: {
  conversationId: string;
  /** How many drafts the conversation has, when known: none means nothing to read. */
  count: number | undefined;
}) {
  const { query: drafts, skipped } = useConversationDrafts(conversationId, count);
  const headingId = `drafts-heading-${conversationId}`;
  return (
    <section className="drafts-existing" aria-labelledby={headingId}>
      <h3 id={headingId}>Drafts in this conversation</h3>
      {skipped ? (
        <p className="drafts-hint">No drafts.</p>
      ) : drafts.isPending ? (
        <p className="drafts-hint">Loading drafts…</p>
      ) : drafts.isError ? (
        <p role="alert" className="error">
          The drafts could not be read. {describeError(drafts.error)}
        </p>
      ) : drafts.data.drafts.length === 0 ? (
        <p className="drafts-hint">No drafts.</p>
      ) : (
        <ul className="drafts-list" aria-labelledby={headingId}>
          {drafts.data.drafts.map((draft) => (
            <DraftItem key={draft.id} draft={draft} conversationId={conversationId} />
          ))}
        </ul>
      )}
    </section>
  );
}

function DraftItem({ draft, conversationId }: { draft: Draft; conversationId: string }) {
  const id = useId();
  const remove = useDeleteDraft({ conversationId });
  const [confirming, setConfirming] = useState(false);
  const name = draft.subject ?? draft.preview ?? 'Untitled draft';
  const to = draft.to_fields
    .map((field) => field.name ?? field.address ?? field.phone_number ?? field.username)
    .filter(Boolean)
    .join(', ');

  return (
    <Card as="li" padding="sm" className="drafts-item" aria-labelledby={`${id}-name`}>
      <p id={`${id}-name`} className="drafts-item-name">
        {name}
      </p>
      {draft.preview && draft.subject ? <p className="drafts-hint">{draft.preview}</p> : null}
      {to ? <p className="drafts-hint">To {to}</p> : null}
      {draft.send_at !== null ? (
        <p className="drafts-scheduled">
          Scheduled for {formatSendAt(draft.send_at)}
          {draft.auto_followup ? ', cancelled if they reply' : ''}
        </p>
      ) : null}
      <div className="drafts-actions">
        {confirming ? (
          <>
            <Button
              variant="danger"
              disabled={remove.isPending}
              onClick={() => {
                remove.mutate(draft.id);
              }}
            >
              Delete “{name}”
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                setConfirming(false);
              }}
            >
              Keep
            </Button>
          </>
        ) : (
          <Button
            variant="secondary"
            aria-label={`Delete draft ${name}`}
            onClick={() => {
              setConfirming(true);
            }}
          >
            Delete
          </Button>
        )}
      </div>
      <WriteStatus pending={remove.isPending ? 'Deleting…' : null} error={remove.error} />
    </Card>
  );
}
