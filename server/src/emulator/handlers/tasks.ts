import { HttpError } from '../../http/http-error';
import type { Handlers } from '../handler';
import { findConversation, mustExist, mustFind } from '../lookup';
import { pageByTime } from '../paging';
import { createConversation, findPlacement } from '../routing';
import { renderTask } from '../views';

export const taskHandlers = {
  createTask({ body: { tasks: input } }, { state }) {
    mustExist(state, 'organizations', input.organization, 'organization');
    mustExist(state, 'teams', input.team, 'team');
    mustExist(state, 'users', input.assignees, 'assignees');
    mustExist(state, 'users', input.add_users, 'add_users');
    const now = state.now();
    let conversation;
    if (input.subtask) {
      conversation = findPlacement(state, {
        conversation: input.conversation,
        references: input.references,
      });
      if (!conversation)
        throw new HttpError(404, 'references: no conversation matches these references');
    } else {
      // A standalone task is shown by Missive as a conversation of its own.
      conversation = createConversation(
        state,
        {
          conversation_subject: input.conversation_subject ?? input.title,
          organization: input.organization,
        },
        'custom',
      );
      conversation.team = input.team ?? null;
      conversation.team_inbox = Boolean(input.team);
      const members = input.team ? (state.get('teams', input.team)?.members ?? []) : [];
      for (const id of [...(input.assignees ?? []), ...(input.add_users ?? []), ...members]) {
        conversation.users[id] ??= {
          inbox: input.add_to_inbox ?? false,
          flagged: false,
          snoozed: false,
        };
      }
      conversation.assignees = [...(input.assignees ?? [])];
    }
    conversation.last_activity_at = now;
    const task = state.insert('tasks', {
      id: state.newId(),
      title: input.title,
      description: input.description ?? null,
      state: input.state ?? 'todo',
      organization: input.organization ?? conversation.organization,
      team: input.team ?? null,
      assignees: input.assignees ?? [],
      due_at: input.due_at ?? null,
      conversation: conversation.id,
      subtask: input.subtask ?? false,
      created_at: now,
      last_activity_at: now,
    });
    return { tasks: renderTask(task) };
  },

  updateTask({ params, body: { tasks: changes } }, { state }) {
    const task = mustFind(state, 'tasks', params.id);
    mustExist(state, 'users', changes.assignees, 'assignees');
    mustExist(state, 'teams', changes.team, 'team');
    Object.assign(task, changes, { last_activity_at: state.now() });
    const conversation = findConversation(state, task.conversation);
    conversation.last_activity_at = Math.max(conversation.last_activity_at, task.last_activity_at);
    return { tasks: renderTask(task) };
  },

  listTasks({ query }, { state }) {
    const type = query.type ?? 'all';
    const matching = state.data.tasks.filter(
      (task) =>
        (!query.organization || task.organization === query.organization) &&
        (!query.state || task.state === query.state) &&
        (type === 'all' || task.subtask === (type === 'conversation')) &&
        (!query.team || task.team === query.team) &&
        (!query.assignee || task.assignees.includes(query.assignee)) &&
        (!query.conversation || task.conversation === query.conversation) &&
        (query.due_at_gteq === undefined ||
          (task.due_at !== null && task.due_at >= query.due_at_gteq)) &&
        (query.due_at_lteq === undefined ||
          (task.due_at !== null && task.due_at <= query.due_at_lteq)),
    );
    const page = pageByTime(matching, (task) => task.last_activity_at, {
      until: query.until,
      limit: query.limit ?? 25,
    });
    return { tasks: page.map(renderTask) };
  },

  getTask({ params }, { state }) {
    return { tasks: renderTask(mustFind(state, 'tasks', params.id)) };
  },
} satisfies Partial<Handlers>;
