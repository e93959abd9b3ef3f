import { useState } from 'react';
import { createAccessKeyBody, roles, type AccessKeyView } from '@crm/shared/people';
import { Button, Card, Field, Form } from '@/components/ui';
import { WriteStatus } from '@/components/write-status';
import { describeError } from '@/lib/describe-error';
import { useIsAdmin } from '@/lib/me';
import { useAccessKeys, useCreateAccessKey, useRevokeAccessKey } from '../api/access-keys';
import './access-keys.css';

/**
 * The team's people and their access keys, for admins: make a key for a
 * person (shown once, with the sidebar address that carries it), see when
 * each was last used, revoke one at once. APP_ACCESS_KEY is the first
 * admin, from which the others are made; it is not listed.
 */
export function AccessKeysPage() {
  const isAdmin = useIsAdmin();
  if (!isAdmin) {
    return (
      <div className="keys-page">
        <h1>Access keys</h1>
        <p role="alert">Only an admin can see and manage access keys.</p>
      </div>
    );
  }
  return (
    <div className="keys-page">
      <h1>Access keys</h1>
      <p className="keys-muted">
        Each person signs in with a key of their own, so the audit log names them and a key can be
        revoked without re-keying the team. Agents work in conversations; admins also register
        webhooks, merge conversations, manage keys and undo anyone&apos;s edit.
      </p>
      <NewKeyForm />
      <KeyList />
    </div>
  );
}

function NewKeyForm() {
  const create = useCreateAccessKey();

  return (
    <Card as="section" padding="sm" className="keys-section" aria-labelledby="keys-new">
      <h2 id="keys-new">New access key</h2>
      <Form
        schema={createAccessKeyBody}
        defaultValues={{ name: '', role: 'agent' }}
        className="keys-form"
        error={create.error ? describeError(create.error) : null}
        onSubmit={(values, form) => {
          create.mutate(values, {
            onSuccess: () => {
              form.reset();
            },
          });
        }}
      >
        {({ register, formState }) => (
          <>
            <Field label="Person's name" error={formState.errors.name?.message}>
              {(control) => <input {...control} autoComplete="off" {...register('name')} />}
            </Field>
            <Field label="Role" error={formState.errors.role?.message}>
              {(control) => (
                <select {...control} {...register('role')}>
                  {roles.map((role) => (
                    <option key={role} value={role}>
                      {role === 'admin' ? 'Admin' : 'Agent'}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Button type="submit" disabled={create.isPending}>
              Create key
            </Button>
          </>
        )}
      </Form>
      <WriteStatus pending={create.isPending ? 'Creating the key…' : null} />
      {create.data ? (
        <NewKey name={create.data.accessKey.name} accessKey={create.data.key} />
      ) : null}
    </Card>
  );
}

/** The key, once: it is stored hashed and cannot be shown again. */
function NewKey({ name, accessKey }: { name: string; accessKey: string }) {
  const sidebarUrl = `${window.location.origin}/sidebar#key=${encodeURIComponent(accessKey)}`;
  return (
    <div className="keys-created" role="region" aria-label={`New key for ${name}`}>
      <p>
        Give this key to {name} now: it is shown only once. They sign in with it here, or use the
        sidebar address in Missive&apos;s integration settings.
      </p>
      <ReadOnlyField label="Access key" value={accessKey} />
      <ReadOnlyField label="Sidebar address" value={sidebarUrl} />
    </div>
  );
}

/** A value to copy: selected whole on focus. */
function ReadOnlyField({ label, value }: { label: string; value: string }) {
  return (
    <label>
      {label}
      <input
        readOnly
        value={value}
        onFocus={(event) => {
          event.currentTarget.select();
        }}
      />
    </label>
  );
}

function KeyList() {
  const keys = useAccessKeys();
  if (keys.isPending) return <p role="status">Loading the keys…</p>;
  if (keys.isError) {
    return <p role="alert">Could not read the keys: {describeError(keys.error)}</p>;
  }
  return (
    <Card as="section" padding="sm" className="keys-section" aria-labelledby="keys-list">
      <h2 id="keys-list">Keys</h2>
      {keys.data.length === 0 ? (
        <p className="keys-muted">No keys yet: only APP_ACCESS_KEY signs in.</p>
      ) : (
        <table aria-labelledby="keys-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {keys.data.map((key) => (
              <KeyRow key={key.id} accessKey={key} />
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

function KeyRow({ accessKey }: { accessKey: AccessKeyView }) {
  const revoke = useRevokeAccessKey();
  const [confirming, setConfirming] = useState(false);
  const when = (ms: number | null) => (ms === null ? 'Never' : new Date(ms).toLocaleString());
  return (
    <tr>
      <th scope="row">{accessKey.name}</th>
      <td>{accessKey.role}</td>
      <td>
        {when(accessKey.createdAt)} by {accessKey.createdBy}
      </td>
      <td>{when(accessKey.lastUsedAt)}</td>
      <td>
        {accessKey.revokedAt !== null ? (
          `Revoked ${when(accessKey.revokedAt)}`
        ) : confirming ? (
          <>
            <Button
              variant="danger"
              size="sm"
              disabled={revoke.isPending}
              onClick={() => {
                revoke.mutate(accessKey.id);
              }}
            >
              Revoke {accessKey.name}&apos;s key now
            </Button>{' '}
            <Button
              variant="secondary"
              size="sm"
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
            size="sm"
            onClick={() => {
              setConfirming(true);
            }}
          >
            Revoke
          </Button>
        )}
        <WriteStatus error={revoke.error} />
      </td>
    </tr>
  );
}
