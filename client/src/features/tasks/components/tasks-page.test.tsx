import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { taskCreateBody, taskUpdateBody, type Task } from '@crm/shared/missive/tasks';
import { answerDirectory, stubListOutage } from '@/test/directory-fixtures';
import { jsonResponse } from '@/test/http';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderPage } from '@/test/render-page';
import { makeTask } from '../test/fixtures';
import { TasksPage } from './tasks-page';

/** A day's first second, or its last, in the test's time zone, as the page sends it. */
function day(year: number, month: number, date: number, end = false): number {
  const time = end ? new Date(year, month - 1, date, 23, 59, 59) : new Date(year, month - 1, date);
  return Math.floor(time.getTime() / 1000);
}

function fixtures(): Task[] {
  return [
    makeTask({
      id: 't-call',
      title: 'Call back about the refund',
      assignees: ['u-ada'],
      team: 'team-billing',
      conversation: 'c-refund',
      due_at: day(2031, 1, 15, true),
      last_activity_at: 1_700_000_300,
    }),
    makeTask({
      id: 't-report',
      title: 'Write the quarterly report',
      assignees: ['u-bob'],
      conversation: 'c-report',
      subtask: false,
      last_activity_at: 1_700_000_200,
    }),
    makeTask({
      id: 't-done',
      title: 'Send the invoice',
      state: 'closed',
      conversation: 'c-invoice',
      last_activity_at: 1_700_000_100,
    }),
  ];
}

/**
 * Lists tasks as Missive does (filtered, newest activity first, `until`
 * inclusive, `limit` at most); writes answer `write(request)`, by default
 * as Missive would, changing the fixtures so a refetch sees the change.
 */
function stubTasks({
  tasks = fixtures(),
  write,
}: { tasks?: Task[]; write?: (request: MissiveRequest) => Response } = {}) {
  return stubMissive((request) => {
    const directory = answerDirectory(request);
    if (directory) return directory;
    if (request.method === 'GET' && request.path === '/tasks') {
      return jsonResponse({ tasks: listTasks(tasks, request.query) });
    }
    if (write) return write(request);
    if (request.method === 'POST') {
      const input = taskCreateBody.parse(request.body).tasks;
      const created = makeTask({
        ...input,
        id: 't-new',
        subtask: input.subtask ?? false,
        conversation: 'c-new',
        last_activity_at: 1_800_000_000,
      });
      tasks.push(created);
      return jsonResponse({ tasks: created });
    }
    const index = tasks.findIndex((item) => request.path === `/tasks/${item.id}`);
    const current = tasks[index];
    if (!current) return jsonResponse({ error: { message: 'Task not found' } }, 404);
    const changed = { ...current, ...taskUpdateBody.parse(request.body).tasks };
    tasks[index] = changed;
    return jsonResponse({ tasks: changed });
  });
}

function listTasks(tasks: readonly Task[], query: URLSearchParams): Task[] {
  const is = (name: string, value: string | null) => {
    const wanted = query.get(name);
    return wanted === null || wanted === value;
  };
  const type = query.get('type') ?? 'all';
  const until = Number(query.get('until') ?? Infinity);
  return tasks
    .filter(
      (task) =>
        is('organization', task.organization) &&
        is('state', task.state) &&
        is('team', task.team) &&
        (query.get('assignee') === null || task.assignees.includes(query.get('assignee') ?? '')) &&
        (type === 'all' || task.subtask === (type === 'conversation')) &&
        task.last_activity_at <= until,
    )
    .toSorted((a, b) => b.last_activity_at - a.last_activity_at)
    .slice(0, Number(query.get('limit') ?? 25));
}

function taskReads(requests: readonly MissiveRequest[]) {
  return requests
    .filter((request) => request.method === 'GET' && request.path === '/tasks')
    .map((request) => Object.fromEntries(request.query));
}

async function taskList() {
  return screen.findByRole('list', { name: 'Matching tasks' });
}

function filter(name: string) {
  return within(screen.getByRole('search', { name: 'Filter tasks' })).getByRole('combobox', {
    name,
  });
}

