import { useQueries } from '@tanstack/react-query';
import { getContactGroupsQueryOptions } from '@/features/contacts/api/get-contact-groups';
import type { FilterPickers } from '@/features/conversation/components/conversation-filters';
import {
  OptionPicker,
  type PickerOptionGroup,
  type PickerProps,
} from '@/features/conversation/components/option-picker';
import { getSharedLabelsQueryOptions } from '@/features/labels/api/get-shared-labels';
import { toLabelTree } from '@/features/labels/utils/label-tree';
import { useContactBooks } from '@/lib/contact-books';
import { useOrganizations } from '@/lib/directory/get-organizations';
import { useTeams } from '@/lib/directory/get-teams';

/**
 * The conversation filters' pickers, fed from where teams, labels and
 * contact organizations are read (lib/ and the labels and contacts
 * features). They read through those same queries,
 * so the cache (and its invalidation on live events) is shared with the
 * rest of the app rather than kept twice.
 */

function TeamPicker(props: PickerProps) {
  const teams = useTeams(null);
  return (
    <OptionPicker
      {...props}
      noun="team"
      groups={teams.data ? [{ label: null, options: teams.data }] : []}
      isPending={teams.isPending}
      error={teams.error}
      onRetry={() => void teams.refetch()}
    />
  );
}

/** Labels are per organization; every organization's tree, each under its name when there are several. */
function LabelPicker(props: PickerProps) {
  const organizations = useOrganizations();
  const list = organizations.data ?? [];
  const labels = useQueries({
    queries: list.map((organization) => getSharedLabelsQueryOptions(organization.id)),
    combine: (results) => ({
      trees: results.map((result) => toLabelTree(result.data ?? [])),
      isPending: results.some((result) => result.isPending),
      error: results.find((result) => result.error)?.error ?? null,
      refetch: () => {
        for (const result of results) void result.refetch();
      },
    }),
  });
  const groups: PickerOptionGroup[] = list.map((organization, index) => ({
    label: list.length > 1 ? organization.name : null,
    // The path tells "Billing/Refunds" from "Sales/Refunds" in a flat list.
    options: (labels.trees[index] ?? []).map((label) => ({
      id: label.id,
      name: label.path.split('/').join(' › '),
    })),
  }));
  return (
    <OptionPicker
      {...props}
      noun="label"
      groups={groups}
      isPending={organizations.isPending || labels.isPending}
      error={organizations.error ?? labels.error}
      onRetry={() => {
        if (organizations.error) void organizations.refetch();
        else labels.refetch();
      }}
    />
  );
}

/** Companies of every contact book the token owner sees, grouped by book when there are several. */
function useOrganizationOptions() {
  const books = useContactBooks();
  const bookList = books.data ?? [];
  const organizations = useQueries({
    queries: bookList.map((book) => getContactGroupsQueryOptions(book.id, 'organization')),
    combine: (results) => ({
      groups: results.map((result, index): PickerOptionGroup => ({
        label: results.length > 1 ? (bookList[index]?.name ?? null) : null,
        options: result.data ?? [],
      })),
      isPending: results.some((result) => result.isPending),
      error: results.find((result) => result.error)?.error ?? null,
      refetch: () => {
        for (const result of results) void result.refetch();
      },
    }),
  });
  return {
    groups: organizations.groups,
    isPending: books.isPending || organizations.isPending,
    error: books.error ?? organizations.error,
    retry: () => {
      if (books.error) void books.refetch();
      else organizations.refetch();
    },
  };
}

function OrganizationPicker(props: PickerProps) {
  const { groups, isPending, error, retry } = useOrganizationOptions();
  return (
    <OptionPicker
      {...props}
      noun="organization"
      groups={groups}
      isPending={isPending}
      error={error}
      onRetry={retry}
    />
  );
}

function OrganizationName({ id }: { id: string }) {
  const { groups, isPending } = useOrganizationOptions();
  const match = groups.flatMap((group) => group.options).find((option) => option.id === id);
  return <>{match?.name ?? (isPending ? '…' : 'an unknown organization')}</>;
}

export const conversationFilterPickers: FilterPickers = {
  Team: TeamPicker,
  Label: LabelPicker,
  Organization: OrganizationPicker,
  OrganizationName,
};
