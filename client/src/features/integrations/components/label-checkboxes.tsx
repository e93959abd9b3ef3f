import { describeError } from '@/lib/describe-error';
import { useLabelChoices } from '@/lib/directory/get-label-choices';
import { FieldError } from './form-field';
// The people pickers' look: a bordered, scrolling fieldset of checkboxes.
import '@/components/user-checkboxes.css';

/**
 * The organization's shared labels to tick; `value` is the ids ticked. A
 * label ticked before but no longer in the organization stays listed, by
 * its id, so it can be unticked rather than kept out of sight.
 */
export function LabelCheckboxes({
  organizationId,
  value,
  onChange,
  error,
}: {
  organizationId: string | null;
  value: readonly string[];
  onChange: (labelIds: string[]) => void;
  error: string | undefined;
}) {
  const labels = useLabelChoices(organizationId);
  const known = new Set(labels.data?.map((label) => label.id));
  const choices = [
    ...(labels.data ?? []),
    ...(labels.data ? value.filter((id) => !known.has(id)).map((id) => ({ id, path: id })) : []),
  ];
  return (
    <fieldset className="user-checkboxes integrations-field-wide">
      <legend>Shared labels to add</legend>
      {organizationId === null ? (
        <p className="user-checkboxes-hint">Choose an organization to pick its labels.</p>
      ) : null}
      {labels.isLoading ? <p className="user-checkboxes-hint">Loading labels…</p> : null}
      {labels.isError ? (
        <p role="alert" className="user-checkboxes-hint">
          The labels could not be read. {describeError(labels.error)}
        </p>
      ) : null}
      {labels.data?.length === 0 ? (
        <p className="user-checkboxes-hint">This organization has no shared labels.</p>
      ) : null}
      {choices.map((label) => (
        <label key={label.id} className="user-checkboxes-item">
          <input
            type="checkbox"
            checked={value.includes(label.id)}
            onChange={(event) => {
              const others = value.filter((id) => id !== label.id);
              onChange(event.target.checked ? [...others, label.id] : others);
            }}
          />
          {known.has(label.id) ? label.path : `Unknown label ${label.id}`}
        </label>
      ))}
      <FieldError error={error} />
    </fieldset>
  );
}
