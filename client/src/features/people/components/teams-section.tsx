import { useState } from 'react';
import { z } from 'zod';
import type { Organization, Team } from '@crm/shared/missive/people';
import { teamCreateBody, teamUpdateBody } from '@crm/shared/missive/people';
import { Button, Card, Field, Form } from '@/components/ui';
import { WriteStatus } from '@/components/write-status';
import { describeError } from '@/lib/describe-error';
import { useTeams } from '@/lib/directory/get-teams';
import { checkInForm } from '@/lib/form-check';
import { useCreateTeam } from '../api/create-team';
import { useRenameTeam } from '../api/rename-team';

export interface TeamsSectionProps {
  organizationId: string | null;
  organizations: readonly Organization[];
}

/**
 * The teams of the chosen organization (or all). Anyone may try to create
 * or rename one; Missive lets only organization admins, and its refusal is
 * shown as it said it.
 */
export function TeamsSection({ organizationId, organizations }: TeamsSectionProps) {
  const teams = useTeams(organizationId);
  const names = new Map(organizations.map((organization) => [organization.id, organization.name]));
  return (
    <Card as="section" className="people-section" aria-labelledby="people-teams">
      <h2 id="people-teams">Teams</h2>
      <p className="people-muted">Only organization admins can create or rename teams.</p>
      {teams.isError ? (
        <p role="alert" className="error">
          Could not read the teams: {describeError(teams.error)}
        </p>
      ) : teams.isPending ? (
        <p role="status" className="people-muted">
          Loading teams…
        </p>
      ) : teams.data.length === 0 ? (
        <p className="people-muted">No teams yet.</p>
      ) : (
        <ul className="people-list" aria-label="Teams">
          {teams.data.map((team) => (
            <TeamRow
              key={team.id}
              team={team}
              organizationName={organizationId ? null : (names.get(team.organization) ?? null)}
            />
          ))}
        </ul>
      )}
      {/* A new form when the organization it would join changes. */}
      <NewTeamForm
        key={defaultOrganization(organizationId, organizations)}
        organizationId={organizationId}
        organizations={organizations}
      />
    </Card>
  );
}

function TeamRow({ team, organizationName }: { team: Team; organizationName: string | null }) {
  const [renaming, setRenaming] = useState(false);
  // Back from the form, focus returns to Rename rather than to the page's start.
  const [returning, setReturning] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const rename = useRenameTeam();

  if (!renaming) {
    return (
      <li className="people-row">
        <div className="people-person">
          <span className="people-name">{team.name}</span>
          {organizationName ? <span className="people-muted">{organizationName}</span> : null}
          <WriteStatus success={done} />
        </div>
        <Button
          variant="secondary"
          aria-label={`Rename ${team.name}`}
          autoFocus={returning}
          onClick={() => {
            setDone(null);
            rename.reset();
            setRenaming(true);
          }}
        >
          Rename
        </Button>
      </li>
    );
  }
  return (
    <li className="people-row">
      <Form
        schema={renameTeamSchema(team.id)}
        defaultValues={{ name: team.name }}
        className="people-form"
        aria-label={`Rename ${team.name}`}
        error={rename.error ? describeError(rename.error) : null}
        onSubmit={(change) => {
          rename.mutate(change, {
            onSuccess: ({ teams }) => {
              setRenaming(false);
              setReturning(true);
              setDone(`Renamed to “${teams[0]?.name ?? change.name}”.`);
            },
          });
        }}
      >
        {({ register, formState: { errors } }) => (
          <>
            <Field label="New name" error={errors.name?.message}>
              {(control) => (
                // The field the Rename button asked for.
                <input {...control} autoFocus {...register('name')} />
              )}
            </Field>
            <div className="people-actions">
              <Button type="submit" disabled={rename.isPending}>
                Save
              </Button>
              <Button
                variant="secondary"
                onClick={() => {
                  setRenaming(false);
                  setReturning(true);
                }}
              >
                Cancel
              </Button>
            </div>
            <WriteStatus pending={rename.isPending ? 'Renaming…' : null} />
          </>
        )}
      </Form>
    </li>
  );
}

function NewTeamForm({
  organizationId,
  organizations,
}: {
  organizationId: string | null;
  organizations: readonly Organization[];
}) {
  const create = useCreateTeam();
  const created = create.data?.teams[0];

  return (
    <Form
      schema={newTeamSchema}
      // The filter decides when set; otherwise the agent's pick, or the only organization.
      defaultValues={{ name: '', organization: defaultOrganization(organizationId, organizations) }}
      className="people-form"
      aria-label="New team"
      error={create.error ? describeError(create.error) : null}
      onSubmit={(team, form) => {
        create.mutate(team, {
          onSuccess: () => {
            form.setValue('name', '');
          },
        });
      }}
    >
      {({ register, formState: { errors } }) => (
        <>
          <h3>New team</h3>
          <Field label="Team name" error={errors.name?.message}>
            {(control) => <input {...control} {...register('name')} />}
          </Field>
          {organizationId === null && organizations.length > 1 ? (
            <Field label="In organization" error={errors.organization?.message}>
              {(control) => (
                <select {...control} {...register('organization')}>
                  <option value="">Choose…</option>
                  {organizations.map((option) => (
                    <option key={option.id} value={option.id}>
                      {option.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
          <div className="people-actions">
            <Button type="submit" disabled={create.isPending}>
              Create team
            </Button>
          </div>
          <WriteStatus
            pending={create.isPending ? 'Creating the team…' : null}
            success={created ? `Team “${created.name}” created.` : null}
          />
        </>
      )}
    </Form>
  );
}

/** The organization a new team joins before anyone picks: the filter's, or the only one. */
function defaultOrganization(
  organizationId: string | null,
  organizations: readonly Organization[],
): string {
  return organizationId ?? (organizations.length === 1 ? (organizations[0]?.id ?? '') : '');
}

/**
 * The rename form's rule: the shared update body's (checkInForm: the
 * problem under the input and in the form's alert, "name: must not be empty").
 */
function renameTeamSchema(id: string) {
  return z
    .object({ name: z.string() })
    .transform(({ name }, ctx) =>
      checkInForm(teamUpdateBody.shape.teams.element, { id, name }, ctx, ['name']),
    )
    .transform(({ name }) => ({ id, name: name ?? '' }));
}

const CHOOSE_ORGANIZATION = 'Choose the organization the team belongs to.';

/** A new team: an organization first, then the shared create body's rule for it. */
const newTeamSchema = z
  .object({ name: z.string(), organization: z.string() })
  .transform(({ name, organization }, ctx) => {
    if (!organization) {
      ctx.addIssue({ code: 'custom', path: ['organization'], message: CHOOSE_ORGANIZATION });
      ctx.addIssue({ code: 'custom', path: [], message: CHOOSE_ORGANIZATION });
      return z.NEVER;
    }
    return checkInForm(teamCreateBody.shape.teams.element, { name, organization }, ctx, ['name']);
  });
