import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Controller, useFormContext, useFormState, useWatch } from 'react-hook-form';
import type { Integration, IntegrationUpdate } from '@crm/shared/integrations';
import { FilterSelect, type FilterOption } from '@/components/filter-select';
import { TeamSelect } from '@/components/team-select';
import { WriteStatus } from '@/components/write-status';
import { describeError } from '@/lib/describe-error';
import { useOrganizations } from '@/lib/directory/get-organizations';
import { getTeamsQueryOptions } from '@/lib/directory/get-teams';
import { Badge, Button, Card, Form } from '@/components/ui';
import { useDeleteIntegration } from '../api/delete-integration';
import { useUpdateIntegration } from '../api/update-integration';
import {
  integrationFormSchema,
  integrationFormValues,
  type IntegrationFormValues,
} from '../utils/integration-form';
import {
  defaultIconPath,
  kindDescription,
  providerTitle,
  secretVariable,
} from '../utils/provider-names';
import { DeliveryUrl } from './delivery-url';
import { FieldError, FormField } from './form-field';
import { LabelCheckboxes } from './label-checkboxes';

/**
 * One provider: where it delivers, whether it is on, its secret, where its
 * posts go and how they look. Saving sends the whole settings and the
 * secret only when one was typed, so an empty secret field never erases
 * the stored one. `draft`: a generic provider added on this page and not
 * saved yet; its first save creates it.
 */
export function ProviderSection({
  integration,
  draft = false,
  onDiscard,
}: {
  integration: Integration;
  draft?: boolean;
  onDiscard?: () => void;
}) {
  const headingId = useId();
  const title = providerTitle(integration);
  const save = useUpdateIntegration();

  return (
    <Card as="section" aria-labelledby={headingId}>
      <div className="integrations-head">
        <img src={defaultIconPath(integration.kind)} alt="" width={32} height={32} />
        <h2 id={headingId}>{title}</h2>
        {draft ? <Badge tone="demo">Not saved yet</Badge> : null}
      </div>
      <p className="integrations-hint">{kindDescription(integration.kind)}</p>
      <DeliveryUrl path={integration.deliveryPath} />
      <Form
        schema={integrationFormSchema(integration)}
        defaultValues={integrationFormValues(integration)}
        className="integrations-form"
        onSubmit={(body, form) => {
          save.mutate(
            { provider: integration.provider, body },
            {
              // What the gateway keeps is the form's new starting point; the secret typed is gone.
              onSuccess: ({ integration: saved }) => {
                form.reset(integrationFormValues(saved));
              },
            },
          );
        }}
      >
        <ProviderFields integration={integration} title={title} />
        <div className="integrations-actions">
          <Button type="submit" disabled={save.isPending}>
            Save {title}
          </Button>
          {draft && onDiscard ? (
            <Button variant="secondary" onClick={onDiscard}>
              Discard {title}
            </Button>
          ) : null}
        </div>
        <SaveStatus title={title} save={save} />
        {integration.updatedAt !== null && !draft ? (
          <p className="integrations-hint">
            Last saved {new Date(integration.updatedAt).toLocaleString()}
            {integration.updatedBy ? ` by ${integration.updatedBy}` : ''}.
          </p>
        ) : null}
      </Form>
      {integration.kind === 'generic' && !draft ? (
        <DeleteProvider provider={integration.provider} />
      ) : null}
    </Card>
  );
}

/** The provider form's inputs, inside Form (its react-hook-form context). */
function ProviderFields({ integration, title }: { integration: Integration; title: string }) {
  const { register, formState, control, setValue } = useFormContext<
    IntegrationFormValues,
    unknown,
    IntegrationUpdate
  >();
  const errors = formState.errors;
  const organization = useWatch({ control, name: 'organization' });

  return (
    <>
      <label className="integrations-check">
        <input type="checkbox" {...register('enabled')} /> Enabled
      </label>
      <FormField
        label="Secret"
        type="password"
        autoComplete="new-password"
        disabled={integration.secret === 'environment'}
        hint={secretHint(integration)}
        error={errors.secret?.message}
        registration={register('secret')}
      />
      <div className="integrations-row">
        <Controller
          control={control}
          name="organization"
          render={({ field }) => (
            <OrganizationField
              value={field.value}
              onChange={(value) => {
                field.onChange(value);
                // A team and labels belong to the organization they were picked in.
                setValue('team', '', { shouldDirty: true });
                setValue('labels', [], { shouldDirty: true });
              }}
            />
          )}
        />
        <Controller
          control={control}
          name="team"
          render={({ field }) => (
            <TeamField organization={organization} value={field.value} onChange={field.onChange} />
          )}
        />
      </div>
      <FieldError error={errors.organization?.message ?? errors.team?.message} />
      <Controller
        control={control}
        name="labels"
        render={({ field }) => (
          <LabelCheckboxes
            organizationId={organization || null}
            value={field.value}
            onChange={field.onChange}
            error={errors.labels?.message}
          />
        )}
      />
      <label className="integrations-check">
        <input type="checkbox" {...register('reopen')} /> Reopen closed conversations
      </label>
      <div className="integrations-row">
        <FormField
          label="Post username"
          placeholder={title}
          hint={`Empty: “${title}”.`}
          error={errors.username?.message}
          registration={register('username')}
        />
        <FormField
          label="Post icon URL"
          type="url"
          placeholder={`${window.location.origin}${defaultIconPath(integration.kind)}`}
          hint="Empty: the badge shown above."
          error={errors.icon?.message}
          registration={register('icon')}
        />
      </div>
      {integration.kind === 'generic' ? (
        <fieldset className="integrations-template">
          <legend>Post template</legend>
          <p className="integrations-hint">
            Each field may hold <code>{'{{path.to.field}}'}</code>, replaced by that field of the
            delivery&apos;s JSON body.
          </p>
          {TEMPLATE_FIELDS.map(({ name, ...field }) => (
            <FormField
              key={name}
              {...field}
              error={errors[name]?.message}
              registration={register(name)}
            />
          ))}
        </fieldset>
      ) : null}
    </>
  );
}

