import { useId, useState, type SubmitEvent } from 'react';
import { hookCreateBody, hookTypes, type HookType } from '@crm/shared/missive/hooks';
import { WriteStatus } from '@/components/write-status';
import { describeInvalid } from '@/lib/describe-error';
import { useIsAdmin } from '@/lib/me';
import { useCreateHook } from '../api/create-hook';
import { useDeleteHook } from '../api/delete-hook';
import { useRegisteredHooks, type RegisteredHook } from '../hooks/use-registered-hooks';
import { formatMoment } from '../utils/format';

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
    <section className="operations-panel" aria-labelledby={headingId}>
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
    </section>
  );
}

function RegisterHookForm() {
  const typeId = useId();
  const urlId = useId();
  const descriptionId = useId();
  const secretId = useId();
  const secretHintId = useId();
  const [type, setType] = useState<HookType>('conversation_change');
  const [url, setUrl] = useState(receiverUrl);
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const create = useCreateHook();

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = hookCreateBody.safeParse({
      hooks: {
        type,
        url: url.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(secret ? { secret } : {}),
      },
    });
    if (!parsed.success) {
      setInvalid(describeInvalid(parsed.error));
      return;
    }
    setInvalid(null);
    create.mutate(parsed.data.hooks, {
      onSuccess: () => {
        // A secret is not kept a moment longer than needed; the rest stays for the next rule.
        setSecret('');
      },
    });
  };

  const created = create.data;
  const madeUpSecret =
    created && create.variables.secret === undefined ? created.secret : undefined;

  return (
    <form className="operations-form" aria-label="Register a webhook" onSubmit={submit} noValidate>
      <div className="operations-field">
        <label htmlFor={typeId}>Event</label>
        <select
          id={typeId}
          value={type}
          onChange={(event) => {
            const chosen = hookTypes.find((known) => known === event.target.value);
            if (chosen) setType(chosen);
          }}
        >
          {hookTypes.map((known) => (
            <option key={known} value={known}>
              {HOOK_TYPE_NAMES[known]}
            </option>
          ))}
        </select>
      </div>
      <div className="operations-field">
        <label htmlFor={urlId}>Delivery URL</label>
        <input
          id={urlId}
          type="url"
          value={url}
          onChange={(event) => {
            setUrl(event.target.value);
          }}
        />
        <p className="operations-muted">
          This server’s receiver. Missive must be able to reach it: in live mode, the server’s
          public https address.
        </p>
      </div>
      <div className="operations-field">
        <label htmlFor={descriptionId}>Description (optional)</label>
        <input
          id={descriptionId}
          value={description}
          maxLength={255}
          onChange={(event) => {
            setDescription(event.target.value);
          }}
        />
      </div>
      <div className="operations-field">
        <label htmlFor={secretId}>Webhook secret</label>
        <input
          id={secretId}
          type="password"
          autoComplete="off"
          value={secret}
          aria-describedby={secretHintId}
          onChange={(event) => {
            setSecret(event.target.value);
          }}
        />
        <p id={secretHintId} className="operations-muted">
          Paste the server’s MISSIVE_WEBHOOK_SECRET (at least 16 characters). Missive signs every
          delivery with this secret and the server refuses any delivery whose signature does not
          match its own secret. The secret never leaves the server, so this page cannot fill it in
          for you. Left empty, Missive chooses one, shown once below: the server must then be
          restarted with it.
        </p>
      </div>
      {invalid ? (
        <p role="alert" className="operations-error">
          {invalid}
        </p>
      ) : null}
      <div className="operations-form-actions">
        <button type="submit" disabled={create.isPending}>
          Register webhook
        </button>
      </div>
      <WriteStatus
        pending={create.isPending ? 'Registering…' : null}
        success={
          created
            ? `Registered: Missive will send ${HOOK_TYPE_NAMES[created.type].toLowerCase()} events to ${created.url}.`
            : null
        }
        error={create.error}
      />
      {madeUpSecret ? (
        <p className="operations-warning">
          Missive chose the secret <code>{madeUpSecret}</code>. Deliveries are refused until the
          server runs with MISSIVE_WEBHOOK_SECRET set to it. It is not shown again.
        </p>
      ) : null}
    </form>
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
      <button
        type="button"
        className="operations-secondary"
        disabled={disabled}
        aria-label={`Remove ${name} webhook to ${hook.url}`}
        onClick={onRemove}
      >
        Remove
      </button>
    </li>
  );
}
