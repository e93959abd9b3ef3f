import { z } from 'zod';
import { notOneOf } from '../errors';
import {
  emailAddressSchema,
  idListParam,
  idSchema,
  linkUrlSchema,
  offsetPaging,
  oneOf,
  queryBoolean,
  queryTimestamp,
  urlSchema,
} from './common';

/**
 * Contacts, contact books and contact groups.
 *
 * Each info kind accepts its own set of labels, and `custom_label` only with
 * `label: "other"` — the rules of rest-reference.txt, enforced before a
 * request leaves so that Missive never drops or refuses an agent's edit.
 */

export const infoLabels = {
  email: ['home', 'work', 'personal', 'other'],
  phone_number: [
    'main',
    'mobile',
    'home',
    'work',
    'home_fax',
    'work_fax',
    'other_fax',
    'pager',
    'other',
  ],
  twitter: ['work', 'personal', 'other'],
  facebook: ['work', 'personal', 'other'],
  physical_address: ['work', 'home', 'other'],
  url: ['homepage', 'profile', 'blog', 'work', 'personal', 'other'],
  custom: ['other'],
} as const;
export type InfoKind = keyof typeof infoLabels;
export const infoKinds = Object.keys(infoLabels) as InfoKind[];

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const requiredText = (max: number) => text(max).trim().min(1, 'must not be empty');

function labelled<K extends InfoKind, S extends z.ZodRawShape>(kind: K, shape: S) {
  return z.strictObject({
    kind: z.literal(kind),
    label: oneOf(infoLabels[kind], `(the labels of ${kind})`),
    custom_label: requiredText(255).optional(),
    ...shape,
  });
}

/**
 * The refusal of an info whose kind is none of the kinds, naming the kind
 * it said it was. zod reports it at `kind` with the whole info as input; an
 * info that is no object at all keeps zod's own words (undefined).
 */
function unknownKind(info: unknown): string | undefined {
  if (typeof info !== 'object' || info === null || Array.isArray(info)) return undefined;
  return notOneOf('kind' in info ? info.kind : undefined, infoKinds);
}

const organizationOnlyFields = ['department', 'title', 'location', 'description'] as const;

export const membershipInputSchema = z
  .strictObject({
    department: text(255).optional(),
    title: text(255).optional(),
    location: text(255).optional(),
    description: text(5000).optional(),
    group: z.strictObject({
      kind: oneOf(['organization', 'group']),
      name: requiredText(255),
    }),
  })
  .superRefine((membership, ctx) => {
    if (membership.group.kind !== 'group') return;
    for (const field of organizationOnlyFields) {
      if (membership[field] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: 'can be set only when the group is of kind "organization"',
        });
      }
    }
  });
export type MembershipInput = z.infer<typeof membershipInputSchema>;

/**
 * Missive drops unknown flat fields such as `email` without a word; say so
 * and say where the value belongs instead.
 */
function unknownContactField(issue: {
  code: string;
  keys?: readonly string[];
}): string | undefined {
  if (issue.code !== 'unrecognized_keys' || !issue.keys) return undefined;
  const keys = issue.keys.map((key) => `"${key}"`).join(', ');
  return `unknown contact field ${keys}: Missive would silently drop it; emails, phones, addresses, URLs and custom fields go in "infos"`;
}

/**
 * The schemas of contact writes, for one rule of URL (the only field they
 * differ in): `linkUrlSchema` for what this product sends, `urlSchema` for
 * what Missive itself accepts.
 */
