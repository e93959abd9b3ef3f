import { z } from 'zod';
import { idSchema, oneOf, queryInt, queryTimestamp, timestampSchema } from './common';

export const taskStates = ['todo', 'in_progress', 'closed'] as const;
export type TaskState = (typeof taskStates)[number];
const stateSchema = oneOf(taskStates);

const title = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(1000, 'must be at most 1000 characters');
const description = z.string().max(10_000, 'must be at most 10000 characters');

export const taskCreateInput = z
  .strictObject({
    title,
    description: description.optional(),
    state: stateSchema.optional(),
    organization: idSchema.optional(),
    team: idSchema.optional(),
    assignees: z.array(idSchema).max(50).optional(),
    due_at: timestampSchema.nullable().optional(),
    subtask: z.boolean().optional(),
    conversation: idSchema.optional(),
    references: z.array(z.string().trim().min(1).max(998)).max(100).optional(),
    conversation_subject: z.string().max(998).optional(),
    add_users: z.array(idSchema).optional(),
    add_to_inbox: z.boolean().optional(),
  })
  .superRefine((task, ctx) => {
    if (task.conversation && task.references?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['references'],
        message: 'pass conversation or references, not both',
      });
    }
    if (task.subtask) {
      if (!task.conversation && !task.references?.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['conversation'],
          message: 'a subtask needs conversation or references',
        });
      }
    } else {
      if (!task.team && !task.assignees?.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['team'],
          message: 'a standalone task needs team or assignees',
        });
      }
      if (!task.organization) {
        ctx.addIssue({
          code: 'custom',
          path: ['organization'],
          message: 'is required for a standalone task',
        });
      }
    }
    if (task.add_users?.length && !task.organization) {
      ctx.addIssue({
        code: 'custom',
        path: ['organization'],
        message: 'is required with add_users',
      });
    }
  });
export type TaskCreateInput = z.infer<typeof taskCreateInput>;

export const taskCreateBody = z.strictObject({ tasks: taskCreateInput });

export const taskUpdateInput = z
  .strictObject({
    title: title.optional(),
    description: description.optional(),
    state: stateSchema.optional(),
    assignees: z.array(idSchema).max(50).optional(),
    team: idSchema.nullable().optional(),
    due_at: timestampSchema.nullable().optional(),
  })
  .refine((task) => Object.keys(task).length > 0, 'name at least one field to change');
export type TaskUpdateInput = z.infer<typeof taskUpdateInput>;
export const taskUpdateBody = z.strictObject({ tasks: taskUpdateInput });

export const taskListQuery = z
  .strictObject({
    organization: idSchema.optional(),
    state: stateSchema.optional(),
    type: oneOf(['task', 'conversation', 'all']).optional(),
    team: idSchema.optional(),
    assignee: idSchema.optional(),
    conversation: idSchema.optional(),
    due_at_gteq: queryTimestamp.optional(),
    due_at_lteq: queryTimestamp.optional(),
    limit: queryInt(2, 50).optional(),
    until: queryTimestamp.optional(),
  })
  .refine(
    (query) =>
      query.due_at_gteq === undefined ||
      query.due_at_lteq === undefined ||
      query.due_at_gteq <= query.due_at_lteq,
    { path: ['due_at_lteq'], message: 'must not be before due_at_gteq' },
  );

/**
 * A task. `subtask` tells a task inside a conversation from a standalone one
 * (which Missive shows as a conversation of its own, named by `conversation`).
 */
export const taskSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  state: z.enum(taskStates),
  organization: z.string().nullable(),
  team: z.string().nullable(),
  assignees: z.array(z.string()),
  due_at: z.number().nullable(),
  conversation: z.string().nullable(),
  subtask: z.boolean(),
  created_at: z.number(),
  last_activity_at: z.number(),
});
export type Task = z.infer<typeof taskSchema>;

export const taskResponse = z.object({ tasks: taskSchema });
export const tasksResponse = z.object({ tasks: z.array(taskSchema) });
