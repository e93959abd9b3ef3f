import { useId, useState, type SubmitEvent } from 'react';
import { sharedLabelCreateBody, type SharedLabel } from '@crm/shared/missive/labels';
import { WriteStatus } from '@/components/write-status';
import { describeInvalid } from '@/lib/describe-error';
import { Button } from '@/components/ui/button';
import { useCreateSharedLabel } from '../api/create-shared-label';
import type { TreeLabel } from '../utils/label-tree';

const DEFAULT_COLOR = '#2266ed';

/**
 * Creates a shared label, optionally under a parent of the tree, then (in
 * the sidebar, given `onAdd`) offers to add it to the conversation. The
 * fields keep their content until the label exists, so a refusal costs
 * nothing but a correction.
 */
export function NewLabelForm({
  organizationId,
  labels,
  onAdd,
}: {
  organizationId: string;
  labels: readonly TreeLabel[];
  /** Adds the created label to the conversation on screen; absent where there is none. */
  onAdd?: (label: TreeLabel) => void;
}) {
  const id = useId();
  const [name, setName] = useState('');
  const [parent, setParent] = useState('');
  const [color, setColor] = useState(DEFAULT_COLOR);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [created, setCreated] = useState<SharedLabel | null>(null);
  const create = useCreateSharedLabel({
    organizationId,
    mutationConfig: {
      onSuccess: (label) => {
        setCreated(label);
        setName('');
        setParent('');
        setColor(DEFAULT_COLOR);
      },
    },
  });

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = {
      shared_labels: [{ name, organization: organizationId, color, ...(parent ? { parent } : {}) }],
    };
    const checked = sharedLabelCreateBody.safeParse(body);
    if (!checked.success) {
      setInvalid(describeInvalid(checked.error));
      return;
    }
    setInvalid(null);
    setCreated(null);
    create.mutate(body);
  }

  return (
    <form className="labels-new" aria-label="New label" onSubmit={submit} noValidate>
      <div className="labels-field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={255}
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
      </div>
      <div className="labels-field">
        <label htmlFor={`${id}-parent`}>Parent</label>
        <select
          id={`${id}-parent`}
          value={parent}
          onChange={(event) => {
            setParent(event.target.value);
          }}
        >
          <option value="">None (top level)</option>
          {labels.map((label) => (
            <option key={label.id} value={label.id}>
              {label.path}
            </option>
          ))}
        </select>
      </div>
      <div className="labels-field labels-field-inline">
        <label htmlFor={`${id}-color`}>Colour</label>
        <input
          id={`${id}-color`}
          type="color"
          value={color}
          onChange={(event) => {
            setColor(event.target.value);
          }}
        />
      </div>
      <button type="submit" disabled={create.isPending}>
        Create label
      </button>
      <WriteStatus
        pending={create.isPending ? 'Creating the label…' : null}
        success={created ? `Created “${created.name_with_parent_names}”.` : null}
        error={invalid ?? create.error}
      />
      {created && onAdd ? (
        <Button
          variant="secondary"
          onClick={() => {
            onAdd({
              id: created.id,
              name: created.name,
              path: created.name_with_parent_names,
              depth: created.name_with_parent_names.split('/').length - 1,
              color: created.color,
            });
            setCreated(null);
          }}
        >
          Add “{created.name_with_parent_names}” to this conversation
        </Button>
      ) : null}
    </form>
  );
}
