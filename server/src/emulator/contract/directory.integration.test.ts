import { beforeAll, describe, expect, it } from 'vitest';
import type { CannedResponse } from '@crm/shared/missive/responses';
import type { SharedLabel } from '@crm/shared/missive/labels';
import type { EndpointName } from '@crm/shared/missive/endpoints';
import { call, expectRefused, first, ids, only } from './client';
import { loadDirectory, type Directory } from './fixtures';
import { useEmulatorTarget } from './harness';

const emulator = useEmulatorTarget();

let directory: Directory;

beforeAll(async () => {
  directory = await loadDirectory(emulator.target);
});

async function createLabel(fields: {
  name: string;
  parent?: string;
  color?: string;
}): Promise<SharedLabel> {
  const { shared_labels } = await call(emulator.target, 'createSharedLabels', {
    body: { shared_labels: [{ organization: directory.organization.id, ...fields }] },
  });
  return only(shared_labels);
}

async function updateLabel(
  id: string,
  changes: { name?: string; parent?: string | null; color?: string },
): Promise<SharedLabel> {
  const { shared_labels } = await call(emulator.target, 'updateSharedLabels', {
    params: { ids: id },
    body: { shared_labels: [{ id, ...changes }] },
  });
  return only(shared_labels);
}

async function labelById(id: string): Promise<SharedLabel> {
  const { shared_labels } = await call(emulator.target, 'listSharedLabels', {
    query: { limit: '200' },
  });
  return first(
    shared_labels.filter((label) => label.id === id),
    `label ${id}`,
  );
}

describe('organizations and users', () => {
  it('lists the organization of the token owner', async () => {
    const { organizations } = await call(emulator.target, 'listOrganizations');
    expect(only(organizations)).toEqual(directory.organization);
    expect(directory.organization.name.length).toBeGreaterThan(0);
  });

  it('lists users with exactly one "me", the token owner', async () => {
    const { users } = await call(emulator.target, 'listUsers', {
      query: { organization: directory.organization.id },
    });
    expect(users.filter((user) => user.me)).toEqual([directory.me]);
    expect(users.length).toBe(directory.others.length + 1);
    for (const user of users) expect(user.email).toMatch(/@/);
    expect(
      (
        await call(emulator.target, 'listUsers', {
          query: { organization: 'another-organization' },
        })
      ).users,
    ).toEqual([]);
  });
});

describe('lists paged by offset', () => {
  type Paging = { limit: string; offset?: string };
  // Each list with the query it needs besides paging, read as ids.
  const lists: [EndpointName, (paging: Paging) => Promise<string[]>][] = [
    [
      'listOrganizations',
      async (query) =>
        ids((await call(emulator.target, 'listOrganizations', { query })).organizations),
    ],
    [
      'listUsers',
      async (query) => ids((await call(emulator.target, 'listUsers', { query })).users),
    ],
    [
      'listTeams',
      async (query) => ids((await call(emulator.target, 'listTeams', { query })).teams),
    ],
    [
      'listSharedLabels',
      async (query) =>
        ids((await call(emulator.target, 'listSharedLabels', { query })).shared_labels),
    ],
    [
      'listResponses',
      async (query) => ids((await call(emulator.target, 'listResponses', { query })).responses),
    ],
    [
      'listContactBooks',
      async (query) =>
        ids((await call(emulator.target, 'listContactBooks', { query })).contact_books),
    ],
    [
      'listContactGroups',
      async (query) => {
        const { contact_books } = await call(emulator.target, 'listContactBooks');
        const book = first(contact_books).id;
        const groups = await call(emulator.target, 'listContactGroups', {
          query: { ...query, contact_book: book, kind: 'organization' },
        });
        return ids(groups.contact_groups);
      },
    ],
  ];

  it.each(lists)(
    '%s pages by offset and limit with no duplicate and no gap',
    async (_name, list) => {
      const whole = await list({ limit: '200' });
      expect(whole.length).toBeGreaterThan(0);
      const walked: string[] = [];
      for (let offset = 0; offset <= whole.length; offset += 2) {
        const page = await list({ limit: '2', offset: String(offset) });
        expect(page.length).toBeLessThanOrEqual(2);
        walked.push(...page);
      }
      expect(walked).toEqual(whole);
    },
  );

  it.each(lists)('%s refuses a limit above 200', async (name) => {
    await expectRefused(
      emulator.target,
      name,
      { query: { limit: '201' } },
      400,
      'query.limit: must be at most 200',
    );
  });
});

