import { useId, useState } from 'react';
import type { Organization, Team } from '@crm/shared/missive/people';
import { teamCreateBody, teamUpdateBody } from '@crm/shared/missive/people';
import { WriteStatus } from '@/components/write-status';
import { describeError, describeInvalid } from '@/lib/describe-error';
import { useTeams } from '@/lib/directory/get-teams';
import { Button } from '@/components/ui/button';
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
    <section className="people-section" aria-labelledby="people-teams">
      <h2 id="people-teams">Teams</h2>
      <p className="people-muted">Only organization admins can create or rename teams.</p>
      {teams.isError ? (
        <p role="alert" className="people-error">
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
      <NewTeamForm organizationId={organizationId} organizations={organizations} />
    </section>
  );
}

function TeamRow({ team, organizationName }: { team: Team; organizationName: string | null }) {
  const id = useId();
  const [renaming, setRenaming] = useState(false);
  // Back from the form, focus returns to Rename rather than to the page's start.
  const [returning, setReturning] = useState(false);
  const [name, setName] = useState(team.name);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const rename = useRenameTeam({
    mutationConfig: {
      onSuccess: (renamed) => {
        setRenaming(false);
        setReturning(true);
        setDone(`Renamed to “${renamed.name}”.`);
      },
    },
  });

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
            setName(team.name);
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
      <form
        className="people-form"
        aria-label={`Rename ${team.name}`}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const checked = teamUpdateBody.safeParse({ teams: [{ id: team.id, name }] });
          if (!checked.success) {
            setProblem(describeInvalid(checked.error));
            return;
          }
          setProblem(null);
          rename.mutate({ id: team.id, name: name.trim() });
        }}
      >
        <label htmlFor={id}>New name</label>
        <input
          id={id}
          value={name}
          // The field the Rename button asked for.
          autoFocus
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
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
        <WriteStatus
          pending={rename.isPending ? 'Renaming…' : null}
          error={problem ?? rename.error}
        />
      </form>
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
  const id = useId();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // The filter decides when set; otherwise the agent's pick, or the only organization.
  const only = organizations.length === 1 ? organizations[0]?.id : undefined;
  const organization = organizationId ?? (chosen || only || '');
  const create = useCreateTeam({
    mutationConfig: {
      onSuccess: () => {
        setName('');
      },
    },
  });

  return (
    <form
      className="people-form"
      aria-label="New team"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!organization) {
          setProblem('Choose the organization the team belongs to.');
          return;
        }
        const checked = teamCreateBody.safeParse({ teams: [{ name, organization }] });
        if (!checked.success) {
          setProblem(describeInvalid(checked.error));
          return;
        }
        setProblem(null);
        create.mutate({ name: name.trim(), organization });
      }}
    >
      <h3>New team</h3>
      <label htmlFor={`${id}-name`}>Team name</label>
      <input
        id={`${id}-name`}
        value={name}
        onChange={(event) => {
          setName(event.target.value);
        }}
      />
      {organizationId === null && organizations.length > 1 ? (
        <>
          <label htmlFor={`${id}-organization`}>In organization</label>
          <select
            id={`${id}-organization`}
            value={chosen}
            onChange={(event) => {
              setChosen(event.target.value);
            }}
          >
            <option value="">Choose…</option>
            {organizations.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <div className="people-actions">
        <Button type="submit" disabled={create.isPending}>
          Create team
        </Button>
      </div>
      <WriteStatus
        pending={create.isPending ? 'Creating the team…' : null}
        success={create.isSuccess ? `Team “${create.data.name}” created.` : null}
        error={problem ?? create.error}
      />
    </form>
  );
}
