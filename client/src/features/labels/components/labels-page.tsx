import { useEffect, useId, useRef } from 'react';
import { OrganizationSelect, useOrganizationParam } from '@/components/organization-select';
import { describeError } from '@/lib/describe-error';
import { useTeams } from '@/lib/directory/get-teams';
import { useUsers } from '@/lib/directory/get-users';
import { useSearchParamChanges } from '@/lib/search-params';
import { Button } from '@/components/ui/button';
import { useSharedLabels } from '../api/get-shared-labels';
import { toLabelForest, toLabelTree } from '../utils/label-tree';
import { LabelSettingsForm } from './label-settings-form';
import { LabelTreeView } from './label-tree-view';
import { NewLabelForm } from './new-label-form';
import './labels.css';
import './labels-page.css';
import { Card } from '@/components/ui/card';

/**
 * The dashboard's label page: an organization's shared label tree, each
 * label opening its conversations or its settings, and a form for a new
 * one. The organization and the label being edited live in the URL
 * (`?organization=…&label=…`), so reload and back keep the view.
 */
export function LabelsPage() {
  const [params, change] = useSearchParamChanges();
  const organization = useOrganizationParam();
  const { organizationId } = organization;

  return (
    <div className="labels-page">
      <h1>Labels</h1>
      <div className="filter-bar">
        <OrganizationSelect
          {...organization}
          onChange={(id) => {
            // A label of one organization means nothing in another.
            change({ organization: id, label: null });
          }}
        />
      </div>
      {organizationId !== null ? (
        <OrganizationLabels
          // Nothing typed for one organization's labels is carried into another's.
          key={organizationId}
          organizationId={organizationId}
          selectedId={params.get('label')}
          onSelect={(labelId) => {
            change({ label: labelId });
          }}
        />
      ) : organization.organizations?.length === 0 ? (
        <p className="labels-hint">You belong to no organization, and shared labels live in one.</p>
      ) : null}
    </div>
  );
}

function OrganizationLabels({
  organizationId,
  selectedId,
  onSelect,
}: {
  organizationId: string;
  selectedId: string | null;
  onSelect: (labelId: string | null) => void;
}) {
  const id = useId();
  const labels = useSharedLabels(organizationId);
  const teams = useTeams(organizationId);
  const users = useUsers(organizationId);
  const all = labels.data ?? [];
  const selected = all.find((label) => label.id === selectedId);
  const lookupError = teams.error ?? users.error;
  // After "Edit", focus moves to the editor: below a long tree (narrow
  // windows), it would otherwise open out of sight and unannounced.
  const editHeading = useRef<HTMLHeadingElement>(null);
  const focusEditor = useRef(false);
  useEffect(() => {
    if (!focusEditor.current || selectedId === null) return;
    focusEditor.current = false;
    editHeading.current?.focus();
  }, [selectedId]);

  return (
    <div className="labels-page-columns">
      <Card as="section" className="labels-page-panel" aria-labelledby={`${id}-tree`}>
        <h2 id={`${id}-tree`}>Label tree</h2>
        {labels.isPending ? (
          <p className="labels-hint" aria-busy="true">
            Loading labels…
          </p>
        ) : labels.isError ? (
          <div role="alert" className="error">
            The labels could not be read. {describeError(labels.error)}{' '}
            <Button variant="secondary" size="sm" onClick={() => void labels.refetch()}>
              Try again
            </Button>
          </div>
        ) : all.length === 0 ? (
          <p className="labels-hint">No shared labels yet: create the first one.</p>
        ) : (
          <LabelTreeView
            forest={toLabelForest(all)}
            labelledBy={`${id}-tree`}
            selectedId={selectedId}
            onEdit={(labelId) => {
              focusEditor.current = true;
              onSelect(labelId);
            }}
          />
        )}
      </Card>
      <div className="labels-page-side">
        {selectedId !== null ? (
          <Card as="section" className="labels-page-panel" aria-labelledby={`${id}-edit`}>
            <div className="labels-page-panel-head">
              <h2 id={`${id}-edit`} ref={editHeading} tabIndex={-1}>
                {selected ? `Edit “${selected.name_with_parent_names}”` : 'Edit label'}
              </h2>
              <Button
                variant="secondary"
                onClick={() => {
                  onSelect(null);
                }}
              >
                Close
              </Button>
            </div>
            {lookupError ? (
              <p role="alert" className="error">
                Teams or users could not be read, so sharing offers fewer choices.{' '}
                {describeError(lookupError)}
              </p>
            ) : null}
            {selected ? (
              <LabelSettingsForm
                // Changes typed for one label are not carried over to the next.
                key={selected.id}
                label={selected}
                organizationId={organizationId}
                labels={all}
                teams={teams.data ?? []}
                users={users.data?.users}
                headingId={`${id}-edit`}
              />
            ) : labels.isPending ? (
              <p className="labels-hint">Loading the label…</p>
            ) : (
              <p className="labels-hint">
                This label no longer exists in this organization, or is not shared with you.
              </p>
            )}
          </Card>
        ) : null}
        <Card as="section" className="labels-page-panel" aria-labelledby={`${id}-new`}>
          <h2 id={`${id}-new`}>New label</h2>
          <NewLabelForm organizationId={organizationId} labels={toLabelTree(all)} />
        </Card>
      </div>
    </div>
  );
}
