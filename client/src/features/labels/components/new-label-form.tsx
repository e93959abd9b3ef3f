import { useState } from 'react';
import type { SharedLabel } from '@crm/shared/missive/labels';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Form } from '@/components/ui/form';
import { ParentField } from './parent-field';
import { WriteStatus } from '@/components/write-status';
import { useCreateSharedLabel } from '../api/create-shared-label';
import { NEW_LABEL_COLOR, newLabelSchema, type NewLabelValues } from '../utils/label-form';
import type { TreeLabel } from '../utils/label-tree';

const emptyLabel: NewLabelValues = { name: '', parent: '', color: NEW_LABEL_COLOR };

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
  // The label just created, until it is added or another is asked for.
  const [created, setCreated] = useState<SharedLabel | null>(null);
  const create = useCreateSharedLabel({ organizationId });

  return (
    <Form
      schema={newLabelSchema}
      defaultValues={emptyLabel}
      className="labels-new"
      aria-label="New label"
      onSubmit={(label, form) => {
        setCreated(null);
        create.mutate(
          { ...label, organization: organizationId },
          {
            onSuccess: ({ shared_labels: [label] }) => {
              setCreated(label ?? null);
              form.reset(emptyLabel);
            },
          },
        );
      }}
    >
      {({ register, formState: { errors } }) => (
        <>
          <Field label="Name" error={errors.name?.message}>
            {(control) => <input {...control} maxLength={255} {...register('name')} />}
          </Field>
          <ParentField
            choices={labels}
            error={errors.parent?.message}
            registered={register('parent')}
          />
          <Field label="Colour" error={errors.color?.message} className="labels-field-inline">
            {(control) => <input {...control} type="color" {...register('color')} />}
          </Field>
          <Button type="submit" disabled={create.isPending}>
            Create label
          </Button>
          <WriteStatus
            pending={create.isPending ? 'Creating the label…' : null}
            success={created ? `Created “${created.name_with_parent_names}”.` : null}
            error={create.error}
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
        </>
      )}
    </Form>
  );
}