function contactWrites(url: typeof urlSchema) {
  const info = z
    .discriminatedUnion(
      'kind',
      [
        labelled('email', { value: emailAddressSchema }),
        labelled('phone_number', {
          value: requiredText(64).regex(
            /^[+()\d\s.\-/x#*]+$/i,
            'must be a phone number (digits, spaces, + ( ) - .)',
          ),
        }),
        labelled('twitter', { value: requiredText(255) }),
        labelled('facebook', { name: requiredText(255) }),
        labelled('physical_address', {
          street: text(255).optional(),
          extended_address: text(255).optional(),
          city: text(255).optional(),
          region: text(255).optional(),
          postal_code: text(64).optional(),
          po_box: text(64).optional(),
          country: text(255).optional(),
        }),
        labelled('url', { value: url }),
        labelled('custom', { value: requiredText(5000) }),
      ],
      { error: (issue) => unknownKind(issue.input) },
    )
    .superRefine((info, ctx) => {
      if (info.custom_label !== undefined && info.label !== 'other') {
        ctx.addIssue({
          code: 'custom',
          path: ['custom_label'],
          message: 'may be set only when label is "other"',
        });
      }
    });

  const attributes = {
    first_name: text(255).optional(),
    last_name: text(255).optional(),
    middle_name: text(255).optional(),
    phonetic_first_name: text(255).optional(),
    phonetic_last_name: text(255).optional(),
    phonetic_middle_name: text(255).optional(),
    prefix: text(64).optional(),
    suffix: text(64).optional(),
    nickname: text(255).optional(),
    file_as: text(255).optional(),
    notes: text(50_000).optional(),
    starred: z.boolean().optional(),
    gender: text(64).optional(),
    infos: z.array(info).max(500).optional(),
    memberships: z.array(membershipInputSchema).max(200).optional(),
  };

  const createInput = z.strictObject(
    { contact_book: idSchema, ...attributes },
    { error: unknownContactField },
  );
  /** A change of the contact where it is: what the loss-free editor's changes are made of. */
  const updateInput = z.strictObject(
    { id: idSchema, ...attributes },
    { error: unknownContactField },
  );
  /**
   * One item of a PATCH: the reference gives an update every attribute of a
   * create, so `contact_book` too, which moves the contact to that book.
   * Moving is not an edit in place, so it stays out of `updateInput`.
   */
  const updateItem = updateInput.extend({ contact_book: idSchema.optional() });

  return {
    info,
    createInput,
    updateInput,
    updateItem,
    createBody: z.strictObject({
      contacts: z
        .array(createInput)
        .min(1, 'name at least one contact')
        .max(100, 'at most 100 contacts at once'),
    }),
    updateBody: z.strictObject({
      contacts: z
        .array(updateItem)
        .min(1, 'name at least one contact')
        .max(100, 'at most 100 contacts at once'),
    }),
  };
}

/** Contact writes as this product sends them: URL infos only with link schemes. */
export const {
  info: contactInfoInputSchema,
  createInput: contactCreateInputSchema,
  updateInput: contactUpdateInputSchema,
  updateItem: contactUpdateItemSchema,
  createBody: contactCreateBody,
  updateBody: contactUpdateBody,
} = contactWrites(linkUrlSchema);
export type ContactInfoInput = z.infer<typeof contactInfoInputSchema>;
export type ContactCreateInput = z.infer<typeof contactCreateInputSchema>;
export type ContactUpdateInput = z.infer<typeof contactUpdateInputSchema>;
export type ContactUpdateItem = z.infer<typeof contactUpdateItemSchema>;

/** Contact writes as Missive accepts them, any URL scheme included: the emulator's rules. */
export const missiveContactWrites = contactWrites(urlSchema);

export const contactUpdateParams = z.object({ ids: idListParam(100) });

// Responses: what Missive returns. Labels may be missing (see the custom info
// in the reference's list example), so they are read loosely.
export const contactInfoSchema = z.looseObject({
  kind: z.string(),
  label: z.string().optional(),
  custom_label: z.string().nullish(),
  value: z.string().optional(),
  name: z.string().optional(),
  street: z.string().nullish(),
  extended_address: z.string().nullish(),
  city: z.string().nullish(),
  region: z.string().nullish(),
  postal_code: z.string().nullish(),
  po_box: z.string().nullish(),
  country: z.string().nullish(),
});
export type ContactInfo = z.infer<typeof contactInfoSchema>;

export const contactGroupSchema = z.looseObject({
  id: z.string(),
  kind: z.enum(['organization', 'group']).optional(),
  name: z.string(),
});
export type ContactGroup = z.infer<typeof contactGroupSchema>;

export const membershipSchema = z.looseObject({
  department: z.string().nullish(),
  title: z.string().nullish(),
  location: z.string().nullish(),
  description: z.string().nullish(),
  group: contactGroupSchema,
});
export type Membership = z.infer<typeof membershipSchema>;

export const contactSchema = z.looseObject({
  id: z.string(),
  contact_book: z.string(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  middle_name: z.string().nullish(),
  phonetic_first_name: z.string().nullish(),
  phonetic_last_name: z.string().nullish(),
  phonetic_middle_name: z.string().nullish(),
  prefix: z.string().nullish(),
  suffix: z.string().nullish(),
  nickname: z.string().nullish(),
  file_as: z.string().nullish(),
  notes: z.string().nullish(),
  starred: z.boolean(),
  gender: z.string().nullish(),
  deleted: z.literal(false),
  modified_at: z.number(),
  infos: z.array(contactInfoSchema).optional(),
  memberships: z.array(membershipSchema).optional(),
});
export type Contact = z.infer<typeof contactSchema>;

/** With `include_deleted`, a deleted contact keeps only these three fields. */
export const deletedContactSchema = z.object({
  id: z.string(),
  deleted: z.literal(true),
  modified_at: z.number(),
});
export type DeletedContact = z.infer<typeof deletedContactSchema>;

export const contactListQuery = z
  .strictObject({
    contact_book: idSchema,
    order: oneOf(['last_name', 'last_modified']).optional(),
    ...offsetPaging(200),
    modified_since: queryTimestamp.optional(),
    include_deleted: queryBoolean.optional(),
    search: z.string().trim().min(1, 'must not be empty').max(255).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.include_deleted && query.modified_since === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['include_deleted'],
        message: 'applies only to modified_since requests: pass modified_since too',
      });
    }
  });

export const contactsResponse = z.object({ contacts: z.array(contactSchema) });
export const contactListResponse = z.object({
  contacts: z.array(z.union([contactSchema, deletedContactSchema])),
});

export const contactBookSchema = z.looseObject({
  id: z.string(),
  user: z.string(),
  share_with_organization: z.boolean(),
  share_with_team: z.string().nullable(),
  share_with_users: z.array(z.string()),
  organization: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
});
export type ContactBook = z.infer<typeof contactBookSchema>;
export const contactBooksResponse = z.object({ contact_books: z.array(contactBookSchema) });

export const contactGroupListQuery = z.strictObject({
  contact_book: idSchema,
  kind: oneOf(['group', 'organization']),
  ...offsetPaging(200),
});
export const contactGroupsResponse = z.object({
  contact_groups: z.array(contactGroupSchema),
});
