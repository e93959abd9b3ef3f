import type { User } from '@crm/shared/missive/people';
import { describeError } from '@/lib/describe-error';
import { useUsers } from '@/lib/directory/get-users';
import { Card } from '@/components/ui/card';
import { Badge } from '@/components/ui/badge';

/** The users of the chosen organization (or all), the token owner marked as "you". */
export function UsersSection({ organizationId }: { organizationId: string | null }) {
  const users = useUsers(organizationId);
  const sorted = users.data
    ? users.data.users.toSorted(
        (a, b) => Number(b.me) - Number(a.me) || a.name.localeCompare(b.name),
      )
    : [];
  return (
    <Card as="section" className="people-section" aria-labelledby="people-users">
      <h2 id="people-users">Users</h2>
      {users.isError ? (
        <p role="alert" className="error">
          Could not read the users: {describeError(users.error)}
        </p>
      ) : users.isPending ? (
        <p role="status" className="people-muted">
          Loading users…
        </p>
      ) : sorted.length === 0 ? (
        <p className="people-muted">No users here.</p>
      ) : (
        <ul className="people-list" aria-label="Users">
          {sorted.map((user) => (
            <UserRow key={user.id} user={user} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function UserRow({ user }: { user: User }) {
  return (
    <li className="people-row">
      <span className="people-person">
        <span className="people-name">
          {user.name}
          {user.me ? (
            <Badge tone="accent" className="people-you">
              You
            </Badge>
          ) : null}
        </span>
        <span className="people-muted">{user.email}</span>
      </span>
    </li>
  );
}
