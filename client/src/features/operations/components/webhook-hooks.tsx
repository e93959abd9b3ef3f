import { useId } from 'react';
import { z } from 'zod';
import { hookCreateBody, hookTypes, type HookType } from '@crm/shared/missive/hooks';
import { Button, Card, Field, Form } from '@/components/ui';
import { WriteStatus } from '@/components/write-status';
import { describeError } from '@/lib/describe-error';
import { checkInForm } from '@/lib/form-check';
import { formatMoment } from '@/lib/format-time';
import { useIsAdmin } from '@/lib/me';
import { useCreateHook } from '../api/create-hook';
import { useDeleteHook } from '../api/delete-hook';
import { useRegisteredHooks, type RegisteredHook } from '../hooks/use-registered-hooks';

const HOOK_TYPE_NAMES: Record<HookType, string> = {
  incoming_email: 'Incoming email',
  new_comment: 'New comment',
  label_change: 'Label change',
  conversation_change: 'Conversation change',
};

/** Where Missive should deliver: this server's webhook receiver. */
function receiverUrl(): string {
  return `${window.location.origin}/webhooks/missive`;
}

/**
 * Registers Missive webhook rules that deliver to this server, and removes
 * them. Missive has no endpoint listing rules, so the list is the ones
 * registered from this browser.
 */
export function WebhookHooks() {
  const headingId = useId();
  const hooks = useRegisteredHooks();
  // One removal at a time, reported under the list: a removed row is gone, its message must not be.
  const remove = useDeleteHook();
  const isAdmin = useIsAdmin();
  return (
    <Card as="section" aria-labelledby={headingId}>
      <h2 id={headingId}>Missive webhooks</h2>
      {/* The gateway refuses agents these calls (403); the form says so before anyone types. */}
      {isAdmin ? (
        <RegisterHookForm />
      ) : (
        <p className="operations-muted">Only an admin can register or remove webhooks.</p>
      )}
      <h3>Registered from this browser</h3>
      <p className="operations-muted">
        Missive cannot list webhook rules, so only the ones registered here are shown. Rules made
        elsewhere keep working; remove those in Missive’s settings.
      </p>
      {hooks.length === 0 ? (
        <p className="operations-muted">None yet.</p>
      ) : (
        <ul className="operations-hooks" aria-label="Registered webhooks">
          {hooks.map((hook) => (
            <HookRow
              key={hook.id}
              hook={hook}
              disabled={remove.isPending || !isAdmin}
              onRemove={() => {
                remove.mutate(hook.id);
              }}
            />
          ))}
        </ul>
      )}
      <WriteStatus
        pending={remove.isPending ? 'Removing the webhook…' : null}
        success={
          remove.data === 'deleted'
            ? 'Removed: Missive no longer delivers to it.'
            : remove.data === 'already gone'
              ? 'Missive no longer had this webhook (removed elsewhere); it is off the list.'
              : null
        }
        error={remove.error}
      />
    </Card>
  );
}

/**
 * The form's fields as typed, checked by Missive's own rule for a rule
 * (`POST /hooks`'s body): the URL and description trimmed, an empty
 * description or secret left out (Missive then makes a secret up). Each
 * problem shows under its input and in the form's alert.
 */
const registerHookSchema = z
  .object({
    type: z.enum(hookTypes),
    url: z.string(),
    description: z.string(),
    secret: z.string(),
  })
  .transform(({ type, url, description, secret }, ctx) =>
    checkInForm(
      hookCreateBody.shape.hooks,
      {
        type,
        url: url.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(secret ? { secret } : {}),
      },
      ctx,
      ['type', 'url', 'description', 'secret'],
    ),
  );

function RegisterHookForm() {
  const create = useCreateHook();
  const created = create.data?.hooks;
  const madeUpSecret =
    create.isSuccess && create.variables.secret === undefined
      ? create.data.hooks.secret
      : undefined;

  return (
    <Form
      schema={registerHookSchema}
      defaultValues={{
        type: 'conversation_change',
        url: receiverUrl(),
        description: '',
        secret: '',
      }}
      className="operations-form"
      aria-label="Register a webhook"
      error={create.error ? describeError(create.error) : null}
      onSubmit={(rule, form) => {
        create.mutate(rule, {
          onSuccess: () => {
            // A secret is not kept a moment longer than needed; the rest stays for the next rule.
            form.setValue('secret', '');
          },
        });
      }}
    >
      {({ register, formState: { errors } }) => (
        <>
          <Field label="Event" error={errors.type?.message}>
            {(control) => (
              <select {...control} {...register('type')}>
                {hookTypes.map((known) => (
                  <option key={known} value={known}>
                    {HOOK_TYPE_NAMES[known]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Delivery URL"
            error={errors.url?.message}
            hint="This server’s receiver. Missive must be able to reach it: in live mode, the server’s public https address."
          >
            {(control) => <input {...control} type="url" {...register('url')} />}
          </Field>
          <Field label="Description (optional)" error={errors.description?.message}>
            {(control) => <input {...control} maxLength={255} {...register('description')} />}
          </Field>
          <Field
            label="Webhook secret"
            error={errors.secret?.message}
            hint="Paste the server’s MISSIVE_WEBHOOK_SECRET (at least 16 characters). Missive signs every delivery with this secret and the server refuses any delivery whose signature does not match its own secret. The secret never leaves the server, so this page cannot fill it in for you. Left empty, Missive chooses one, shown once below: the server must then be restarted with it."
          >
            {(control) => (
              <input {...control} type="password" autoComplete="off" {...register('secret')} />
            )}
          </Field>
          <div className="operations-form-actions">
            <Button type="submit" disabled={create.isPending}>
              Register webhook
            </Button>
          </div>
          <WriteStatus
            pending={create.isPending ? 'Registering…' : null}
            success={
              created
                ? `Registered: Missive will send ${HOOK_TYPE_NAMES[created.type].toLowerCase()} events to ${created.url}.`
                : null
            }
          />
          {madeUpSecret ? (
            <p className="operations-warning">
              Missive chose the secret <code>{madeUpSecret}</code>. Deliveries are refused until the
              server runs with MISSIVE_WEBHOOK_SECRET set to it. It is not shown again.
            </p>
          ) : null}
        </>
      )}
    </Form>
  );
}

function HookRow({
  hook,
  disabled,
  onRemove,
}: {
  hook: RegisteredHook;
  disabled: boolean;
  onRemove: () => void;
}) {
  const name = HOOK_TYPE_NAMES[hook.type];
  return (
    <li className="operations-hook">
      <div>
        <strong>{name}</strong> → <code>{hook.url}</code>
        <p className="operations-muted">
          {hook.description ? `${hook.description} · ` : ''}registered{' '}
          {formatMoment(hook.created_at * 1000)} · rule {hook.id}
        </p>
      </div>
      <Button
        variant="secondary"
        disabled={disabled}
        aria-label={`Remove ${name} webhook to ${hook.url}`}
        onClick={onRemove}
      >
        Remove
      </Button>
    </li>
  );
}
