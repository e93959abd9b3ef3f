import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EndpointResponse } from '@crm/shared/missive/endpoints';
import { endpointKey, missiveMutation } from '@/lib/queries';

export interface TeamRenameInput {
  id: string;
  name: string;
}

/** Renames a team (organization admins only, as creating one). */
export function useRenameTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    ...missiveMutation('updateTeams', ({ id, name }: TeamRenameInput) => ({
      params: { ids: id },
      body: { teams: [{ id, name }] },
    })),
    onSuccess: ({ teams }) => {
      // Every list shows the new name at once; the re-read the table asks for confirms the order.
      const renamed = new Map(teams.map((team) => [team.id, team.name]));
      queryClient.setQueriesData<EndpointResponse<'listTeams'>>(
        { queryKey: endpointKey('missive', 'listTeams') },
        // Only single reads of the list hold this shape (a paged or composed read would not).
        (answer) =>
          answer && Array.isArray(answer.teams)
            ? {
                ...answer,
                teams: answer.teams.map((team) => ({
                  ...team,
                  name: renamed.get(team.id) ?? team.name,
                })),
              }
            : answer,
      );
    },
  });
}
