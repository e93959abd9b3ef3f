import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import type { Team } from '@crm/shared/missive/people';
import { ApiError, callMissive } from '@/lib/api-client';
import { getTeamsQueryOptions } from '@/lib/directory/get-teams';

export interface TeamCreateInput {
  name: string;
  organization: string;
}

/** Creates a team (Missive allows it to organization admins only and says so otherwise). */
export async function createTeam(input: TeamCreateInput): Promise<Team> {
  const { teams } = await callMissive('createTeams', { body: { teams: [input] } });
  const created = teams[0];
  if (!created) throw new ApiError(200, 'Missive answered without the created team');
  return created;
}

/** Every organization's team list: the prefix of the teams query's key. */
export function teamListsKey() {
  return getTeamsQueryOptions(null).queryKey.slice(0, -1);
}

type CreateTeamConfig = Omit<UseMutationOptions<Team, Error, TeamCreateInput>, 'mutationFn'>;

export function useCreateTeam({ mutationConfig = {} }: { mutationConfig?: CreateTeamConfig } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...config } = mutationConfig;
  return useMutation({
    ...config,
    mutationFn: createTeam,
    onSuccess: async (...args) => {
      await queryClient.invalidateQueries({ queryKey: teamListsKey() });
      return onSuccess?.(...args);
    },
  });
}
