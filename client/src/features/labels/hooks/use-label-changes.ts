import { useState } from 'react';
import type { WriteStatusProps } from '@/components/write-status';
import { describeError } from '@/lib/describe-error';
import { useUpdateConversationLabels, type LabelChange } from '../api/update-conversation-labels';

interface OverlayEntry {
  conversationId: string;
  op: LabelChange['op'];
  /** Missive confirmed it; the conversation's own data may not show it yet. */
  confirmed: boolean;
}
type Overlay = ReadonlyMap<string, OverlayEntry>;

/**
 * The labels shown as applied, changed optimistically: a change shows at
 * once, stays while Missive confirms it and until the conversation is read
 * again, and is rolled back if Missive refuses it.
 */
export function useLabelChanges({
  conversationId,
  organizationId,
  appliedLabelIds,
}: {
  conversationId: string;
  organizationId: string;
  appliedLabelIds: readonly string[];
}) {
  const [overlay, setOverlay] = useState<Overlay>(() => new Map());
  const [feedback, setFeedback] = useState<WriteStatusProps>({});

  // New props mean the conversation was read again and now tells the truth:
  // confirmed changes are dropped, so an old one of ours cannot hide a
  // change someone made in Missive since. (React's "adjust state when a
  // prop changes" pattern: set during render, no effect, no flash.)
  const propsKey = `${conversationId}|${appliedLabelIds.join(',')}`;
  const [seenPropsKey, setSeenPropsKey] = useState(propsKey);
  if (seenPropsKey !== propsKey) {
    setSeenPropsKey(propsKey);
    setOverlay((current) => keep(current, (entry) => !entry.confirmed));
  }

  const mutation = useUpdateConversationLabels({
    conversationId,
    organizationId,
    onMutate: (change) => {
      setOverlay((current) =>
        put(current, change.labelId, { conversationId, op: change.op, confirmed: false }),
      );
      setFeedback({
        pending: `${change.op === 'add' ? 'Adding' : 'Removing'} “${change.path}”…`,
      });
    },
    onSuccess: (change) => {
      setOverlay((current) =>
        put(current, change.labelId, { conversationId, op: change.op, confirmed: true }),
      );
      setFeedback({ success: `${change.op === 'add' ? 'Added' : 'Removed'} “${change.path}”.` });
    },
    onError: (error, change) => {
      setOverlay((current) => keep(current, (_entry, labelId) => labelId !== change.labelId));
      setFeedback({
        error: `Could not ${change.op} “${change.path}”. ${describeError(error)}`,
      });
    },
  });

  const applied = new Set(appliedLabelIds);
  const inFlight = new Set<string>();
  for (const [labelId, entry] of overlay) {
    // A late answer for the previously selected conversation must not leak into this one.
    if (entry.conversationId !== conversationId) continue;
    if (entry.op === 'add') applied.add(labelId);
    else applied.delete(labelId);
    if (!entry.confirmed) inFlight.add(labelId);
  }

  return {
    appliedIds: [...applied],
    inFlight,
    feedback,
    change: (change: LabelChange) => {
      mutation.mutate(change);
    },
  };
}

function put(overlay: Overlay, labelId: string, entry: OverlayEntry): Overlay {
  return new Map(overlay).set(labelId, entry);
}

function keep(overlay: Overlay, test: (entry: OverlayEntry, labelId: string) => boolean): Overlay {
  return new Map([...overlay].filter(([labelId, entry]) => test(entry, labelId)));
}
