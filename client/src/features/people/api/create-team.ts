import { useMutation } from '@tanstack/react-query';
import { missiveMutation } from '@/lib/queries';

export interface TeamCreateInput {
  name: string;
  organization: string;
}

/**
 * Creates a team (Missive allows it to organization admins only and says so
 * otherwise); the team lists are read again from the table's `invalidates`.
 */
export function useCreateTeam() {
  return useMutation(
    missiveMutation('createTeams', (team: TeamCreateInput) => ({ body: { teams: [team] } })),
  );
}
