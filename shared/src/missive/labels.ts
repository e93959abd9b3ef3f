import { z } from 'zod';
import { colorSchema, idSchema, oneOf } from './common';

export const sharedLabelSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  name_with_parent_names: z.string(),
  color: z.string().nullable(),
  parent: z.string().nullish(),
  organization: z.string(),
  share_with_organization: z.boolean().optional(),
  share_with_team: z.string().nullish(),
  share_with_users: z.array(z.string()).optional(),
  visibility: z.enum(['organization', 'delegates']).optional(),
});
export type SharedLabel = z.infer<typeof sharedLabelSchema>;

const labelFields = {
  name: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(255)
    .refine((name) => !name.includes('/'), 'must not contain "/", which separates parent names'),
  color: colorSchema.nullable().optional(),
  parent: idSchema.nullable().optional(),
  share_with_organization: z.boolean().optional(),
  share_with_team: idSchema.nullable().optional(),
  share_with_users: z.array(idSchema).optional(),
  visibility: oneOf(['organization', 'delegates']).optional(),
};

export const sharedLabelCreateBody = z.strictObject({
  shared_labels: z
    .array(z.strictObject({ ...labelFields, organization: idSchema }))
    .min(1, 'name at least one label')
    .max(50),
});

const { name, ...optionalLabelFields } = labelFields;
export const sharedLabelUpdateBody = z.strictObject({
  shared_labels: z
    .array(
      z.strictObject(
        { id: idSchema, name: name.optional(), ...optionalLabelFields },
        {
          error: (issue) =>
            issue.code === 'unrecognized_keys' && issue.keys.includes('organization')
              ? 'organization cannot be changed on an existing label'
              : undefined,
        },
      ),
    )
    .min(1, 'name at least one label')
    .max(50),
});

export const sharedLabelsResponse = z.object({ shared_labels: z.array(sharedLabelSchema) });
