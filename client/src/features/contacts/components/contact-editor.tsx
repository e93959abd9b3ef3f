import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { touchedFields, type ContactChanges } from '@crm/shared/contact-edits';
import type { Contact } from '@crm/shared/missive/contacts';
import { WriteStatus } from '@/components/write-status';
import { useEditContact } from '../api/edit-contact';
import { displayName, fieldTitles } from '../utils/contact-format';
import {
  formChanges,
  formPathOf,
  toFormValues,
  type ContactFormValues,
} from '../utils/contact-form';
import { busyMessage, conflictOf, issuesOf } from '../utils/write-errors';
import { ConflictView } from './conflict-view';
import { TextField } from './form-fields';
import { InfoRows } from './info-rows';
import { MembershipRows } from './membership-rows';
import './contacts.css';

export interface ContactEditorProps {
  contact: Contact;
  /** Called with the saved contact, or with nothing when the agent cancels or changed nothing. */
  onDone: (saved?: Contact) => void;
}

const nameFields = [
  'first_name',
  'last_name',
  'prefix',
  'middle_name',
  'suffix',
  'nickname',
  'phonetic_first_name',
  'phonetic_last_name',
  'phonetic_middle_name',
  'file_as',
  'gender',
] as const;

/**
 * The whole contact in one form. Saving sends only what the agent changed,
 * beside the contact as it was opened, so the gateway can keep changes made
 * elsewhere meanwhile. Whatever fails, the form stays as typed.
 */
export function ContactEditor({ contact, onDone }: ContactEditorProps) {
  // The version the agent started from; a refetch meanwhile must not move it.
  const [base] = useState(contact);
  const form = useForm<ContactFormValues>({ defaultValues: toFormValues(base) });
  const { register, formState, setError } = form;
  const [invalid, setInvalid] = useState<string | null>(null);
  const edit = useEditContact();
  const conflict = conflictOf(edit.error);
  const name = displayName(base);

  const showIssues = (issues: readonly { path: readonly PropertyKey[]; message: string }[]) => {
    const placed = new Set<string>();
    const unplaced: string[] = [];
    for (const issue of issues) {
      const path = formPathOf(issue.path);
      if (!path) unplaced.push(issue.message);
      // The first problem of a field is the one to fix first ("must not be empty").
      else if (!placed.has(path)) {
        setError(path, { message: issue.message }, { shouldFocus: placed.size === 0 });
        placed.add(path);
      }
    }
    return unplaced;
  };

  const send = (sendBase: Contact, changes: ContactChanges) => {
    setInvalid(null);
    edit.mutate(
      { id: base.id, base: sendBase, changes },
      {
        onSuccess: (saved) => {
          onDone(saved);
        },
        onError: (error) => {
          showIssues(issuesOf(error));
        },
      },
    );
  };

  const onSubmit = form.handleSubmit((values) => {
    const changes = formChanges(base, values);
    if (!changes.success) {
      const unplaced = showIssues(changes.error.issues);
      setInvalid(['Some fields need attention before saving.', ...unplaced].join(' ').trim());
      return;
    }
    if (touchedFields(changes.data).length === 0) {
      onDone();
      return;
    }
    send(base, changes.data);
  });

  const failure = edit.error && !conflict ? (busyMessage(edit.error) ?? edit.error) : null;

  return (
    <form
      className="contacts-editor"
      aria-label={`Edit ${name}`}
      noValidate
      onSubmit={(event) => {
        void onSubmit(event);
      }}
    >
      <h3>Edit {name}</h3>
      <fieldset className="contacts-group">
        <legend>Name</legend>
        <div className="contacts-row-grid">
          {nameFields.map((field) => (
            <TextField
              key={field}
              label={fieldTitles[field]}
              error={formState.errors[field]?.message}
              registration={register(field)}
            />
          ))}
        </div>
        <label className="contacts-check">
          <input type="checkbox" {...register('starred')} /> Starred
        </label>
      </fieldset>
      <InfoRows form={form} />
      <MembershipRows form={form} />
      <TextField
        label="Notes"
        multiline
        error={formState.errors.notes?.message}
        registration={register('notes')}
      />
      {conflict ? (
        <ConflictView
          // A second conflict starts its choices afresh.
          key={conflict.current.modified_at}
          conflict={conflict}
          pending={edit.isPending}
          onResolve={(changes) => {
            send(conflict.current, changes);
          }}
        />
      ) : null}
      <WriteStatus pending={edit.isPending ? 'Saving…' : null} error={invalid ?? failure} />
      <div className="contacts-actions">
        <button type="submit" className="contacts-button" disabled={edit.isPending}>
          Save
        </button>
        <button
          type="button"
          className="contacts-button contacts-button-quiet"
          onClick={() => {
            onDone();
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