describe('teams', () => {
  it('lists the teams of the organization', () => {
    expect(directory.teams.length).toBeGreaterThan(0);
    for (const team of directory.teams) expect(team.organization).toBe(directory.organization.id);
  });

  it('creates a team and renames it', async () => {
    const { teams } = await call(emulator.target, 'createTeams', {
      body: { teams: [{ name: 'Contract QA', organization: directory.organization.id }] },
    });
    const team = only(teams);
    expect(team).toMatchObject({ name: 'Contract QA', organization: directory.organization.id });
    const renamed = await call(emulator.target, 'updateTeams', {
      params: { ids: team.id },
      body: { teams: [{ id: team.id, name: 'Contract QA Squad' }] },
    });
    expect(renamed.teams).toEqual([{ ...team, name: 'Contract QA Squad' }]);
    const listed = await call(emulator.target, 'listTeams', {
      query: { organization: directory.organization.id },
    });
    expect(listed.teams).toContainEqual({ ...team, name: 'Contract QA Squad' });
  });

  it('refuses a team without a name or in an unknown organization', async () => {
    await expectRefused(
      emulator.target,
      'createTeams',
      { body: { teams: [{ name: ' ', organization: directory.organization.id }] } },
      400,
      'teams[0].name: must not be empty',
    );
    await expectRefused(
      emulator.target,
      'createTeams',
      { body: { teams: [{ name: 'Ghosts', organization: 'no-such-organization' }] } },
      400,
      'organization: no organization with id "no-such-organization"',
    );
  });
});

describe('shared labels', () => {
  it('names each label after its parents, as "Parent/Child"', () => {
    const byId = new Map(directory.labels.map((label) => [label.id, label]));
    const nested = directory.labels.filter((label) => label.parent);
    expect(nested.length).toBeGreaterThan(0);
    for (const label of directory.labels) {
      const parent = label.parent ? byId.get(label.parent) : undefined;
      expect(label.name_with_parent_names).toBe(
        parent ? `${parent.name_with_parent_names}/${label.name}` : label.name,
      );
      expect(label.organization).toBe(directory.organization.id);
    }
  });

  it('creates a label under a parent and under that child again', async () => {
    const parent = await createLabel({ name: 'Contract', color: '#2266ED' });
    const child = await createLabel({ name: 'Child', parent: parent.id });
    const grandchild = await createLabel({ name: 'Grandchild', parent: child.id });
    expect(parent).toMatchObject({
      name: 'Contract',
      name_with_parent_names: 'Contract',
      color: '#2266ED',
      parent: null,
    });
    expect(child).toMatchObject({ name_with_parent_names: 'Contract/Child', parent: parent.id });
    expect(grandchild.name_with_parent_names).toBe('Contract/Child/Grandchild');
    expect(await labelById(grandchild.id)).toEqual(grandchild);
  });

  it('renames and moves labels, and the paths below follow', async () => {
    const top = await createLabel({ name: 'Moving' });
    const child = await createLabel({ name: 'Leaf', parent: top.id });
    const renamed = await updateLabel(top.id, { name: 'Moved', color: '#000' });
    expect(renamed).toMatchObject({
      name: 'Moved',
      name_with_parent_names: 'Moved',
      color: '#000',
    });
    expect((await labelById(child.id)).name_with_parent_names).toBe('Moved/Leaf');
    const other = await createLabel({ name: 'Elsewhere' });
    expect((await updateLabel(child.id, { parent: other.id })).name_with_parent_names).toBe(
      'Elsewhere/Leaf',
    );
    expect((await updateLabel(child.id, { parent: null })).name_with_parent_names).toBe('Leaf');
  });

  it('refuses to move a label under itself or its own descendants', async () => {
    const top = await createLabel({ name: 'Cycle' });
    const child = await createLabel({ name: 'Inner', parent: top.id });
    const cycle = 'parent: a label cannot be moved under itself or its own sub-label';
    await expectRefused(
      emulator.target,
      'updateSharedLabels',
      { params: { ids: top.id }, body: { shared_labels: [{ id: top.id, parent: child.id }] } },
      400,
      cycle,
    );
    await expectRefused(
      emulator.target,
      'updateSharedLabels',
      { params: { ids: top.id }, body: { shared_labels: [{ id: top.id, parent: top.id }] } },
      400,
      cycle,
    );
    expect((await labelById(top.id)).parent).toBeNull();
  });

  it('refuses organization on a label update, a "/" in a name, and a duplicate name under one parent', async () => {
    const label = await createLabel({ name: 'Fixed' });
    await expectRefused(
      emulator.target,
      'updateSharedLabels',
      {
        params: { ids: label.id },
        body: { shared_labels: [{ id: label.id, organization: directory.organization.id }] },
      },
      400,
      'shared_labels[0]: organization cannot be changed on an existing label',
    );
    await expectRefused(
      emulator.target,
      'createSharedLabels',
      { body: { shared_labels: [{ name: 'A/B', organization: directory.organization.id }] } },
      400,
      'shared_labels[0].name: must not contain "/", which separates parent names',
    );
    await expectRefused(
      emulator.target,
      'createSharedLabels',
      { body: { shared_labels: [{ name: 'fixed', organization: directory.organization.id }] } },
      400,
      'name: a label "Fixed" already exists there',
    );
    await expectRefused(
      emulator.target,
      'createSharedLabels',
      {
        body: {
          shared_labels: [
            { name: 'Orphan', parent: 'no-such-label', organization: directory.organization.id },
          ],
        },
      },
      400,
      'parent: no shared label with id "no-such-label"',
    );
    await expectRefused(
      emulator.target,
      'createSharedLabels',
      { body: { shared_labels: [{ name: 'No organization' }] } },
      400,
      'shared_labels[0].organization',
    );
  });
});

