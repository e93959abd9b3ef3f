import { useId } from 'react';
import { z } from 'zod';
import { providerNameSchema } from '@crm/shared/integrations';
import { Button, Card, Field, Form } from '@/components/ui';

/**
 * The shared rule for a provider's name (it is the last segment of its
 * delivery URL), and one the shared schema cannot know: a name in use,
 * which a PUT would silently overwrite.
 */
function newGenericSchema(taken: ReadonlySet<string>) {
  return z.object({ name: z.string() }).transform(({ name }, ctx) => {
    const parsed = providerNameSchema.safeParse(name.trim());
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? 'is not a valid name';
      ctx.addIssue({ code: 'custom', path: ['name'], message: `Name ${message}.` });
      return z.NEVER;
    }
    if (taken.has(parsed.data)) {
      ctx.addIssue({
        code: 'custom',
        path: ['name'],
        message: `“${parsed.data}” is already an integration.`,
      });
      return z.NEVER;
    }
    return { name: parsed.data };
  });
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

  return (
    <Card as="section" aria-labelledby={headingId}>
      <h2 id={headingId}>Add a generic webhook</h2>
      <p className="integrations-hint">
        For any service that signs its JSON deliveries with HMAC-SHA256. The name ends its delivery
        URL: lower-case letters, digits and hyphens.
      </p>
      <Form
        // The names in use are the schema's: a new form when they change.
        key={[...taken].sort().join(' ')}
        schema={newGenericSchema(taken)}
        defaultValues={{ name: '' }}
        className="integrations-row"
        onSubmit={({ name }, form) => {
          onAdd(name);
          form.reset();
        }}
      >
        {({ register, formState }) => (
          <>
            <Field
              label="Name"
              error={formState.errors.name?.message}
              className="integrations-field"
            >
              {(control) => <input {...control} autoComplete="off" {...register('name')} />}
            </Field>
            <div className="integrations-actions">
              <Button type="submit">Add webhook</Button>
            </div>
          </>
        )}
      </Form>
    </Card>
  );
}
