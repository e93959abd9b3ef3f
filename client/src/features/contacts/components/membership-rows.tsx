import { useFieldArray, useWatch } from 'react-hook-form';
import {
  emptyMembershipRow,
  organizationKeys,
  type ContactForm,
  type MembershipRow as MembershipRowValues,
} from '../utils/contact-form';
import { RemoveButton, SelectField, TextField } from './form-fields';
import { Button } from '@/components/ui/button';

type Form = ContactForm;

const kindOptions = [
  { value: 'organization', label: 'Organization' },
  { value: 'group', label: 'Group' },
];

const organizationTitles: Record<(typeof organizationKeys)[number], string> = {
  title: 'Title',
  department: 'Department',
  location: 'Location',
  description: 'Description',
};

/**
 * The organizations the contact works for (with title, department, location
 * and description) and the groups it is filed in. Missive finds or creates
 * the group by kind and name.
 */
export function MembershipRows({ form }: { form: Form }) {
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'memberships' });
  return (
    <fieldset className="contacts-group">
      <legend>Organizations and groups</legend>
      {fields.length === 0 ? (
        <p className="contacts-muted">Not in any organization or group.</p>
      ) : null}
      {fields.map((field, index) => (
        <MembershipRow
          key={field.id}
          form={form}
          index={index}
          onRemove={() => {
            remove(index);
          }}
        />
      ))}
      <div className="contacts-actions">
        <Button
          variant="secondary"
          onClick={() => {
            append(emptyMembershipRow('organization'));
          }}
        >
          Add organization
        </Button>
        <Button
          variant="secondary"
          onClick={() => {
            append(emptyMembershipRow('group'));
          }}
        >
          Add group
        </Button>
      </div>
    </fieldset>
  );
}

function MembershipRow({
  form,
  index,
  onRemove,
}: {
  form: Form;
  index: number;
  onRemove: () => void;
}) {
  const { register, control, formState } = form;
  const kind = useWatch({ control, name: `memberships.${index}.kind` });
  const errors = formState.errors.memberships?.[index];
  const title = kind === 'group' ? 'Group' : 'Organization';
  const at = <K extends keyof MembershipRowValues>(key: K) =>
    `memberships.${index}.${key}` as const;

  return (
    <fieldset className="contacts-row" aria-label={`Membership ${index + 1}: ${title}`}>
      <legend className="contacts-row-title">{title}</legend>
      <div className="contacts-row-grid">
        <SelectField
          label="Kind"
          options={kindOptions}
          error={errors?.kind?.message}
          registration={register(at('kind'))}
        />
        <TextField
          label={`${title} name`}
          error={errors?.name?.message}
          registration={register(at('name'))}
        />
      </div>
      {kind === 'organization' ? (
        <div className="contacts-row-grid">
          {organizationKeys.map((key) => (
            <TextField
              key={key}
              label={organizationTitles[key]}
              className={key === 'description' ? 'contacts-field-wide' : undefined}
              multiline={key === 'description'}
              error={errors?.[key]?.message}
              registration={register(at(key))}
            />
          ))}
        </div>
      ) : null}
      <RemoveButton label={`Remove membership ${index + 1} (${title})`} onClick={onRemove} />
    </fieldset>
  );
}
