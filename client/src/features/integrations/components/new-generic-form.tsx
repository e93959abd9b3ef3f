import { useId } from 'react';
import { useForm, type Resolver, type ResolverResult } from 'react-hook-form';
import { providerNameSchema } from '@crm/shared/integrations';
import { FieldError } from './form-field';

interface NewGenericValues {
  name: string;
}

/**
 * The shared rule for a provider's name (it is the last segment of its
 * delivery URL), and one the shared schema cannot know: a name in use,
 * which a PUT would silently overwrite.
 */
function nameResolver(
  taken: ReadonlySet<string>,
): Resolver<NewGenericValues, unknown, NewGenericValues> {
  return ({ name }): ResolverResult<NewGenericValues> => {
    const parsed = providerNameSchema.safeParse(name.trim());
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'is not a valid name';
      return { values: {}, errors: { name: { type: 'schema', message: `Name ${message}.` } } };
    }
    if (taken.has(parsed.data)) {
      return {
        values: {},
        errors: { name: { type: 'taken', message: `“${parsed.data}” is already an integration.` } },
      };
    }
    return { values: { name: parsed.data }, errors: {} };
  };
}

/**
 * Starts a generic provider: its section opens below with the template to
 * write, and it reaches the gateway with its first save.
 */
export function NewGenericForm({
  taken,
  onAdd,
}: {
  /** Every provider listed or being added. */
  taken: ReadonlySet<string>;
  onAdd: (provider: string) => void;
}) {
  const headingId = useId();
  const nameId = useId();
  const form = useForm<NewGenericValues>({
    defaultValues: { name: '' },
    resolver: nameResolver(taken),
  });
  const error = form.formState.errors.name?.message;
  const onSubmit = form.handleSubmit(({ name }) => {
    onAdd(name);
    form.reset();
  });

  return (
    <section className="panel integrations-provider" aria-labelledby={headingId}>
      <h2 id={headingId}>Add a generic webhook</h2>
      <p className="integrations-hint">
        For any service that signs its JSON deliveries with HMAC-SHA256. The name ends its delivery
        URL: lower-case letters, digits and hyphens.
      </p>
      <form
        className="integrations-row"
        noValidate
        onSubmit={(event) => {
          void onSubmit(event);
        }}
      >
        <div className="integrations-field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${nameId}-error` : undefined}
            {...form.register('name')}
          />
          <FieldError id={`${nameId}-error`} error={error} />
        </div>
        <div className="integrations-actions">
          <button type="submit">Add webhook</button>
        </div>
      </form>
    </section>
  );
}
