import { z } from 'zod';
import { idSchema, offsetPaging } from './common';

export const organizationSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const userSchema = z.looseObject({
  id: z.string(),
  me: z.boolean(),
  email: z.string(),
  name: z.string(),
  avatar_url: z.string().nullable(),
});
export type User = z.infer<typeof userSchema>;

export const teamSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  organization: z.string(),
});
export type Team = z.infer<typeof teamSchema>;

/** Lists of organizations, users, teams, labels and responses page by offset, at most 200. */
export const organizationScopedListQuery = z.strictObject({
  organization: idSchema.optional(),
  ...offsetPaging(200),
});
export const pagedListQuery = z.strictObject({ ...offsetPaging(200) });

const teamName = z.string().trim().min(1, 'must not be empty').max(255);

export const teamCreateBody = z.strictObject({
  teams: z
    .array(z.strictObject({ name: teamName, organization: idSchema }))
    .min(1, 'name at least one team')
    .max(50),
});

export const teamUpdateBody = z.strictObject({
  teams: z
    .array(z.strictObject({ id: idSchema, name: teamName.optional() }))
    .min(1, 'name at least one team')
    .max(50),
});

export const organizationsResponse = z.object({ organizations: z.array(organizationSchema) });
export const usersResponse = z.object({ users: z.array(userSchema) });
export const teamsResponse = z.object({ teams: z.array(teamSchema) });
