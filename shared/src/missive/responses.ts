import { z } from 'zod';
import { attachmentFileSchema, idSchema } from './common';
import { emailFieldInput, messageFieldSchema } from './messages';

/** Canned responses. A response belongs to exactly one of an organization or a user. */
export const cannedResponseSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  subject: z.string().nullable(),
  organization: z.string().nullable(),
  user: z.string().nullable(),
  share_with_team: z.string().nullable(),
  modified_at: z.number(),
  to_fields: z.array(messageFieldSchema),
  cc_fields: z.array(messageFieldSchema),
  bcc_fields: z.array(messageFieldSchema),
  shared_labels: z.array(z.string()),
  attachments: z.array(attachmentFileSchema),
});
export type CannedResponse = z.infer<typeof cannedResponseSchema>;

const responseFields = {
  title: z.string().trim().min(1, 'must not be empty').max(255),
  body: z.string().max(1_000_000).optional(),
  subject: z.string().max(998).nullable().optional(),
  organization: idSchema.optional(),
  user: idSchema.optional(),
  share_with_team: idSchema.nullable().optional(),
  shared_labels: z.array(idSchema).optional(),
  to_fields: z.array(emailFieldInput).optional(),
  cc_fields: z.array(emailFieldInput).optional(),
  bcc_fields: z.array(emailFieldInput).optional(),
};

function oneOwner(
  value: { organization?: string | undefined; user?: string | undefined },
  ctx: z.RefinementCtx,
  required: boolean,
) {
  if (value.organization && value.user) {
    ctx.addIssue({
      code: 'custom',
      path: ['user'],
      message: 'a response belongs to an organization or a user, not both',
    });
  } else if (required && !value.organization && !value.user) {
    ctx.addIssue({
      code: 'custom',
      path: ['organization'],
      message: 'name the owner: organization or user',
    });
  }
}

export const responseCreateBody = z.strictObject({
  responses: z
    .array(
      z.strictObject(responseFields).superRefine((value, ctx) => {
        oneOwner(value, ctx, true);
      }),
    )
    .min(1, 'name at least one response')
    .max(50),
});

const { title, ...optionalFields } = responseFields;
export const responseUpdateBody = z.strictObject({
  responses: z
    .array(
      z
        .strictObject({ id: idSchema, title: title.optional(), ...optionalFields })
        .superRefine((value, ctx) => {
          oneOwner(value, ctx, false);
        }),
    )
    .min(1, 'name at least one response')
    .max(50),
});

export const cannedResponsesResponse = z.object({ responses: z.array(cannedResponseSchema) });
/** `GET /responses/:id` answers the one response in the same list shape. */
export const cannedResponseGetResponse = z.object({
  responses: z.union([cannedResponseSchema, z.array(cannedResponseSchema)]),
});
