import type { Team } from '@crm/shared/missive/people';

/** A labelled choice of team, with "No team" for none (the empty value). */
export function TeamSelect({
  id,
  className,
  teams,
  value,
  onChange,
}: {
  id: string;
  /** The field wrapper's class, so each form keeps its own layout. */
  className: string;
  teams: readonly Team[];
  value: string;
  onChange: (teamId: string) => void;
}) {
  return (
    <div className={className}>
      <label htmlFor={id}>Team</label>
      <select
        id={id}
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      >
        <option value="">No team</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
    </div>
  );
}