/** The save's progress, success (until the next change) and failure. */
/** A generic provider's post template: each field may hold {{path}} placeholders. */
const TEMPLATE_FIELDS = [
  {
    name: 'references',
    label: 'References',
    multiline: true,
    hint: 'One per line: deliveries with the same reference share a conversation.',
  },
  { name: 'subject', label: 'Subject', hint: 'The subject of a new conversation.' },
  { name: 'markdown', label: 'Markdown', multiline: true, hint: 'The post.' },
  {
    name: 'eventId',
    label: 'Event id path',
    hint: "The delivery's own id, such as {{id}}, so a redelivery posts once. Empty: the X-Event-Id header, else the body's SHA-256.",
  },
  {
    name: 'color',
    label: 'Colour',
    hint: 'A colour such as #2266ED, or a template that renders to one. Empty: none.',
  },
] as const;

function SaveStatus({
  title,
  save,
}: {
  title: string;
  save: Pick<ReturnType<typeof useUpdateIntegration>, 'isPending' | 'isSuccess' | 'error'>;
}) {
  const { isDirty } = useFormState();
  return (
    <WriteStatus
      pending={save.isPending ? `Saving ${title}…` : null}
      success={save.isSuccess && !isDirty ? `Saved ${title}.` : null}
      error={save.error}
    />
  );
}

function secretHint(integration: Integration): string {
  if (integration.secret === 'environment') {
    return `Secret from the environment (${secretVariable(integration.provider)}): change it there.`;
  }
  if (integration.secret === 'dashboard') {
    return 'Secret set in the dashboard. Leave empty to keep it; type another to replace it.';
  }
  return 'No secret yet: deliveries are refused until one is set.';
}

function OrganizationField({
  value,
  onChange,
}: {
  value: string;
  onChange: (organizationId: string) => void;
}) {
  const organizations = useOrganizations();
  const options: FilterOption[] = [
    { value: '', label: organizations.isPending ? 'Loading…' : 'No organization' },
    ...(organizations.data ?? []).map(({ id, name }) => ({ value: id, label: name })),
  ];
  // One saved before but no longer the token owner's: say so rather than show another.
  if (value && organizations.data && !organizations.data.some(({ id }) => id === value)) {
    options.push({ value, label: 'Unknown organization' });
  }
  return (
    <FilterSelect
      label="Organization"
      value={value}
      options={options}
      onChange={onChange}
      hint={organizations.isError ? 'The organizations could not be read.' : null}
    />
  );
}

function TeamField({
  organization,
  value,
  onChange,
}: {
  organization: string;
  value: string;
  onChange: (teamId: string) => void;
}) {
  const id = useId();
  // Without an organization nothing is read: listing every team would offer ones that cannot apply.
  const teams = useQuery({ ...getTeamsQueryOptions(organization), enabled: organization !== '' });
  return (
    <TeamSelect
      id={id}
      className="filter-field"
      teams={teams.data ?? []}
      value={value}
      onChange={onChange}
    />
  );
}

/** A generic provider is removed only after a second, explicit click. */
function DeleteProvider({ provider }: { provider: string }) {
  const remove = useDeleteIntegration();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="integrations-actions">
      {confirming ? (
        <>
          <Button
            variant="danger"
            disabled={remove.isPending}
            onClick={() => {
              remove.mutate(provider);
            }}
          >
            Delete {provider} now
          </Button>
          <Button
            variant="secondary"
            onClick={() => {
              setConfirming(false);
            }}
          >
            Keep it
          </Button>
        </>
      ) : (
        <Button
          variant="secondary"
          onClick={() => {
            setConfirming(true);
          }}
        >
          Delete {provider}
        </Button>
      )}
      {/* An alert only: the section's one status line is the save's. */}
      {remove.error ? (
        <p role="alert" className="error">
          {describeError(remove.error)}
        </p>
      ) : null}
    </div>
  );
}
