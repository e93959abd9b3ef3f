import { useId } from 'react';
import { taskStates } from '@crm/shared/missive/tasks';
import type { Team, User } from '@crm/shared/missive/people';
import { FilterSelect, type FilterOption } from '@/components/filter-select';
import { OrganizationSelect, type OrganizationParam } from '@/components/organization-select';
import type { SearchParamChanges } from '@/lib/search-params';
import { Button } from '@/components/ui/button';
import { taskFilterParams, type TaskFilters } from '../utils/task-filters';
import { stateNames } from './task-item';

const kindOptions: FilterOption[] = [
  { value: '', label: 'All tasks' },
  { value: 'task', label: 'Standalone tasks' },
  { value: 'conversation', label: 'Tasks in conversations' },
];

const stateOptions: FilterOption[] = [
  { value: '', label: 'Any state' },
  ...taskStates.map((state) => ({ value: state, label: stateNames[state] })),
];

/**
 * The task list's filters, each change written to the URL at once. A team
 * or assignee named by the URL but not (yet) in the lists still shows, so
 * the select never pretends another filter is in force.
 */
export function TaskFiltersBar({
  filters,
  organization,
  users,
  teams,
  onChange,
}: {
  filters: TaskFilters;
  organization: OrganizationParam;
  users: readonly User[] | undefined;
  teams: readonly Team[] | undefined;
  onChange: (changes: SearchParamChanges) => void;
}) {
  const filtered = Boolean(
    filters.state ??
    filters.team ??
    filters.assignee ??
    filters.dueFrom ??
    filters.dueTo ??
    (filters.type === 'all' ? null : filters.type),
  );
  const teamOptions = withCurrent(
    [
      { value: '', label: 'Any team' },
      ...(teams ?? []).map(({ id, name }) => ({ value: id, label: name })),
    ],
    filters.team,
    teams === undefined ? 'Loading…' : 'Unknown team',
  );
  const assigneeOptions = withCurrent(
    [
      { value: '', label: 'Anyone' },
      ...(users ?? []).map(({ id, name, me }) => ({
        value: id,
        label: me ? `${name} (you)` : name,
      })),
    ],
    filters.assignee,
    users === undefined ? 'Loading…' : 'Unknown user',
  );

  return (
    <form
      role="search"
      aria-label="Filter tasks"
      className="filter-bar"
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <OrganizationSelect
        {...organization}
        onChange={(id) => {
          // Teams and people belong to one organization.
          onChange({
            organization: id,
            [taskFilterParams.team]: null,
            [taskFilterParams.assignee]: null,
          });
        }}
      />
      <FilterSelect
        label="State"
        value={filters.state ?? ''}
        options={stateOptions}
        onChange={(value) => {
          onChange({ [taskFilterParams.state]: value });
        }}
      />
      <FilterSelect
        label="Kind"
        value={filters.type === 'all' ? '' : filters.type}
        options={kindOptions}
        onChange={(value) => {
          onChange({ [taskFilterParams.type]: value });
        }}
      />
      <FilterSelect
        label="Team"
        value={filters.team ?? ''}
        options={teamOptions}
        onChange={(value) => {
          onChange({ [taskFilterParams.team]: value });
        }}
      />
      <FilterSelect
        label="Assignee"
        value={filters.assignee ?? ''}
        options={assigneeOptions}
        onChange={(value) => {
          onChange({ [taskFilterParams.assignee]: value });
        }}
      />
      <DateFilter
        label="Due from"
        value={filters.dueFrom ?? ''}
        onChange={(value) => {
          onChange({ [taskFilterParams.dueFrom]: value });
        }}
      />
      <DateFilter
        label="Due to"
        value={filters.dueTo ?? ''}
        onChange={(value) => {
          onChange({ [taskFilterParams.dueTo]: value });
        }}
      />
      <Button
        variant="secondary"
        className="tasks-clear"
        disabled={!filtered}
        onClick={() => {
          onChange(Object.fromEntries(Object.values(taskFilterParams).map((name) => [name, null])));
        }}
      >
        Clear filters
      </Button>
    </form>
  );
}

function DateFilter({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="filter-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
        }}
      />
    </div>
  );
}

function withCurrent(options: FilterOption[], current: string | null, label: string) {
  return current === null || options.some((option) => option.value === current)
    ? options
    : [...options, { value: current, label }];
}
