import { useId, useState, type SubmitEvent } from 'react';
import { sharedLabelUpdateBody, type SharedLabel } from '@crm/shared/missive/labels';
import type { Team, User } from '@crm/shared/missive/people';
import { TeamSelect } from '@/components/team-select';
import { UserCheckboxes } from '@/components/user-checkboxes';
import { WriteStatus } from '@/components/write-status';
import { describeInvalid } from '@/lib/describe-error';
import { Button } from '@/components/ui/button';
import { useUpdateSharedLabel, type SharedLabelChanges } from '../api/update-shared-label';
import { subtreeIds } from '../utils/label-tree';

type Visibility = 'organization' | 'delegates';

/** The label's settings as the form holds them: "" is "none" in a select. */
interface Settings {
  name: string;
  color: string;
  parent: string;
  visibility: Visibility;
  share_with_organization: boolean;
  share_with_team: string;
  share_with_users: readonly string[];
}

// What the color input shows for a label that has no colour yet.
const NO_COLOR = '#000000';

function settingsOf(label: SharedLabel): Settings {
  return {
    name: label.name,
    // Missive may answer "#2266ED" where the colour input says "#2266ed".
    color: label.color?.toLowerCase() ?? '',
    parent: label.parent ?? '',
    // Missive's defaults, for answers that leave the sharing fields out.
    visibility: label.visibility ?? 'organization',
    share_with_organization: label.share_with_organization ?? false,
    share_with_team: label.share_with_team ?? '',
    share_with_users: label.share_with_users ?? [],
  };
}

function same(a: Settings[keyof Settings], b: Settings[keyof Settings]): boolean {
  if (typeof a === 'object' && typeof b === 'object')
    return [...a].sort().join() === [...b].sort().join();
  return a === b;
}

/**
 * Only the fields the person changed, compared with the label as last read:
 * a setting someone else changed meanwhile is not written back.
 */
function changesOf(label: SharedLabel, draft: Partial<Settings>): SharedLabelChanges {
  const current = settingsOf(label);
  const next = { ...current, ...draft };
  const differs = (key: keyof Settings) => !same(next[key], current[key]);
  return {
    id: label.id,
    ...(differs('name') ? { name: next.name } : {}),
    ...(differs('color') ? { color: next.color } : {}),
    ...(differs('parent') ? { parent: next.parent || null } : {}),
    ...(differs('visibility') ? { visibility: next.visibility } : {}),
    ...(differs('share_with_organization')
      ? { share_with_organization: next.share_with_organization }
      : {}),
    ...(differs('share_with_team') ? { share_with_team: next.share_with_team || null } : {}),
    ...(differs('share_with_users') ? { share_with_users: [...next.share_with_users] } : {}),
  };
}

/**
 * Renames, recolours, moves and reshares one label, in one PATCH carrying
 * only what changed. A move under the label itself or one of its own
 * sub-labels is refused here, before Missive is asked. What was typed stays
 * until Missive accepted it.
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
  const id = useId();
  const [draft, setDraft] = useState<Partial<Settings>>({});
  const [invalid, setInvalid] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const update = useUpdateSharedLabel({
    organizationId,
    mutationConfig: {
      onSuccess: (updated) => {
        setDraft({});
        setDone(`Saved “${updated.name_with_parent_names}”.`);
      },
    },
  });
  const shown = { ...settingsOf(label), ...draft };
  const paths = new Map(labels.map((other) => [other.id, other.name_with_parent_names]));
  const places = labels
    .filter((other) => other.id !== label.id)
    .toSorted((a, b) => a.name_with_parent_names.localeCompare(b.name_with_parent_names));

  function edit(changes: Partial<Settings>) {
    setDraft((current) => ({ ...current, ...changes }));
    setDone(null);
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    const changes = changesOf(label, draft);
    if (Object.keys(changes).length === 1) {
      setInvalid(null);
      update.reset();
      setDone('Nothing to save: no setting was changed.');
      return;
    }
    if (changes.parent && subtreeIds(labels, label.id).has(changes.parent)) {
      const path = label.name_with_parent_names;
      setInvalid(
        changes.parent === label.id
          ? `“${path}” cannot move under itself.`
          : `“${path}” cannot move under “${paths.get(changes.parent) ?? changes.parent}”, one of its own sub-labels.`,
      );
      return;
    }
    const checked = sharedLabelUpdateBody.safeParse({ shared_labels: [changes] });
    if (!checked.success) {
      setInvalid(describeInvalid(checked.error));
      return;
    }
    setInvalid(null);
    const [valid] = checked.data.shared_labels;
    if (valid) update.mutate(valid);
  }

  return (
    <form className="labels-settings" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <div className="labels-field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          value={shown.name}
          maxLength={255}
          onChange={(event) => {
            edit({ name: event.target.value });
          }}
        />
      </div>
      <div className="labels-field labels-field-inline">
        <label htmlFor={`${id}-color`}>Colour</label>
        <input
          id={`${id}-color`}
          type="color"
          value={shown.color || NO_COLOR}
          aria-describedby={shown.color ? undefined : `${id}-color-hint`}
          onChange={(event) => {
            edit({ color: event.target.value });
          }}
        />
        {shown.color ? null : (
          <span id={`${id}-color-hint`} className="labels-hint">
            No colour yet
          </span>
        )}
      </div>
      <div className="labels-field">
        <label htmlFor={`${id}-parent`}>Parent</label>
        <select
          id={`${id}-parent`}
          value={shown.parent}
          onChange={(event) => {
            edit({ parent: event.target.value });
          }}
        >
          <option value="">None (top level)</option>
          {places.map((other) => (
            <option key={other.id} value={other.id}>
              {other.name_with_parent_names}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="labels-fieldset">
        <legend>Who can use it</legend>
        {(
          [
            ['organization', 'Everyone in the organization'],
            ['delegates', 'Only admins and the people it is shared with'],
          ] as const
        ).map(([value, text]) => (
          <label key={value} className="labels-check">
            <input
              type="radio"
              name={`${id}-visibility`}
              value={value}
              checked={shown.visibility === value}
              onChange={() => {
                edit({ visibility: value });
              }}
            />
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
          <input
            type="checkbox"
            checked={shown.share_with_organization}
            onChange={(event) => {
              edit({ share_with_organization: event.target.checked });
            }}
          />
          The whole organization
        </label>
        <TeamSelect
          id={`${id}-team`}
          className="labels-field"
          teams={teams}
          value={shown.share_with_team}
          onChange={(team) => {
            edit({ share_with_team: team });
          }}
        />
        <UserCheckboxes
          legend="Users"
          users={users}
          value={shown.share_with_users}
          onChange={(userIds) => {
            edit({ share_with_users: userIds });
          }}
        />
      </fieldset>
      <div className="labels-actions">
        <button type="submit" disabled={update.isPending}>
          Save changes
        </button>
        <Button
          variant="secondary"
          disabled={update.isPending || Object.keys(draft).length === 0}
          onClick={() => {
            setDraft({});
            setInvalid(null);
            setDone(null);
            update.reset();
          }}
        >
          Discard changes
        </Button>
      </div>
      <WriteStatus
        pending={update.isPending ? 'Saving the label…' : null}
        success={done}
        error={invalid ?? update.error}
      />
    </form>
  );
}
