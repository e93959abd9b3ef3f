import { HttpError } from '../../http/http-error';
import type { Handlers } from '../handler';
import { matchBatch, mustExist, mustFind } from '../lookup';
import type { SharedLabelRecord } from '../model';
import { pageByOffset } from '../paging';
import type { EmulatorState } from '../state';
import { labelPath, renderLabel, renderResponse } from '../views';

/** Organizations, users, teams, shared labels and canned responses. */

function inOrganization<T extends { organization: string | null }>(
  items: readonly T[],
  organization: string | undefined,
): T[] {
  return items.filter((item) => !organization || item.organization === organization);
}

/** A label may not sit under itself or under one of its own descendants. */
function checkParent(
  state: EmulatorState,
  label: { id?: string; organization: string },
  parentId: string | null | undefined,
): void {
  if (!parentId) return;
  const parent = state.get('sharedLabels', parentId);
  if (!parent) throw new HttpError(400, `parent: no shared label with id "${parentId}"`);
  if (parent.organization !== label.organization) {
    throw new HttpError(400, `parent: label "${parentId}" belongs to another organization`);
  }
  for (
    let cursor: SharedLabelRecord | undefined = parent;
    cursor;
    cursor = cursor.parent ? state.get('sharedLabels', cursor.parent) : undefined
  ) {
    if (cursor.id === label.id)
      throw new HttpError(400, 'parent: a label cannot be moved under itself or its own sub-label');
  }
}

function checkUniqueName(
  state: EmulatorState,
  label: { id?: string; name: string; parent: string | null; organization: string },
): void {
  const clash = state.data.sharedLabels.find(
    (other) =>
      other.id !== label.id &&
      other.organization === label.organization &&
      other.parent === label.parent &&
      other.name.toLowerCase() === label.name.toLowerCase(),
  );
  if (clash)
    throw new HttpError(400, `name: a label "${labelPath(state, clash)}" already exists there`);
}

