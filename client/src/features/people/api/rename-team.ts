import { useMutation, useQueryClient, type UseMutationOptions } from '@tanstack/react-query';
import type { Team } from '@crm/shared/missive/people';
import { ApiError, callMissive } from '@/lib/api-client';
import { teamListsKey } from './create-team';

export interface TeamRenameInput {
  id: string;
  name: string;
}

/** Renames a team (organization admins only, as creating one). */
export async function renameTeam({ id, name }: TeamRenameInput): Promise<Team> {
  const { teams } = await callMissive('updateTeams', {
    params: { ids: id },
    body: { teams: [{ id, name }] },
  });
  const renamed = teams[0];
  if (!renamed) throw new ApiError(200, 'Missive answered without the renamed team');
  return renamed;
}

function withName(team: unknown, renamed: Team): unknown {
  return typeof team === 'object' && team !== null && 'id' in team && team.id === renamed.id
    ? { ...team, name: renamed.name }
    : team;
}

type RenameTeamConfig = Omit<UseMutationOptions<Team, Error, TeamRenameInput>, 'mutationFn'>;

export function useRenameTeam({ mutationConfig = {} }: { mutationConfig?: RenameTeamConfig } = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...config } = mutationConfig;
  return useMutation({
    ...config,
    mutationFn: renameTeam,
    onSuccess: (renamed, ...rest) => {
      // Every list shows the new name at once; the refetch confirms the order.
      queryClient.setQueriesData({ queryKey: teamListsKey() }, (teams: unknown) =>
        Array.isArray(teams) ? teams.map((team) => withName(team, renamed)) : teams,
      );
      void queryClient.invalidateQueries({ queryKey: teamListsKey() });
      return onSuccess?.(renamed, ...rest);
    },
  });
}