describe('TasksPage', () => {
  it('lists the first organization’s tasks, each linking to its conversation', async () => {
    const { requests } = stubTasks();
    const { search } = renderPage(<TasksPage />, '/tasks');

    expect(screen.getByRole('heading', { level: 1, name: 'Tasks' })).toBeInTheDocument();
    const list = await taskList();
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    const call = screen.getByRole('listitem', { name: 'Call back about the refund' });
    expect(within(call).getByRole('link', { name: 'Call back about the refund' })).toHaveAttribute(
      'href',
      '/conversations?mailbox=all&open=c-refund',
    );
    expect(await within(call).findByText('Ada Lovelace', { selector: 'span' })).toBeInTheDocument();
    expect(await within(call).findByText('Billing')).toBeInTheDocument();
    expect(within(call).getByText('In a conversation')).toBeInTheDocument();
    expect(within(call).getByText(/^Due .*2031/)).toBeInTheDocument();
    const report = screen.getByRole('listitem', { name: 'Write the quarterly report' });
    expect(within(report).getByText('Standalone')).toBeInTheDocument();
    expect(taskReads(requests)).toEqual([{ organization: 'org-1', type: 'all', limit: '50' }]);
    expect(search()).toEqual({});
  });

  it('reads every filter from the URL into the query', async () => {
    const { requests } = stubTasks();
    renderPage(
      <TasksPage />,
      '/tasks?organization=org-1&state=in_progress&type=task&team=team-billing&assignee=u-bob&due_from=2031-01-01&due_to=2031-01-31',
    );

    expect(await screen.findByText('No task matches these filters.')).toBeInTheDocument();
    expect(taskReads(requests)).toEqual([
      {
        organization: 'org-1',
        type: 'task',
        state: 'in_progress',
        team: 'team-billing',
        assignee: 'u-bob',
        due_at_gteq: String(day(2031, 1, 1)),
        due_at_lteq: String(day(2031, 1, 31, true)),
        limit: '50',
      },
    ]);
    expect(filter('State')).toHaveValue('in_progress');
    expect(filter('Kind')).toHaveValue('task');
    expect(await screen.findByRole('option', { name: 'Bob Stone' })).toBeInTheDocument();
    expect(filter('Assignee')).toHaveValue('u-bob');
    expect(filter('Team')).toHaveValue('team-billing');
    expect(screen.getByLabelText('Due from')).toHaveValue('2031-01-01');
    expect(screen.getByLabelText('Due to')).toHaveValue('2031-01-31');
  });

  it('writes the filters to the URL and asks again', async () => {
    const { requests } = stubTasks();
    const { search } = renderPage(<TasksPage />, '/tasks');
    await taskList();

    await userEvent.selectOptions(filter('State'), 'To do');
    await userEvent.selectOptions(filter('Kind'), 'Tasks in conversations');
    await userEvent.selectOptions(filter('Assignee'), 'Ada Lovelace (you)');
    await userEvent.type(screen.getByLabelText('Due to'), '2031-01-31');

    expect(search()).toEqual({
      state: 'todo',
      type: 'conversation',
      assignee: 'u-ada',
      due_to: '2031-01-31',
    });
    const list = await screen.findByRole('list', { name: 'Matching tasks' });
    expect(
      await within(list).findByRole('listitem', { name: 'Call back about the refund' }),
    ).toBeInTheDocument();
    expect(taskReads(requests).at(-1)).toEqual({
      organization: 'org-1',
      type: 'conversation',
      state: 'todo',
      assignee: 'u-ada',
      due_at_lteq: String(day(2031, 1, 31, true)),
      limit: '50',
    });

    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(search()).toEqual({});
    expect(screen.getByRole('button', { name: 'Clear filters' })).toBeDisabled();
  });

  it('drops the team and assignee of the previous organization', async () => {
    stubTasks();
    const { search } = renderPage(
      <TasksPage />,
      '/tasks?team=team-billing&assignee=u-ada&state=todo',
    );
    await taskList();

    await userEvent.selectOptions(filter('Organization'), 'Beta Corp');

    expect(search()).toEqual({ organization: 'org-2', state: 'todo' });
  });

  it('refuses a due range that ends before it starts, without asking Missive', async () => {
    const { requests } = stubTasks();
    renderPage(<TasksPage />, '/tasks?due_from=2031-02-01&due_to=2031-01-01');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The due date range ends before it starts',
    );
    expect(taskReads(requests)).toEqual([]);
  });

  // 52 tasks on screen: slower than the rest under a loaded machine.
  it('pages older tasks with until on the oldest activity', { timeout: 15_000 }, async () => {
    const tasks = Array.from({ length: 52 }, (_, index) =>
      makeTask({
        id: `t-${index}`,
        title: `Task ${index}`,
        conversation: `c-${index}`,
        last_activity_at: 1_700_001_000 - index * 10,
      }),
    );
    const { requests } = stubTasks({ tasks });
    renderPage(<TasksPage />, '/tasks');
    const list = await taskList();
    expect(within(list).getAllByRole('listitem')).toHaveLength(50);

    await userEvent.click(screen.getByRole('button', { name: 'Load older tasks' }));

    expect(await within(list).findByRole('listitem', { name: 'Task 51' })).toBeInTheDocument();
    expect(within(list).getAllByRole('listitem')).toHaveLength(52);
    expect(taskReads(requests).at(-1)).toEqual({
      organization: 'org-1',
      type: 'all',
      limit: '50',
      until: String(1_700_001_000 - 49 * 10),
    });
    expect(screen.queryByRole('button', { name: 'Load older tasks' })).toBeNull();
  });

  it('changes a task’s state with its select and closes one with the shortcut', async () => {
    const { writes } = stubTasks();
    renderPage(<TasksPage />, '/tasks');
    await taskList();

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'State of Call back about the refund' }),
      'In progress',
    );
    expect(
      await screen.findByText('“Call back about the refund” is now in progress.'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Close Write the quarterly report' }));
    expect(await screen.findByText('Closed “Write the quarterly report”.')).toBeInTheDocument();

    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      ['PATCH', '/tasks/t-call', { tasks: { state: 'in_progress' } }],
      ['PATCH', '/tasks/t-report', { tasks: { state: 'closed' } }],
    ]);
    expect(
      screen.getByRole('combobox', { name: 'State of Write the quarterly report' }),
    ).toHaveValue('closed');
  });

  it('reassigns a task with the whole new list of assignees', async () => {
    const { writes } = stubTasks();
    renderPage(<TasksPage />, '/tasks');
    await taskList();
    const call = screen.getByRole('listitem', { name: 'Call back about the refund' });

    await userEvent.click(
      within(call).getByRole('button', { name: 'Reassign Call back about the refund' }),
    );
    const form = within(call).getByRole('form', {
      name: 'Assignees of Call back about the refund',
    });
    expect(within(form).getByRole('checkbox', { name: 'Ada Lovelace' })).toBeChecked();
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Ada Lovelace' }));
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Bob Stone' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save assignees' }));

    expect(
      await within(call).findByText('Assigned “Call back about the refund” to Bob Stone.'),
    ).toBeInTheDocument();
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      ['PATCH', '/tasks/t-call', { tasks: { assignees: ['u-bob'] } }],
    ]);
    expect(within(call).getByText('Bob Stone', { selector: 'span' })).toBeInTheDocument();
    expect(form).not.toBeVisible();
  });

  it('keeps the new assignees chosen when Missive refuses them', async () => {
    stubTasks({
      write: () =>
        jsonResponse({ error: { message: 'Missive answered 500', code: 'upstream_error' } }, 502),
    });
    renderPage(<TasksPage />, '/tasks');
    await taskList();
    const call = screen.getByRole('listitem', { name: 'Call back about the refund' });

    await userEvent.click(
      within(call).getByRole('button', { name: 'Reassign Call back about the refund' }),
    );
    const form = within(call).getByRole('form', {
      name: 'Assignees of Call back about the refund',
    });
    await userEvent.click(within(form).getByRole('checkbox', { name: 'Bob Stone' }));
    await userEvent.click(within(form).getByRole('button', { name: 'Save assignees' }));

    expect(await within(call).findByRole('alert')).toHaveTextContent(
      'Missive is unavailable right now (502): Missive answered 500',
    );
    expect(within(form).getByRole('checkbox', { name: 'Bob Stone' })).toBeChecked();
    expect(within(form).getByRole('checkbox', { name: 'Ada Lovelace' })).toBeChecked();
  });

  it('refuses to leave a standalone task without team nor assignee', async () => {
    const { writes } = stubTasks();
    renderPage(<TasksPage />, '/tasks');
    await taskList();
    const report = screen.getByRole('listitem', { name: 'Write the quarterly report' });

    await userEvent.click(
      within(report).getByRole('button', { name: 'Reassign Write the quarterly report' }),
    );
    await userEvent.click(within(report).getByRole('checkbox', { name: 'Bob Stone' }));
    await userEvent.click(within(report).getByRole('button', { name: 'Save assignees' }));

    expect(within(report).getByRole('alert')).toHaveTextContent(
      'A task of its own without a team needs at least one assignee.',
    );
    expect(writes()).toEqual([]);
  });

  it('creates a standalone task in the organization and lists it', async () => {
    const { writes } = stubTasks();
    renderPage(<TasksPage />, '/tasks');
    await taskList();
    const form = screen.getByRole('form', { name: 'New task' });

    await userEvent.type(within(form).getByLabelText('Title'), 'Renew the SSL certificate');
    await userEvent.click(await within(form).findByRole('checkbox', { name: 'Bob Stone' }));
    await userEvent.type(within(form).getByLabelText('Due date'), '2031-03-02');
    await userEvent.click(within(form).getByRole('button', { name: 'Create task' }));

    expect(
      await within(form).findByText('Created “Renew the SSL certificate”.'),
    ).toBeInTheDocument();
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      [
        'POST',
        '/tasks',
        {
          tasks: {
            title: 'Renew the SSL certificate',
            assignees: ['u-bob'],
            due_at: day(2031, 3, 2, true),
            organization: 'org-1',
          },
        },
      ],
    ]);
    const created = await screen.findByRole('listitem', { name: 'Renew the SSL certificate' });
    expect(within(created).getByRole('link')).toHaveAttribute(
      'href',
      '/conversations?mailbox=all&open=c-new',
    );
  });

  it('asks a standalone task for a team or assignees before asking Missive', async () => {
    const { writes } = stubTasks();
    renderPage(<TasksPage />, '/tasks');
    await taskList();
    const form = screen.getByRole('form', { name: 'New task' });

    await userEvent.type(within(form).getByLabelText('Title'), 'Tidy the shared drive');
    await userEvent.click(within(form).getByRole('button', { name: 'Create task' }));

    expect(within(form).getByRole('alert')).toHaveTextContent(
      'team: a standalone task needs team or assignees',
    );
    expect(writes()).toEqual([]);
  });

  it('keeps the new task typed when Missive rate-limits it', async () => {
    stubTasks({
      write: () =>
        new Response(
          JSON.stringify({
            error: { message: "Missive's rate limit was reached", code: 'rate_limited' },
          }),
          { status: 429, headers: { 'Content-Type': 'application/json', 'Retry-After': '30' } },
        ),
    });
    renderPage(<TasksPage />, '/tasks');
    await taskList();
    const form = screen.getByRole('form', { name: 'New task' });

    await userEvent.type(within(form).getByLabelText('Title'), 'Follow up');
    await userEvent.selectOptions(within(form).getByLabelText('Team'), 'Billing');
    await userEvent.click(within(form).getByRole('button', { name: 'Create task' }));

    expect(await within(form).findByRole('alert')).toHaveTextContent(
      "Rate-limited: Missive's rate limit was reached Nothing was lost: try again in 30 s.",
    );
    expect(within(form).getByLabelText('Title')).toHaveValue('Follow up');
    expect(within(form).getByLabelText('Team')).toHaveValue('team-billing');
  });

  it('says why the tasks could not be read and tries again', async () => {
    const missive = stubListOutage('/tasks', { tasks: [] });
    renderPage(<TasksPage />, '/tasks');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The tasks could not be read. Missive is unavailable right now (502): Missive is down',
    );
    missive.recover();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No task matches these filters.')).toBeInTheDocument();
  });
});