export const directoryHandlers = {
  listOrganizations({ query }, { state }) {
    return {
      organizations: pageByOffset(state.data.organizations, query).map((organization) => ({
        ...organization,
      })),
    };
  },

  listUsers({ query }, { state }) {
    const users = state.data.users.filter(
      (user) => !query.organization || user.organization === query.organization,
    );
    return {
      users: pageByOffset(users, query).map(({ id, me, email, name, avatar_url }) => ({
        id,
        me,
        email,
        name,
        avatar_url,
      })),
    };
  },

  listTeams({ query }, { state }) {
    return {
      teams: pageByOffset(inOrganization(state.data.teams, query.organization), query).map(
        ({ id, name, organization }) => ({ id, name, organization }),
      ),
    };
  },

  createTeams({ body }, { state }) {
    mustExist(
      state,
      'organizations',
      body.teams.map((team) => team.organization),
      'organization',
    );
    const created = body.teams.map((team) =>
      state.insert('teams', {
        id: state.newId(),
        name: team.name,
        organization: team.organization,
        members: [],
      }),
    );
    return { teams: created.map(({ id, name, organization }) => ({ id, name, organization })) };
  },

  updateTeams({ params, body }, { state }) {
    matchBatch(params.ids, body.teams);
    const targets = body.teams.map((input) => ({
      team: mustFind(state, 'teams', input.id),
      input,
    }));
    for (const { team, input } of targets) if (input.name !== undefined) team.name = input.name;
    return {
      teams: targets.map(({ team: { id, name, organization } }) => ({ id, name, organization })),
    };
  },

  listSharedLabels({ query }, { state }) {
    const labels = inOrganization(state.data.sharedLabels, query.organization);
    return { shared_labels: pageByOffset(labels, query).map((label) => renderLabel(state, label)) };
  },

  createSharedLabels({ body }, { state }) {
    // Checked in order, with earlier labels of the batch not yet created: a
    // batch is refused whole rather than half-made.
    for (const input of body.shared_labels) {
      mustExist(state, 'organizations', [input.organization], 'organization');
      mustExist(state, 'teams', input.share_with_team, 'share_with_team');
      mustExist(state, 'users', input.share_with_users, 'share_with_users');
      checkParent(state, input, input.parent);
      checkUniqueName(state, { ...input, parent: input.parent ?? null });
    }
    const created = body.shared_labels.map((input) =>
      state.insert('sharedLabels', {
        id: state.newId(),
        name: input.name,
        color: input.color ?? null,
        parent: input.parent ?? null,
        organization: input.organization,
        share_with_organization: input.share_with_organization ?? false,
        share_with_team: input.share_with_team ?? null,
        share_with_users: input.share_with_users ?? [],
        visibility: input.visibility ?? 'organization',
      }),
    );
    return { shared_labels: created.map((label) => renderLabel(state, label)) };
  },

  updateSharedLabels({ params, body }, { state }) {
    matchBatch(params.ids, body.shared_labels);
    const targets = body.shared_labels.map(({ id, ...changes }) => {
      const label = mustFind(state, 'sharedLabels', id);
      mustExist(state, 'teams', changes.share_with_team, 'share_with_team');
      mustExist(state, 'users', changes.share_with_users, 'share_with_users');
      if (changes.parent !== undefined) checkParent(state, label, changes.parent);
      checkUniqueName(state, {
        ...label,
        name: changes.name ?? label.name,
        parent: changes.parent === undefined ? label.parent : changes.parent,
      });
      return { label, changes };
    });
    for (const { label, changes } of targets) Object.assign(label, changes);
    return { shared_labels: targets.map(({ label }) => renderLabel(state, label)) };
  },

  listResponses({ query }, { state }) {
    const me = state.me().id;
    const visible = state.data.responses.filter((response) =>
      query.organization
        ? response.organization === query.organization
        : response.organization !== null || response.user === me,
    );
    return { responses: pageByOffset(visible, query).map(renderResponse) };
  },

  getResponse({ params }, { state }) {
    return { responses: [renderResponse(mustFind(state, 'responses', params.id))] };
  },

  createResponses({ body }, { state }) {
    for (const input of body.responses) {
      mustExist(state, 'organizations', input.organization, 'organization');
      mustExist(state, 'users', input.user, 'user');
      mustExist(state, 'teams', input.share_with_team, 'share_with_team');
      mustExist(state, 'sharedLabels', input.shared_labels, 'shared_labels');
    }
    const now = state.now();
    const created = body.responses.map((input) =>
      state.insert('responses', {
        id: state.newId(),
        title: input.title,
        body: input.body ?? '',
        subject: input.subject ?? null,
        organization: input.organization ?? null,
        user: input.user ?? null,
        share_with_team: input.share_with_team ?? null,
        modified_at: now,
        to_fields: input.to_fields ?? [],
        cc_fields: input.cc_fields ?? [],
        bcc_fields: input.bcc_fields ?? [],
        shared_labels: input.shared_labels ?? [],
        attachments: [],
      }),
    );
    return { responses: created.map(renderResponse) };
  },

  updateResponses({ params, body }, { state }) {
    matchBatch(params.ids, body.responses);
    const targets = body.responses.map(({ id, ...changes }) => {
      const response = mustFind(state, 'responses', id);
      mustExist(state, 'sharedLabels', changes.shared_labels, 'shared_labels');
      mustExist(state, 'teams', changes.share_with_team, 'share_with_team');
      // Ownership moves whole: naming one owner clears the other.
      if (changes.organization) {
        mustExist(state, 'organizations', [changes.organization], 'organization');
        return { response, changes: { ...changes, user: null } };
      }
      if (changes.user) {
        mustExist(state, 'users', [changes.user], 'user');
        return { response, changes: { ...changes, organization: null } };
      }
      return { response, changes };
    });
    const now = state.now();
    for (const { response, changes } of targets)
      Object.assign(response, changes, { modified_at: now });
    return { responses: targets.map(({ response }) => renderResponse(response)) };
  },
} satisfies Partial<Handlers>;
