import { useController } from 'react-hook-form';
import type { User } from '@crm/shared/missive/people';
import { UserCheckboxes } from '@/components/user-checkboxes';

/**
 * The task forms' "Assignees" checkboxes (new task, reassign), bound to the
 * enclosing Form's `assignees` field.
 */
export function AssigneesField({ users }: { users: readonly User[] | undefined }) {
  const { field } = useController<{ assignees: string[] }, 'assignees'>({ name: 'assignees' });
  return (
    <UserCheckboxes
      legend="Assignees"
      users={users}
      value={field.value}
      onChange={field.onChange}
    />
  );
}