describe('canned responses', () => {
  let listed: CannedResponse[];

  beforeAll(async () => {
    listed = (await call(emulator.target, 'listResponses', { query: { limit: '200' } })).responses;
  });

  it("lists the organization responses and the token owner's own, each with one owner", () => {
    expect(listed.length).toBeGreaterThan(0);
    for (const response of listed) {
      expect(response.organization === null).not.toBe(response.user === null);
      if (response.user !== null) expect(response.user).toBe(directory.me.id);
    }
  });

  it('gets one response by id in the list shape', async () => {
    const wanted = first(listed);
    const { responses } = await call(emulator.target, 'getResponse', { params: { id: wanted.id } });
    expect(Array.isArray(responses) ? responses : [responses]).toEqual([wanted]);
  });

  it('creates a response for the organization and moves it to a user', async () => {
    const { responses } = await call(emulator.target, 'createResponses', {
      body: {
        responses: [
          {
            title: 'Contract greeting',
            body: '<p>Hello {{first_name}}</p>',
            organization: directory.organization.id,
            shared_labels: [first(directory.labels).id],
          },
        ],
      },
    });
    const created = only(responses);
    expect(created).toMatchObject({
      title: 'Contract greeting',
      organization: directory.organization.id,
      user: null,
      shared_labels: [first(directory.labels).id],
    });
    emulator.clock.advance(1000);
    const { responses: updated } = await call(emulator.target, 'updateResponses', {
      params: { ids: created.id },
      body: {
        responses: [{ id: created.id, title: 'Contract greeting v2', user: directory.me.id }],
      },
    });
    expect(only(updated)).toMatchObject({
      title: 'Contract greeting v2',
      user: directory.me.id,
      organization: null,
      body: created.body,
    });
    expect(only(updated).modified_at).toBeGreaterThan(created.modified_at);
    const { responses: read } = await call(emulator.target, 'getResponse', {
      params: { id: created.id },
    });
    expect(read).toEqual(updated);
  });

  it('refuses a response with two owners or none, or with unknown labels', async () => {
    const refuse = (response: Record<string, unknown>, message: string) =>
      expectRefused(
        emulator.target,
        'createResponses',
        { body: { responses: [response] } },
        400,
        message,
      );
    const [organization, user] = [directory.organization.id, directory.me.id];
    await refuse(
      { title: 'Both', organization, user },
      'responses[0].user: a response belongs to an organization or a user, not both',
    );
    await refuse(
      { title: 'Nobody' },
      'responses[0].organization: name the owner: organization or user',
    );
    await refuse(
      { title: 'Labelled', user, shared_labels: ['no-such-label'] },
      'shared_labels: no shared label with id "no-such-label"',
    );
  });
});
