import { useState } from 'react';
import { FilterSelect } from '@/components/filter-select';
import { SearchParamLink } from '@/components/search-param-link';
import { describeError } from '@/lib/describe-error';
import { useOrganizations } from '@/lib/directory/get-organizations';
import { useSearchParamChanges } from '@/lib/search-params';
import { useCannedResponses } from '../api/get-canned-responses';
import { builtInSample } from '../utils/sample-contact';
import { ResponsePreview } from './response-preview';
import './drafts.css';
import './responses-page.css';

/**
 * `/responses`: the canned responses, by organization, each previewed with
 * its variables filled for a sample contact. The organization and the
 * response shown live in the URL.
 */
export function ResponsesPage() {
  const [searchParams, change] = useSearchParamChanges();
  const organizationId = searchParams.get('organization') || null;
  const responseId = searchParams.get('response');
  const organizations = useOrganizations();
  const responses = useCannedResponses(organizationId);
  // The sample stays while the agent goes from one response to the next.
  const [sample, setSample] = useState(builtInSample);
  const selected = responses.data?.find((response) => response.id === responseId) ?? null;

  return (
    <div className="drafts-responses">
      <h1>Canned responses</h1>
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
          ]}
          hint={organizations.isError ? 'Could not read the organizations.' : null}
          onChange={(id) => {
            // Another organization's list may not hold the response shown.
            change({ organization: id, response: null });
          }}
        />
      </div>
      <div className="drafts-responses-body">
        <section className="drafts-responses-list" aria-label="Responses">
          {responses.isError ? (
            <p role="alert" className="error">
              Canned responses could not be read. {describeError(responses.error)}
            </p>
          ) : responses.isPending ? (
            <p role="status" className="drafts-hint">
              Loading canned responses…
            </p>
          ) : responses.data.length === 0 ? (
            <p className="drafts-hint">No canned responses here yet.</p>
          ) : (
            <ul aria-label="Canned responses">
              {responses.data.map((response) => (
                <li key={response.id}>
                  <SearchParamLink
                    base={searchParams.toString()}
                    changes={{ response: response.id }}
                    className="drafts-responses-item"
                    aria-current={response.id === responseId ? 'true' : undefined}
                  >
                    <span className="drafts-responses-title">{response.title}</span>
                    {response.subject ? (
                      <span className="drafts-hint">{response.subject}</span>
                    ) : null}
                  </SearchParamLink>
                </li>
              ))}
            </ul>
          )}
        </section>
        {selected ? (
          <ResponsePreview response={selected} sample={sample} onPickSample={setSample} />
        ) : (
          <p className="drafts-hint drafts-responses-empty">
            {responseId && responses.data
              ? 'That response is not in this list: it may have been removed.'
              : 'Choose a response to preview it filled in.'}
          </p>
        )}
      </div>
    </div>
  );
}
