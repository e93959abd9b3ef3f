import { screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { taskCreateBody, taskUpdateBody } from '@crm/shared/missive/tasks';
import { useConversationContext } from '@/lib/conversation-context';
import { answerDirectory } from '@/test/directory-fixtures';
import { jsonResponse } from '@/test/http';
import { makeContext, makeConversation } from '@/test/missive-fixtures';
import { stubMissive, type MissiveRequest } from '@/test/missive-stub';
import { renderWithProviders } from '@/test/render-with-providers';
import { makeTask as task } from '../test/fixtures';
import { TasksPanel } from './tasks-panel';

const contextPath = '/api/context/conversation-1';

/**
 * The conversation's tasks come in its context, which the gateway answers
 * from the fixtures (after the first read, from `rereadContext`, by default
 * the same); users and teams from the directory fixtures; writes answer
 * `write(request)`, by default as Missive would, changing the fixtures so
 * the next context read sees the change.
 */
function stubTasks({
  write,
  rereadContext,
}: {
  write?: (request: MissiveRequest) => Response;
  rereadContext?: () => Promise<Response>;
} = {}) {
  const tasks = [
    task({ id: 't-done', title: 'Send the invoice', state: 'closed' }),
    task({
      id: 't-call',
      title: 'Call back about the refund',
      assignees: ['u-ada', 'u-bob'],
      due_at: Math.floor(new Date(2031, 0, 15, 23, 59, 59).getTime() / 1000),
    }),
  ];
  let contextReads = 0;
  const stub = stubMissive((request) => {
    if (request.path === contextPath) {
      contextReads += 1;
      if (contextReads > 1 && rereadContext) return rereadContext();
      return jsonResponse(makeContext(makeConversation({ id: 'conversation-1' }), { tasks }));
    }
    const directory = answerDirectory(request);
    if (directory) return directory;
    if (write) return write(request);
    if (request.method === 'POST' && request.path === '/tasks') {
      const created = task({ id: 't-new', ...taskCreateBody.parse(request.body).tasks });
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
  return {
    requests: stub.requests,
    /** Writes to Missive's tasks: reading the context is a POST too, but no write. */
    writes: () => stub.writes().filter((request) => request.path !== contextPath),
  };
}

const panelProps = { conversationId: 'conversation-1', organizationId: 'org-1', teamId: null };

/** The panel as the sidebar route feeds it: the tasks of the conversation's context. */
function PanelInSidebar() {
  const context = useConversationContext('conversation-1');
  return <TasksPanel {...panelProps} tasks={context.data?.tasks} />;
}

function renderPanel() {
  return renderWithProviders(<PanelInSidebar />);
}

async function openForm() {
  await userEvent.click(screen.getByRole('button', { name: 'New task' }));
  return screen.findByRole('form', { name: 'New task' });
}

/** The tasks listed, by their accessible names, in order. */
function listed() {
  const list = screen.getByRole('list', { name: 'Tasks' });
  return within(list)
    .getAllByRole('listitem')
    .map((item) => item.getAttribute('aria-labelledby'))
    .map((id) => (id ? document.getElementById(id)?.textContent : null));
}

describe('TasksPanel', () => {
  it('lists the tasks it is given with assignees and due date, open ones first', async () => {
    const { requests } = stubTasks();
    renderPanel();

    const list = await screen.findByRole('list', { name: 'Tasks' });
    const [open, closed] = within(list).getAllByRole('listitem');
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(open).toHaveAccessibleName('Call back about the refund');
    expect(closed).toHaveAccessibleName('Send the invoice');
    const call = screen.getByRole('listitem', { name: 'Call back about the refund' });
    expect(await within(call).findByText('Ada Lovelace, Bob Stone')).toBeInTheDocument();
    expect(within(call).getByText(/^Due .*2031/)).toBeInTheDocument();
    const invoice = screen.getByRole('listitem', { name: 'Send the invoice' });
    expect(within(invoice).queryByRole('button', { name: /Close/ })).toBeNull();
    // The tasks came with the context: only the organization's users and teams are read.
    expect(requests.map((request) => `${request.method} ${request.path}`).sort()).toEqual([
      `GET ${contextPath}`,
      'GET /teams',
      'GET /users',
    ]);
    const users = requests.find((request) => request.path === '/users');
    expect(users?.query.get('organization')).toBe('org-1');
  });

  it('says it is loading until the tasks are given, without reading them', () => {
    const { requests } = stubTasks();
    renderWithProviders(<TasksPanel {...panelProps} tasks={undefined} />);

    expect(screen.getByText('Loading tasks…')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Tasks' })).not.toBeInTheDocument();
    expect(requests.filter((request) => request.path.startsWith('/tasks'))).toEqual([]);
  });

  it('says when the conversation has no tasks', () => {
    stubTasks();
    renderWithProviders(<TasksPanel {...panelProps} tasks={[]} />);

    expect(screen.getByText('No tasks in this conversation.')).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Tasks' })).not.toBeInTheDocument();
  });

  it('changes a task’s state from its select', async () => {
    const { writes } = stubTasks();
    renderPanel();

    await userEvent.selectOptions(
      await screen.findByRole('combobox', { name: 'State of Call back about the refund' }),
      'In progress',
    );

    expect(
      await screen.findByText('“Call back about the refund” is now in progress.'),
    ).toBeInTheDocument();
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      ['PATCH', '/tasks/t-call', { tasks: { state: 'in_progress' } }],
    ]);
  });

  it('closes a task with the shortcut', async () => {
    const { writes } = stubTasks();
    renderPanel();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Close Call back about the refund' }),
    );

    expect(await screen.findByText('Closed “Call back about the refund”.')).toBeInTheDocument();
    expect(
      screen.getByRole('combobox', { name: 'State of Call back about the refund' }),
    ).toHaveValue('closed');
    expect(writes().map((request) => request.body)).toEqual([{ tasks: { state: 'closed' } }]);
    // Closed now, it sinks among the closed ones, in Missive's order.
    expect(listed()).toEqual(['Send the invoice', 'Call back about the refund']);
  });

  it('shows why a state change failed and keeps the old state', async () => {
    stubTasks({
      write: () => jsonResponse({ error: { message: 'Task not found', code: 'not_found' } }, 404),
    });
    renderPanel();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Close Call back about the refund' }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Not found, perhaps deleted meanwhile: Task not found',
    );
    expect(
      screen.getByRole('combobox', { name: 'State of Call back about the refund' }),
    ).toHaveValue('todo');
  });

  it('creates a subtask with assignees, team and due date', async () => {
    const { writes } = stubTasks();
    renderWithProviders(<TasksPanel {...panelProps} tasks={[]} />);
    const form = await openForm();

    await userEvent.type(within(form).getByLabelText('Title'), 'Refund the duplicate charge');
    await userEvent.type(within(form).getByLabelText('Description'), 'Order 1042');
    await userEvent.click(await within(form).findByRole('checkbox', { name: 'Bob Stone' }));
    await userEvent.selectOptions(within(form).getByLabelText('Team'), 'Billing');
    await userEvent.type(within(form).getByLabelText('Due date'), '2031-03-02');
    await userEvent.click(within(form).getByRole('button', { name: 'Create task' }));

    expect(
      await within(form).findByText('Created “Refund the duplicate charge”.'),
    ).toBeInTheDocument();
    expect(within(form).getByLabelText('Title')).toHaveValue('');
    expect(writes().map((request) => [request.method, request.path, request.body])).toEqual([
      [
        'POST',
        '/tasks',
        {
          tasks: {
            title: 'Refund the duplicate charge',
            subtask: true,
            conversation: 'conversation-1',
            description: 'Order 1042',
            assignees: ['u-bob'],
            team: 'team-billing',
            due_at: Math.floor(new Date(2031, 2, 2, 23, 59, 59).getTime() / 1000),
            organization: 'org-1',
          },
        },
      ],
    ]);
  });

  it('lists a created task once, the context read again after the write', async () => {
    stubTasks();
    renderPanel();
    const form = await openForm();

    await userEvent.type(within(form).getByLabelText('Title'), 'Refund the duplicate charge');
    await userEvent.click(within(form).getByRole('button', { name: 'Create task' }));

    expect(await within(form).findByText('Created “Refund the duplicate charge”.')).toBeVisible();
    expect(listed()).toEqual([
      'Call back about the refund',
      'Refund the duplicate charge',
      'Send the invoice',
    ]);
  });

  // A write must not wait for the context to be read again (that read may be slow).
  it('shows a change and a new task at once, before the context is read again', async () => {
    const { requests } = stubTasks({ rereadContext: () => new Promise<Response>(() => {}) });
    renderPanel();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Close Call back about the refund' }),
    );
    expect(await screen.findByText('Closed “Call back about the refund”.')).toBeInTheDocument();
    expect(listed()).toEqual(['Send the invoice', 'Call back about the refund']);

    const form = await openForm();
    await userEvent.type(within(form).getByLabelText('Title'), 'Refund the duplicate charge');
    await userEvent.click(within(form).getByRole('button', { name: 'Create task' }));
    expect(
      await screen.findByRole('listitem', { name: 'Refund the duplicate charge' }),
    ).toBeInTheDocument();
    expect(listed()).toEqual([
      'Refund the duplicate charge',
      'Send the invoice',
      'Call back about the refund',
    ]);
    // Each write asked for the context again; those answers never came.
    expect(requests.filter((request) => request.path === contextPath)).toHaveLength(3);
  });

  it('refuses a title longer than 1000 characters before asking Missive', async () => {
    const { writes } = stubTasks();
    renderPanel();
    const form = await openForm();

    await userEvent.click(within(form).getByLabelText('Title'));
    await userEvent.paste('x'.repeat(1001));
    await userEvent.click(within(form).getByRole('button', { name: 'Create task' }));

    expect(within(form).getByRole('alert')).toHaveTextContent(
      'title: must be at most 1000 characters',
    );
    expect(within(form).getByLabelText('Title')).toHaveValue('x'.repeat(1001));
    expect(writes()).toEqual([]);
  });

  it('refuses an empty title', async () => {
    const { writes } = stubTasks();
    renderPanel();
    const form = await openForm();

    await userEvent.click(within(form).getByRole('button', { name: 'Create task' }));

    expect(within(form).getByRole('alert')).toHaveTextContent('title: must not be empty');
    expect(writes()).toEqual([]);
  });

  it('keeps the form filled when Missive refuses or rate-limits the task', async () => {
    stubTasks({
      write: () =>
        jsonResponse(
          {
            error: {
              message: "Missive's rate limit was reached: Too many requests",
              code: 'rate_limited',
            },
          },
          429,
        ),
    });
    renderPanel();
    const form = await openForm();

    await userEvent.type(within(form).getByLabelText('Title'), 'Follow up');
    await userEvent.type(within(form).getByLabelText('Description'), 'Next week');
    await userEvent.click(within(form).getByRole('button', { name: 'Create task' }));

    expect(await within(form).findByRole('alert')).toHaveTextContent(
      "Rate-limited: Missive's rate limit was reached: Too many requests",
    );
    expect(within(form).getByLabelText('Title')).toHaveValue('Follow up');
    expect(within(form).getByLabelText('Description')).toHaveValue('Next week');
  });
});
