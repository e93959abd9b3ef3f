import type { Organization } from '@crm/shared/missive/people';
import { FilterSelect } from '@/components/filter-select';
import { SearchParamLink } from '@/components/search-param-link';
import { describeError } from '@/lib/describe-error';
import { useOrganizations } from '@/lib/directory/get-organizations';
import { useSearchParamChanges } from '@/lib/search-params';
import { TeamsSection } from './teams-section';
import { UsersSection } from './users-section';
import './people.css';
import { Card } from '@/components/ui/card';

/**
 * `/people`: the organizations the token owner belongs to, their teams
 * (created and renamed here by admins) and their users. The organization
 * filter lives in the URL (`?organization=<id>`).
 */
export function PeoplePage() {
  const [searchParams, change] = useSearchParamChanges();
  const organizationId = searchParams.get('organization') || null;
  const organizations = useOrganizations();
  const names = new Map(
    organizations.data?.map((organization) => [organization.id, organization.name]),
  );

  const choose = (id: string) => {
    change({ organization: id });
  };

  return (
    <div className="people-page">
      <h1>People</h1>
      <div className="filter-bar">
        <FilterSelect
          label="Organization"
          value={organizationId ?? ''}
          options={[
            { value: '', label: 'All organizations' },
            ...(organizations.data ?? []).map((organization) => ({
              value: organization.id,
              label: organization.name,
            })),
            // Chosen in the URL but not (yet) among them: keep it shown as chosen.
            ...(organizationId && !names.has(organizationId)
              ? [
                  {
                    value: organizationId,
                    label: organizations.isPending ? 'Loading…' : 'Unknown organization',
                  },
                ]
              : []),
          ]}
          onChange={choose}
        />
      </div>
      <div className="people-page-grid">
        <Card as="section" className="people-section" aria-labelledby="people-organizations">
          <h2 id="people-organizations">Organizations</h2>
          {organizations.isError ? (
            <p role="alert" className="error">
              Could not read the organizations: {describeError(organizations.error)}
            </p>
          ) : organizations.isPending ? (
            <p role="status" className="people-muted">
              Loading organizations…
            </p>
          ) : (
            <OrganizationList organizations={organizations.data} selected={organizationId} />
          )}
        </Card>
        <TeamsSection organizationId={organizationId} organizations={organizations.data ?? []} />
        <UsersSection organizationId={organizationId} />
      </div>
    </div>
  );
}

function OrganizationList({
  organizations,
  selected,
}: {
  organizations: readonly Organization[];
  selected: string | null;
}) {
  if (organizations.length === 0) {
    return <p className="people-muted">You belong to no organization.</p>;
  }
  return (
    <ul className="people-list" aria-label="Organizations">
      {organizations.map((organization) => (
        <li key={organization.id} className="people-row">
          <span className="people-name">{organization.name}</span>
          {organization.id === selected ? (
            <SearchParamLink base="" changes={{ organization: null }} className="people-link">
              Show all
            </SearchParamLink>
          ) : (
            <SearchParamLink
              base=""
              changes={{ organization: organization.id }}
              className="people-link"
              aria-label={`Show only ${organization.name}`}
            >
              Show only
            </SearchParamLink>
          )}
        </li>
      ))}
    </ul>
  );
}
