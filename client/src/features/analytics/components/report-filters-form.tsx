import { memo, useId, useMemo, type SubmitEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { accountTypes } from '@crm/shared/missive/analytics';
import { OrganizationSelect, type OrganizationParam } from '@/components/organization-select';
import { useLabelChoices } from '@/lib/directory/get-label-choices';
import { getTeamsQueryOptions } from '@/lib/directory/get-teams';
import { getUsersQueryOptions } from '@/lib/directory/get-users';
import { describeError } from '@/lib/describe-error';
import { accountTypeName } from '../utils/format';
import { isAccountType, type ReportFilters } from '../utils/report-filters';
import { timeZoneChoices } from '../utils/zoned-time';
import { CheckboxGroup, type Choice } from './checkbox-group';
import '@/components/filters.css';
import { Button } from '@/components/ui/button';

const ACCOUNT_TYPE_CHOICES: Choice[] = accountTypes.map((type) => ({
  id: type,
  label: accountTypeName(type),
}));

export interface ReportFiltersFormProps {
  organization: OrganizationParam;
  filters: ReportFilters;
  onOrganizationChange: (organizationId: string) => void;
  onChange: (changes: Partial<ReportFilters>) => void;
  onRun: () => void;
  running: boolean;
  /** The form's own validation message, shown until the next change. */
  error: string | null;
}

/** Period, time zone and filters: each change goes to the URL at once; "Run report" asks Missive. */
export function ReportFiltersForm({
  organization,
  filters,
  onOrganizationChange,
  onChange,
  onRun,
  running,
  error,
}: ReportFiltersFormProps) {
  const fromId = useId();
  const toId = useId();
  const zoneId = useId();
  const errorId = useId();
  const organizationId = organization.organizationId;
  const teams = useQuery({
    ...getTeamsQueryOptions(organizationId),
    enabled: organizationId !== null,
  });
  const users = useQuery({
    ...getUsersQueryOptions(organizationId),
    enabled: organizationId !== null,
  });
  const labels = useLabelChoices(organizationId);
  const zones = useMemo(() => timeZoneChoices(), []);

  const teamChoices = (teams.data ?? []).map((team) => ({ id: team.id, label: team.name }));
  const userChoices = (users.data?.users ?? [])
    .map((user) => ({ id: user.id, label: user.name || user.email }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const labelChoices = (labels.data ?? []).map((label) => ({ id: label.id, label: label.path }));

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onRun();
  };

  return (
    <form className="analytics-form" onSubmit={submit} aria-label="Report" noValidate>
      <div className="filter-bar">
        <OrganizationSelect {...organization} onChange={onOrganizationChange} />
        <div className="filter-field">
          <label htmlFor={fromId}>From</label>
          <input
            id={fromId}
            type="date"
            value={filters.from}
            max={filters.to}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => {
              onChange({ from: event.target.value });
            }}
          />
        </div>
        <div className="filter-field">
          <label htmlFor={toId}>To</label>
          <input
            id={toId}
            type="date"
            value={filters.to}
            min={filters.from}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => {
              onChange({ to: event.target.value });
            }}
          />
        </div>
        <div className="filter-field">
          <label htmlFor={zoneId}>Time zone</label>
          <select
            id={zoneId}
            value={filters.timeZone}
            onChange={(event) => {
              onChange({ timeZone: event.target.value });
            }}
          >
            {/* An alias from a link (America/Montreal) may not be among the canonical names. */}
            {zones.includes(filters.timeZone) ? null : (
              <option value={filters.timeZone}>{filters.timeZone}</option>
            )}
            <ZoneOptions zones={zones} />
          </select>
        </div>
      </div>
      <div className="analytics-form-grid">
        {(
          [
            ['teams', 'Teams', teamChoices, teams, 'teams'],
            ['users', 'Users', userChoices, users, 'users'],
            ['sharedLabels', 'Shared labels', labelChoices, labels, 'shared labels'],
          ] as const
        ).map(([key, legend, choices, query, noun]) => (
          <CheckboxGroup
            key={key}
            legend={legend}
            choices={choices}
            selected={filters[key]}
            onChange={(ids) => {
              onChange({ [key]: ids });
            }}
            status={listStatus(query, choices.length, noun)}
          />
        ))}
        <CheckboxGroup
          legend="Account types"
          choices={ACCOUNT_TYPE_CHOICES}
          selected={filters.accountTypes}
          onChange={(ids) => {
            onChange({ accountTypes: ids.filter(isAccountType) });
          }}
        />
      </div>
      {error ? (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      ) : null}
      <div className="analytics-form-actions">
        <Button type="submit" disabled={running || organizationId === null}>
          Run report
        </Button>
      </div>
    </form>
  );
}

// Some 400 options that never change: not rebuilt on every keystroke elsewhere in the form.
const ZoneOptions = memo(function ZoneOptions({ zones }: { zones: readonly string[] }) {
  return zones.map((zone) => (
    <option key={zone} value={zone}>
      {zone}
    </option>
  ));
});

function listStatus(
  query: { isPending: boolean; error: Error | null; fetchStatus: string },
  count: number,
  noun: string,
): string | null {
  if (query.error) return `The ${noun} could not be read. ${describeError(query.error)}`;
  // A disabled query (no organization yet) is pending too, but idle.
  if (query.isPending) return query.fetchStatus === 'idle' ? 'Choose an organization.' : 'Loading…';
  return count === 0 ? `No ${noun} in this organization.` : null;
}
