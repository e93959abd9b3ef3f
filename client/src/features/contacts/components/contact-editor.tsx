import { useState } from 'react';
import { z } from 'zod';
import { touchedFields, type ContactChanges } from '@crm/shared/contact-edits';
import type { Contact } from '@crm/shared/missive/contacts';
import { Button } from '@/components/ui/button';
import { Form } from '@/components/ui/form';
import { WriteStatus } from '@/components/write-status';
import { useEditContact } from '../api/edit-contact';
import { displayName, fieldTitles } from '../utils/contact-format';
import {
  formChanges,
  formPathOf,
  toFormValues,
  type ContactForm,
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

type Issue = { path: readonly PropertyKey[]; message: string };

/**
 * The form's rule: what the agent changed from `base`, checked by the shared
 * contact changes schema (formChanges). Each problem shows under the input
 * holding its value, the first per field (the one to fix first); the form
 * says that some fields need attention, with what no input holds.
 */
function contactChangesFormSchema(base: Contact) {
  return z.custom<ContactFormValues>().transform((values, ctx) => {
    const changes = formChanges(base, values);
    if (changes.success) return changes.data;
    const unplaced: string[] = [];
    for (const issue of changes.error.issues) {
      const path = formPathOf(issue.path);
      if (path) ctx.addIssue({ code: 'custom', path: path.split('.'), message: issue.message });
      else unplaced.push(issue.message);
    }
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: ['Some fields need attention before saving.', ...unplaced].join(' ').trim(),
    });
    return z.NEVER;
  });
}

/** Puts a refused save's problems under their inputs, focusing the first. */
function showIssues(form: ContactForm, issues: readonly Issue[]) {
  const placed = new Set<string>();
  for (const issue of issues) {
    const path = formPathOf(issue.path);
    // The first problem of a field is the one to fix first ("must not be empty").
    if (path && !placed.has(path)) {
      form.setError(path, { message: issue.message }, { shouldFocus: placed.size === 0 });
      placed.add(path);
    }
  }
}

/**
 * The whole contact in one form. Saving sends only what the agent changed,
 * beside the contact as it was opened, so the gateway can keep changes made
 * elsewhere meanwhile. Whatever fails, the form stays as typed.
 */
export function ContactEditor({ contact, onDone }: ContactEditorProps) {
  // The version the agent started from; a refetch meanwhile must not move it.
  const [base] = useState(contact);
  const [schema] = useState(() => contactChangesFormSchema(base));
  const edit = useEditContact();
  const conflict = conflictOf(edit.error);
  const name = displayName(base);

  const send = (form: ContactForm, sendBase: Contact, changes: ContactChanges) => {
    edit.mutate(
      { id: base.id, base: sendBase, changes },
      {
        onSuccess: ({ contact: saved }) => {
          onDone(saved);
        },
        onError: (error) => {
          showIssues(form, issuesOf(error));
        },
      },
    );
  };

  const failure = edit.error && !conflict ? (busyMessage(edit.error) ?? edit.error) : null;

  return (
    <Form
      schema={schema}
      defaultValues={toFormValues(base)}
      className="contacts-editor"
      aria-label={`Edit ${name}`}
      onSubmit={(changes, form) => {
        if (touchedFields(changes).length === 0) onDone();
        else send(form, base, changes);
      }}
    >
      {(form) => (
        <>
          <h3>Edit {name}</h3>
          <fieldset className="contacts-group">
            <legend>Name</legend>
            <div className="contacts-row-grid">
              {nameFields.map((field) => (
                <TextField
                  key={field}
                  label={fieldTitles[field]}
                  error={form.formState.errors[field]?.message}
                  registration={form.register(field)}
                />
              ))}
            </div>
            <label className="contacts-check">
              <input type="checkbox" {...form.register('starred')} /> Starred
            </label>
          </fieldset>
          <InfoRows form={form} />
          <MembershipRows form={form} />
          <TextField
            label="Notes"
            multiline
            error={form.formState.errors.notes?.message}
            registration={form.register('notes')}
          />
          {conflict ? (
            <ConflictView
              // A second conflict starts its choices afresh.
              key={conflict.current.modified_at}
              conflict={conflict}
              pending={edit.isPending}
              onResolve={(changes) => {
                send(form, conflict.current, changes);
              }}
            />
          ) : null}
          <WriteStatus pending={edit.isPending ? 'Saving…' : null} error={failure} />
          <div className="contacts-actions">
            <Button type="submit" disabled={edit.isPending}>
              Save
            </Button>
            <Button
              variant="secondary"
              onClick={() => {
                onDone();
              }}
            >
              Cancel
            </Button>
          </div>
        </>
      )}
    </Form>
  );
}
