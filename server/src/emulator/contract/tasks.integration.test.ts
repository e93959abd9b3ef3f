import { beforeAll, describe, expect, it } from 'vitest';
import type { EndpointQuery } from '@crm/shared/missive/endpoints';
import type { Task, TaskCreateInput } from '@crm/shared/missive/tasks';
import { call, expectNewestFirst, expectRefused, first, ids, timePage, walkByTime } from './client';
import { getConversation, loadDirectory, newConversation, type Directory } from './fixtures';
import { useEmulatorTarget } from './harness';

const emulator = useEmulatorTarget();

let directory: Directory;

beforeAll(async () => {
  directory = await loadDirectory(emulator.target);
});

async function createTask(tasks: TaskCreateInput): Promise<Task> {
  return (await call(emulator.target, 'createTask', { body: { tasks } })).tasks;
}

async function updateTask(id: string, tasks: Record<string, unknown>): Promise<Task> {
  return (await call(emulator.target, 'updateTask', { params: { id }, body: { tasks } })).tasks;
}

async function getTask(id: string): Promise<Task> {
  return (await call(emulator.target, 'getTask', { params: { id } })).tasks;
}

type TaskQuery = EndpointQuery<'listTasks'>;

/** Every task the query matches, walked page by page with until. */
async function allTasks(query: TaskQuery = {}, limit = 50): Promise<Task[]> {
  const pages = await walkByTime(
    async (until) =>
      (await call(emulator.target, 'listTasks', { query: { ...query, ...timePage(limit, until) } }))
        .tasks,
    (task) => task.last_activity_at,
    limit,
  );
  return pages.flat();
}

