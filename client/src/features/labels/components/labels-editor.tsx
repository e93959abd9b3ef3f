import { lazy } from 'react';
import { ViewBoundary } from '@/components/view-boundary';
import { WriteStatus } from '@/components/write-status';
import { describeError } from '@/lib/describe-error';
import { useSharedLabels } from '../api/get-shared-labels';
import { useLabelChanges } from '../hooks/use-label-changes';
import { toLabelTree, type TreeLabel } from '../utils/label-tree';
import { LabelPicker, LabelSwatch } from './label-picker';
import './labels.css';
import { KeptDisclosure } from '@/components/kept-disclosure';

// Downloaded when New label is first pressed, not with every sidebar.
const NewLabelForm = lazy(() =>
  import('./new-label-form').then((m) => ({ default: m.NewLabelForm })),
);

export interface LabelsEditorProps {
  conversationId: string;
  /** The conversation's organization; shared labels exist only inside one. */
  organizationId: string | null;
  /** The shared labels the conversation carries, as last read. */
  appliedLabelIds: readonly string[];
}

/**
 * The conversation's shared labels: shown by full path, removed with one
 * click, added from a filterable picker over the label tree, and created in
 * the tree when missing. Writes go through PATCH /conversations, so labelling
 * never posts into the thread nor reopens it.
 */
export function LabelsEditor({
  conversationId,
  organizationId,
  appliedLabelIds,
}: LabelsEditorProps) {
  return (
    <section className="labels-editor" aria-labelledby={`labels-heading-${conversationId}`}>
      <h2 id={`labels-heading-${conversationId}`}>Labels</h2>
      {organizationId === null ? (
        <p className="labels-hint">
          This conversation belongs to no organization, and shared labels live in one.
        </p>
      ) : (
        <OrganizationLabels
          conversationId={conversationId}
          organizationId={organizationId}
          appliedLabelIds={appliedLabelIds}
        />
      )}
    </section>
  );
}

function OrganizationLabels({
  conversationId,
  organizationId,
  appliedLabelIds,
}: LabelsEditorProps & { organizationId: string }) {
  const labels = useSharedLabels(organizationId);
  const changes = useLabelChanges({ conversationId, organizationId, appliedLabelIds });
  const tree = toLabelTree(labels.data ?? []);
  const byId = new Map(tree.map((label) => [label.id, label]));
  const applied = new Set(changes.appliedIds);
  const appliedLabels = changes.appliedIds.map(
    (id): TreeLabel =>
      byId.get(id) ?? {
        id,
        name: id,
        // Missive shares with this token only the labels it may see.
        path: labels.isPending ? 'Loading…' : 'A label not shared with you',
        depth: 0,
        color: null,
      },
  );
  appliedLabels.sort((a, b) => a.path.localeCompare(b.path));

  function add(label: TreeLabel) {
    if (applied.has(label.id)) return;
    changes.change({ op: 'add', labelId: label.id, path: label.path });
  }

  return (
    <>
      {appliedLabels.length === 0 ? (
        <p className="labels-hint">No labels yet.</p>
      ) : (
        <ul className="labels-applied" aria-label="Applied labels">
          {appliedLabels.map((label) => (
            <li key={label.id} className="labels-chip" aria-busy={changes.inFlight.has(label.id)}>
              <LabelSwatch color={label.color} />
              <span className="labels-chip-name">{label.path}</span>
              <button
                type="button"
                className="labels-remove"
                aria-label={`Remove label ${label.path}`}
                disabled={changes.inFlight.has(label.id)}
                onClick={() => {
                  changes.change({ op: 'remove', labelId: label.id, path: label.path });
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {labels.isError ? (
        <p role="alert" className="error">
          The labels could not be read. {describeError(labels.error)}
        </p>
      ) : (
        <LabelPicker
          labels={tree.filter((label) => !applied.has(label.id) && !changes.inFlight.has(label.id))}
          loading={labels.isPending}
          onPick={add}
        />
      )}
      <WriteStatus {...changes.feedback} />
      <KeptDisclosure label="New label">
        <ViewBoundary>
          <NewLabelForm organizationId={organizationId} labels={tree} onAdd={add} />
        </ViewBoundary>
      </KeptDisclosure>
    </>
  );
}
