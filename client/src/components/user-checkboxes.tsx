import type { User } from '@crm/shared/missive/people';
import './user-checkboxes.css';

/**
 * A fieldset of people to tick: a task's assignees, the users a label is
 * shared with. `value` is the ids ticked, in the order they were ticked.
 */
export function UserCheckboxes({
  legend,
  users,
  value,
  onChange,
}: {
  legend: string;
  /** Undefined while they are being read. */
  users: readonly User[] | undefined;
  value: readonly string[];
  onChange: (userIds: string[]) => void;
}) {
  return (
    <fieldset className="user-checkboxes">
      <legend>{legend}</legend>
      {users === undefined ? <p className="user-checkboxes-hint">Loading users…</p> : null}
      {users?.length === 0 ? <p className="user-checkboxes-hint">Nobody to choose.</p> : null}
      {users?.map((user) => (
        <label key={user.id} className="user-checkboxes-item">
          <input
            type="checkbox"
            checked={value.includes(user.id)}
            onChange={(event) => {
              const others = value.filter((userId) => userId !== user.id);
              onChange(event.target.checked ? [...others, user.id] : others);
            }}
          />
          {user.name}
        </label>
      ))}
    </fieldset>
  );
}