describe('creating tasks', () => {
  it('creates a standalone team task, shown as a conversation of its own', async () => {
    const team = first(directory.teams);
    const task = await createTask({
      title: 'Audit the macros',
      description: 'All of them',
      organization: directory.organization.id,
      team: team.id,
      due_at: 1_900_000_000,
    });
    expect(task).toMatchObject({
      title: 'Audit the macros',
      description: 'All of them',
      state: 'todo',
      organization: directory.organization.id,
      team: team.id,
      assignees: [],
      due_at: 1_900_000_000,
      subtask: false,
      created_at: emulator.clock.seconds(),
    });
    const conversation = await getConversation(emulator.target, task.conversation ?? '');
    expect(conversation).toMatchObject({ subject: 'Audit the macros', team: { id: team.id } });
    expect(await getTask(task.id)).toEqual(task);
  });

  it('creates a standalone task for assignees', async () => {
    const colleague = first(directory.others);
    const task = await createTask({
      title: 'Call the bank',
      organization: directory.organization.id,
      assignees: [colleague.id],
      state: 'in_progress',
    });
    expect(task).toMatchObject({ assignees: [colleague.id], team: null, state: 'in_progress' });
    expect(
      ids((await getConversation(emulator.target, task.conversation ?? '')).assignees),
    ).toEqual([colleague.id]);
  });

  it('creates a subtask in a conversation, counted among its tasks until completed', async () => {
    const id = await newConversation(emulator.target, 'Has a subtask', directory.organization.id);
    const task = await createTask({ title: 'Confirm the refund', subtask: true, conversation: id });
    expect(task).toMatchObject({
      subtask: true,
      conversation: id,
      organization: directory.organization.id,
    });
    expect(await getConversation(emulator.target, id)).toMatchObject({
      tasks_count: 1,
      completed_tasks_count: 0,
    });
    await updateTask(task.id, { state: 'closed' });
    expect(await getConversation(emulator.target, id)).toMatchObject({
      tasks_count: 1,
      completed_tasks_count: 1,
    });
  });

  it('files a subtask by reference, and answers 404 when no conversation has it', async () => {
    const { posts } = await call(emulator.target, 'createPost', {
      body: {
        posts: {
          references: ['<task-thread@example.com>'],
          text: 'Thread for tasks',
          notification: { title: 't', body: 'b' },
        },
      },
    });
    const task = await createTask({
      title: 'Reply by Friday',
      subtask: true,
      references: ['task-thread@example.com'],
    });
    expect(task.conversation).toBe(posts.conversation);
    await expectRefused(
      emulator.target,
      'createTask',
      { body: { tasks: { title: 'Lost', subtask: true, references: ['<nobody@example.com>'] } } },
      404,
      'references: no conversation matches these references',
    );
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    [
      'a standalone task without team or assignees',
      { title: 'x', organization: 'org' },
      'tasks.team: a standalone task needs team or assignees',
    ],
    [
      'a standalone task without organization',
      { title: 'x', team: 'team' },
      'tasks.organization: is required for a standalone task',
    ],
    [
      'a subtask without conversation or references',
      { title: 'x', subtask: true },
      'tasks.conversation: a subtask needs conversation or references',
    ],
    [
      'a subtask with both conversation and references',
      { title: 'x', subtask: true, conversation: 'c', references: ['r'] },
      'tasks.references: pass conversation or references, not both',
    ],
    [
      'a title over 1000 characters',
      { title: 'x'.repeat(1001), subtask: true, conversation: 'c' },
      'tasks.title: must be at most 1000 characters',
    ],
    [
      'a description over 10000 characters',
      { title: 'x', description: 'x'.repeat(10_001), subtask: true, conversation: 'c' },
      'tasks.description: must be at most 10000 characters',
    ],
    [
      'an unknown state',
      { title: 'x', state: 'done', subtask: true, conversation: 'c' },
      'tasks.state: "done" is not one of todo, in_progress, closed',
    ],
    [
      'an empty title',
      { title: '  ', subtask: true, conversation: 'c' },
      'tasks.title: must not be empty',
    ],
  ];

  it.each(invalid)('refuses %s', async (_what, tasks, message) => {
    await expectRefused(emulator.target, 'createTask', { body: { tasks } }, 400, message);
  });

  it('refuses a team that does not exist', async () => {
    await expectRefused(
      emulator.target,
      'createTask',
      {
        body: {
          tasks: { title: 'x', organization: directory.organization.id, team: 'no-such-team' },
        },
      },
      400,
      'team: no team with id "no-such-team"',
    );
  });
});

describe('updating tasks', () => {
  it('changes the fields passed and moves last_activity_at', async () => {
    const colleague = first(directory.others);
    const task = await createTask({
      title: 'Draft the FAQ',
      organization: directory.organization.id,
      assignees: [directory.me.id],
    });
    emulator.clock.advance(60_000);
    const updated = await updateTask(task.id, {
      title: 'Publish the FAQ',
      state: 'in_progress',
      assignees: [colleague.id],
      due_at: null,
    });
    expect(updated).toEqual({
      ...task,
      title: 'Publish the FAQ',
      state: 'in_progress',
      assignees: [colleague.id],
      due_at: null,
      last_activity_at: emulator.clock.seconds(),
    });
    expect(await getTask(task.id)).toEqual(updated);
  });

  it('refuses an empty change, an unknown state and unknown assignees', async () => {
    const task = await createTask({
      title: 'Unchanged',
      organization: directory.organization.id,
      assignees: [directory.me.id],
    });
    await expectRefused(
      emulator.target,
      'updateTask',
      { params: { id: task.id }, body: { tasks: {} } },
      400,
      'tasks: name at least one field to change',
    );
    await expectRefused(
      emulator.target,
      'updateTask',
      { params: { id: task.id }, body: { tasks: { state: 'done' } } },
      400,
      'tasks.state: "done" is not one of todo, in_progress, closed',
    );
    await expectRefused(
      emulator.target,
      'updateTask',
      { params: { id: task.id }, body: { tasks: { assignees: ['no-such-user'] } } },
      400,
      'assignees: no user with id "no-such-user"',
    );
    expect(await getTask(task.id)).toEqual(task);
  });
});

describe('listing tasks', () => {
  it('lists newest activity first and pages with until, with no duplicate and no gap', async () => {
    const whole = await allTasks({}, 50);
    expect(whole.length).toBeGreaterThan(25);
    expectNewestFirst(whole.map((task) => task.last_activity_at));
    const walked = await allTasks({}, 4);
    expect(new Set(ids(walked))).toEqual(new Set(ids(whole)));
    expect(walked).toHaveLength(whole.length);
    const byDefault = await call(emulator.target, 'listTasks');
    expect(byDefault.tasks.length).toBeGreaterThanOrEqual(25);
  });

  it('filters by state, type, team, assignee, conversation and due date', async () => {
    const whole = await allTasks();
    const team = first(directory.teams);
    const due = whole
      .flatMap((task) => (task.due_at === null ? [] : [task.due_at]))
      .sort((a, b) => a - b);
    const [low, high] = [
      due[Math.floor(due.length / 4)] ?? 0,
      due[Math.floor((due.length * 3) / 4)] ?? 0,
    ];
    const subtask = first(
      whole.filter((task) => task.subtask),
      'a subtask',
    );
    const filters: [TaskQuery, (task: Task) => boolean][] = [
      [{ state: 'closed' }, (task) => task.state === 'closed'],
      [{ state: 'todo' }, (task) => task.state === 'todo'],
      [{ type: 'task' }, (task) => !task.subtask],
      [{ type: 'conversation' }, (task) => task.subtask],
      [{ team: team.id }, (task) => task.team === team.id],
      [{ assignee: directory.me.id }, (task) => task.assignees.includes(directory.me.id)],
      [
        { conversation: subtask.conversation ?? '' },
        (task) => task.conversation === subtask.conversation,
      ],
      [
        { due_at_gteq: String(low), due_at_lteq: String(high) },
        (task) => task.due_at !== null && task.due_at >= low && task.due_at <= high,
      ],
      [
        { organization: directory.organization.id, state: 'in_progress', type: 'all' },
        (task) => task.state === 'in_progress',
      ],
    ];
    for (const [query, matches] of filters) {
      const found = await allTasks(query);
      expect(found.length, JSON.stringify(query)).toBeGreaterThan(0);
      // Exactly the tasks of the whole list that match, not merely some of them.
      expect(new Set(ids(found)), JSON.stringify(query)).toEqual(
        new Set(ids(whole.filter(matches))),
      );
    }
  });

  it('refuses a limit outside 2 to 50 and a due range that ends before it starts', async () => {
    await expectRefused(
      emulator.target,
      'listTasks',
      { query: { limit: '1' } },
      400,
      'query.limit: must be at least 2',
    );
    await expectRefused(
      emulator.target,
      'listTasks',
      { query: { limit: '51' } },
      400,
      'query.limit: must be at most 50',
    );
    await expectRefused(
      emulator.target,
      'listTasks',
      { query: { due_at_gteq: '20', due_at_lteq: '10' } },
      400,
      'query.due_at_lteq: must not be before due_at_gteq',
    );
    await expectRefused(
      emulator.target,
      'listTasks',
      { query: { type: 'subtask' } },
      400,
      'query.type: "subtask" is not one of task, conversation, all',
    );
  });
});
