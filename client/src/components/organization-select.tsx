import type { Organization } from '@crm/shared/missive/people';
import { useOrganizations } from '@/lib/directory/get-organizations';
import { describeError } from '@/lib/describe-error';
import { FilterSelect, type FilterOption } from './filter-select';
import { useSearchParamChanges } from '@/lib/search-params';

/** The URL parameter naming the organization a dashboard page works in. */
export const ORGANIZATION_PARAM = 'organization';

export interface OrganizationParam {
  /** The one in the URL, else the first by name; null while unknown or when there is none. */
  organizationId: string | null;
  /** Undefined while they are being read. */
  organizations: readonly Organization[] | undefined;
  error: Error | null;
}

/**
 * The organization a page works in. The first one stands in until the
 * person picks another, without being written to the URL: a link without
 * it keeps meaning "my usual organization".
 */
export function useOrganizationParam(): OrganizationParam {
  const [params] = useSearchParamChanges();
  const organizations = useOrganizations();
  const organizationId = params.get(ORGANIZATION_PARAM) ?? organizations.data?.[0]?.id ?? null;
  return { organizationId, organizations: organizations.data, error: organizations.error };
}

/** A filter over the token owner's organizations, for the pages scoped to one (labels, tasks). */
export function OrganizationSelect({
  organizationId,
  organizations,
  error,
  onChange,
}: OrganizationParam & { onChange: (organizationId: string) => void }) {
  return (
    <>
      <FilterSelect
        label="Organization"
        value={organizationId ?? ''}
        options={organizationOptions(organizationId, organizations)}
        disabled={!organizations?.length}
        onChange={onChange}
      />
      {error ? (
        <p role="alert" className="error">
          The organizations could not be read. {describeError(error)}
        </p>
      ) : null}
    </>
  );
}

function organizationOptions(
  organizationId: string | null,
  organizations: readonly Organization[] | undefined,
): FilterOption[] {
  if (organizations === undefined) return [{ value: '', label: 'Loading…' }];
  if (organizations.length === 0) return [{ value: '', label: 'No organization' }];
  const options = organizations.map(({ id, name }) => ({ value: id, label: name }));
  // A link may name one this person no longer belongs to: say so rather than switch silently.
  const known = organizations.some(({ id }) => id === organizationId);
  return organizationId === null || known
    ? options
    : [{ value: organizationId, label: 'Unknown organization' }, ...options];
}
