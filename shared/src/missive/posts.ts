import { z } from 'zod';
import {
  checkRouting,
  conversationColorSchema,
  conversationRoutingFields,
  linkUrlSchema,
  timestampSchema,
  urlSchema,
} from './common';

/**
 * The schemas of a post, for one rule of URL (links and icons are the only
 * fields they differ in): `linkUrlSchema` for what this product sends,
 * `urlSchema` for what Missive itself accepts.
 */
function postWrites(url: typeof urlSchema) {
  const attachment = z.strictObject({
    color: conversationColorSchema.optional(),
    pretext: z.string().max(10_000).optional(),
    author_name: z.string().max(1000).optional(),
    author_link: url.optional(),
    author_icon: url.optional(),
    title: z.string().max(1000).optional(),
    title_link: url.optional(),
    image_url: url.optional(),
    text: z.string().max(100_000).optional(),
    markdown: z.string().max(100_000).optional(),
    timestamp: timestampSchema.optional(),
    footer: z.string().max(1000).optional(),
    footer_icon: url.optional(),
    fields: z
      .array(
        z.strictObject({
          title: z.string().max(1000).optional(),
          value: z.string().max(10_000).optional(),
          short: z.boolean().optional(),
        }),
      )
      .max(50)
      .optional(),
  });

  const input = z
    .strictObject({
      username: z.string().max(255).optional(),
      username_icon: url.optional(),
      conversation_icon: url.optional(),
      text: z.string().max(100_000).optional(),
      markdown: z.string().max(100_000).optional(),
      notification: z.strictObject(
        { title: z.string().max(255), body: z.string().max(1000) },
        { error: 'is required: an object with "title" and "body"' },
      ),
      attachments: z.array(attachment).max(100).optional(),
      reopen: z.boolean().optional(),
      ...conversationRoutingFields,
      conversation_color: conversationColorSchema.optional(),
    })
    .superRefine((post, ctx) => {
      checkRouting(post, ctx, { labelsNeedOrganization: false });
      if (!post.text && !post.markdown && !post.attachments?.length) {
        ctx.addIssue({ code: 'custom', message: 'a post needs text, markdown or attachments' });
      }
    });

  return { attachment, input, createBody: z.strictObject({ posts: input }) };
}

/** Posts as this product sends them: links and icons only with link schemes. */
export const {
  attachment: postAttachmentSchema,
  input: postInputSchema,
  createBody: postCreateBody,
} = postWrites(linkUrlSchema);
export type PostAttachment = z.infer<typeof postAttachmentSchema>;
export type PostInput = z.infer<typeof postInputSchema>;

/** Posts as Missive accepts them, any URL scheme included: the emulator's rules. */
export const missivePostWrites = postWrites(urlSchema);

export const postSchema = z.looseObject({
  id: z.string(),
  conversation: z.string(),
  created_at: z.number(),
  username: z.string().nullable(),
  username_icon: z.string().nullable(),
  text: z.string().nullable(),
  markdown: z.string().nullable(),
  notification: z.looseObject({ title: z.string(), body: z.string() }),
  attachments: z.array(z.looseObject({})),
});
export type Post = z.infer<typeof postSchema>;

export const postResponse = z.object({ posts: postSchema });
export const postsResponse = z.object({ posts: z.array(postSchema) });
export const deletedPostResponse = z.object({
  posts: z.object({ id: z.string(), conversation: z.string() }),
});
