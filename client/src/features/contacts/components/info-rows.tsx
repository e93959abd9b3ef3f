import { useFieldArray, useWatch } from 'react-hook-form';
import { infoKinds } from '@crm/shared/missive/contacts';
import { isInfoKind, kindTitle, labelTitle } from '../utils/contact-format';
import {
  addressKeys,
  emptyInfoRow,
  labelsFor,
  type AddressKey,
  type ContactForm,
  type InfoRow as InfoRowValues,
} from '../utils/contact-form';
import { RemoveButton, SelectField, TextField } from './form-fields';
import { Button } from '@/components/ui/button';

type Form = ContactForm;

const kindOptions = infoKinds.map((kind) => ({ value: kind, label: kindTitle(kind) }));

function valueTitle(kind: string): string {
  switch (kind) {
    case 'email':
      return 'Email address';
    case 'phone_number':
      return 'Phone number';
    case 'twitter':
      return 'Twitter handle';
    case 'url':
      return 'URL';
    default:
      return 'Value';
  }
}

function inputType(kind: string): 'email' | 'tel' | 'url' | 'text' {
  if (kind === 'email') return 'email';
  if (kind === 'phone_number') return 'tel';
  return kind === 'url' ? 'url' : 'text';
}

const addressTitles: Record<AddressKey, string> = {
  street: 'Street',
  extended_address: 'Street (line 2)',
  po_box: 'PO box',
  city: 'City',
  region: 'Region',
  postal_code: 'Postal code',
  country: 'Country',
};

/** Every email, phone, address, URL and custom field of the contact, each with its allowed labels. */
export function InfoRows({ form }: { form: Form }) {
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'infos' });
  return (
    <fieldset className="contacts-group">
      <legend>Contact details</legend>
      {fields.length === 0 ? <p className="contacts-muted">No details yet.</p> : null}
      {fields.map((field, index) => (
        <InfoRow
          key={field.id}
          form={form}
          index={index}
          onRemove={() => {
            remove(index);
          }}
        />
      ))}
      <Button
        variant="secondary"
        onClick={() => {
          append(emptyInfoRow());
        }}
      >
        Add detail
      </Button>
    </fieldset>
  );
}

function InfoRow({ form, index, onRemove }: { form: Form; index: number; onRemove: () => void }) {
  const { register, control, getValues, setValue, formState } = form;
  const kind = useWatch({ control, name: `infos.${index}.kind` });
  const label = useWatch({ control, name: `infos.${index}.label` });
  const errors = formState.errors.infos?.[index];
  const labels = labelsFor(kind);
  const title = kindTitle(kind);
  // A kind Missive added after this was written keeps its label as it is.
  const labelOptions = (labels.length ? labels : [label]).map((value) => ({
    value,
    label: labelTitle(value),
  }));
  const at = <K extends keyof InfoRowValues>(key: K) => `infos.${index}.${key}` as const;

  return (
    <fieldset className="contacts-row" aria-label={`Detail ${index + 1}: ${title}`}>
      <legend className="contacts-row-title">{title}</legend>
      <div className="contacts-row-grid">
        <SelectField
          label="Kind"
          options={isInfoKind(kind) ? kindOptions : [...kindOptions, { value: kind, label: kind }]}
          error={errors?.kind?.message}
          registration={register(at('kind'), {
            // Each kind has its own labels: keep the label when the new kind allows it.
            onChange: () => {
              const allowed = labelsFor(getValues(at('kind')));
              if (allowed.length && !allowed.includes(getValues(at('label')))) {
                setValue(at('label'), allowed[0] ?? 'other');
              }
            },
          })}
        />
        <SelectField
          label="Label"
          options={labelOptions}
          error={errors?.label?.message}
          registration={register(at('label'))}
        />
      </div>
      {label === 'other' ? (
        <TextField
          label="Custom label"
          error={errors?.custom_label?.message}
          registration={register(at('custom_label'))}
        />
      ) : null}
      {kind === 'facebook' ? (
        <TextField
          label="Facebook name"
          error={errors?.name?.message}
          registration={register(at('name'))}
        />
      ) : kind === 'physical_address' ? (
        <div className="contacts-row-grid">
          {addressKeys.map((key) => (
            <TextField
              key={key}
              label={addressTitles[key]}
              error={errors?.[key]?.message}
              registration={register(at(key))}
            />
          ))}
        </div>
      ) : (
        <TextField
          label={valueTitle(kind)}
          type={inputType(kind)}
          error={errors?.value?.message}
          registration={register(at('value'))}
        />
      )}
      <RemoveButton label={`Remove detail ${index + 1} (${title})`} onClick={onRemove} />
    </fieldset>
  );
}
