import { useId, useState, type ReactNode } from 'react';
import { Controller, useWatch, type UseFormReturn } from 'react-hook-form';
import type { SharedLabel } from '@crm/shared/missive/labels';
import type { Team, User } from '@crm/shared/missive/people';
import { TeamSelect } from '@/components/team-select';
import { UserCheckboxes } from '@/components/user-checkboxes';
import { WriteStatus } from '@/components/write-status';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Form } from '@/components/ui/form';
import { ParentField } from './parent-field';
import { useUpdateSharedLabel, type SharedLabelChanges } from '../api/update-shared-label';
import {
  labelSettingsSchema,
  settingsValuesOf,
  type LabelSettings,
  type LabelSettingsValues,
} from '../utils/label-form';
import { subtreeIds } from '../utils/label-tree';

/** The label as last read, in the shape the form's schema answers. */
function settingsOf(label: SharedLabel): LabelSettings {
  const values = settingsValuesOf(label);
  return {
    ...values,
    color: values.color || null,
    parent: values.parent || null,
    share_with_team: values.share_with_team || null,
  };
}

function same(a: LabelSettings[keyof LabelSettings], b: LabelSettings[keyof LabelSettings]) {
  if (Array.isArray(a) && Array.isArray(b)) return a.toSorted().join() === b.toSorted().join();
  return a === b;
}

/**
 * Only the fields the person changed, compared with the label as last read:
 * a setting someone else changed meanwhile is not written back.
 */
function changesOf(label: SharedLabel, next: LabelSettings): SharedLabelChanges {
  const current = settingsOf(label);
  const changes: SharedLabelChanges = { id: label.id };
  for (const key of Object.keys(next) as (keyof LabelSettings)[]) {
    if (!same(next[key], current[key])) Object.assign(changes, { [key]: next[key] });
  }
  return changes;
}

/**
 * Renames, recolours, moves and reshares one label, in one PATCH carrying
 * only what changed. A move under the label itself or one of its own
 * sub-labels is refused here, before Missive is asked. What was typed stays
 * until Missive accepted it; settings someone else changed meanwhile show
 * as they come, except those the person is changing.
 */
export function LabelSettingsForm({
  label,
  organizationId,
  labels,
  teams,
  users,
  headingId,
}: {
  label: SharedLabel;
  organizationId: string;
  /** Every label of the organization: the places it can move to. */
  labels: readonly SharedLabel[];
  teams: readonly Team[];
  /** Undefined while they are being read. */
  users: readonly User[] | undefined;
  /** The heading that names the form. */
  headingId: string;
}) {
  // What the last save came to: "Saved …", or that there was nothing to save.
  const [done, setDone] = useState<string | null>(null);
  const update = useUpdateSharedLabel({ organizationId });
  const values = settingsValuesOf(label);
  const paths = new Map(labels.map((other) => [other.id, other.name_with_parent_names]));
  const places = labels
    .filter((other) => other.id !== label.id)
    .toSorted((a, b) => a.name_with_parent_names.localeCompare(b.name_with_parent_names));

  return (
    <Form
      schema={labelSettingsSchema}
      defaultValues={values}
      options={{ values, resetOptions: { keepDirtyValues: true } }}
      className="labels-settings"
      aria-labelledby={headingId}
      onChange={() => {
        setDone(null);
      }}
      onSubmit={(settings, form) => {
        setDone(null);
        const changes = changesOf(label, settings);
        if (Object.keys(changes).length === 1) {
          update.reset();
          setDone('Nothing to save: no setting was changed.');
          return;
        }
        if (changes.parent && subtreeIds(labels, label.id).has(changes.parent)) {
          const path = label.name_with_parent_names;
          throw new Error(
            changes.parent === label.id
              ? `“${path}” cannot move under itself.`
              : `“${path}” cannot move under “${paths.get(changes.parent) ?? changes.parent}”, one of its own sub-labels.`,
          );
        }
        update.mutate(changes, {
          onSuccess: ({ shared_labels: [updated] }) => {
            if (!updated) return;
            // The form's resetOptions keep typed values; this save took them all.
            form.reset(settingsValuesOf(updated), { keepDirtyValues: false });
            setDone(`Saved “${updated.name_with_parent_names}”.`);
          },
        });
      }}
    >
      {(form) => (
        <SettingsFields
          form={form}
          places={places}
          teams={teams}
          users={users}
          pending={update.isPending}
          onDiscard={() => {
            form.reset(values, { keepDirtyValues: false });
            setDone(null);
            update.reset();
          }}
        >
          <WriteStatus
            pending={update.isPending ? 'Saving the label…' : null}
            success={done}
            error={update.error}
          />
        </SettingsFields>
      )}
    </Form>
  );
}

type SettingsForm = UseFormReturn<LabelSettingsValues, unknown, LabelSettings>;

function SettingsFields({
  form,
  places,
  teams,
  users,
  pending,
  onDiscard,
  children,
}: {
  form: SettingsForm;
  places: readonly SharedLabel[];
  teams: readonly Team[];
  users: readonly User[] | undefined;
  pending: boolean;
  onDiscard: () => void;
  children: ReactNode;
}) {
  const teamId = useId();
  const { register, control, formState } = form;
  const { errors } = formState;
  const color = useWatch({ control, name: 'color' });

  return (
    <>
      <Field label="Name" error={errors.name?.message}>
        {(field) => <input {...field} maxLength={255} {...register('name')} />}
      </Field>
      <Field
        label="Colour"
        className="labels-field-inline"
        hint={color ? undefined : 'No colour yet'}
        error={errors.color?.message}
      >
        {(field) => <input {...field} type="color" {...register('color')} />}
      </Field>
      <ParentField
        choices={places.map((other) => ({ id: other.id, path: other.name_with_parent_names }))}
        error={errors.parent?.message}
        registered={register('parent')}
      />
      <fieldset className="labels-fieldset">
        <legend>Who can use it</legend>
        {(
          [
            ['organization', 'Everyone in the organization'],
            ['delegates', 'Only admins and the people it is shared with'],
          ] as const
        ).map(([value, text]) => (
          <label key={value} className="labels-check">
            <input type="radio" value={value} {...register('visibility')} />
            {text}
          </label>
        ))}
      </fieldset>
      <fieldset className="labels-fieldset">
        <legend>Shared with</legend>
        <p className="labels-hint">
          The people it is shared with get every conversation in the label.
        </p>
        <label className="labels-check">
          <input type="checkbox" {...register('share_with_organization')} />
          The whole organization
        </label>
        <Controller
          control={control}
          name="share_with_team"
          render={({ field }) => (
            <TeamSelect
              id={teamId}
              className="labels-field"
              teams={teams}
              value={field.value}
              onChange={field.onChange}
            />
          )}
        />
        <Controller
          control={control}
          name="share_with_users"
          render={({ field }) => (
            <UserCheckboxes
              legend="Users"
              users={users}
              value={field.value}
              onChange={field.onChange}
            />
          )}
        />
      </fieldset>
      <div className="labels-actions">
        <Button type="submit" disabled={pending}>
          Save changes
        </Button>
        <Button variant="secondary" disabled={pending || !formState.isDirty} onClick={onDiscard}>
          Discard changes
        </Button>
      </div>
      {children}
    </>
  );
}
