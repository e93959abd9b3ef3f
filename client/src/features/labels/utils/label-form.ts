import { z } from 'zod';
import {
  sharedLabelCreateBody,
  sharedLabelUpdateBody,
  type SharedLabel,
} from '@crm/shared/missive/labels';
import { checkInForm } from '@/lib/form-check';

/**
 * The label forms' rules: the shared create and update schemas, applied to
 * what the inputs hold (checkInForm: each problem under its input, all of
 * them in the form's alert).
 */

const createItem = sharedLabelCreateBody.shape.shared_labels.element;
const updateItem = sharedLabelUpdateBody.shape.shared_labels.element;

export const NEW_LABEL_COLOR = '#2266ed';

const newLabelValues = z.object({ name: z.string(), parent: z.string(), color: z.string() });
export type NewLabelValues = z.input<typeof newLabelValues>;

/** A new label as the create body holds it, but for its organization (the page's). */
export const newLabelSchema = newLabelValues.transform(({ name, parent, color }, ctx) =>
  checkInForm(
    createItem.omit({ organization: true }),
    { name, color, ...(parent ? { parent } : {}) },
    ctx,
    ['name', 'parent', 'color'],
  ),
);

/** A label's settings as the inputs hold them: "" is "none" in a select. */
const settingsValues = z.object({
  name: z.string(),
  color: z.string(),
  parent: z.string(),
  visibility: z.enum(['organization', 'delegates']),
  share_with_organization: z.boolean(),
  share_with_team: z.string(),
  share_with_users: z.array(z.string()),
});
export type LabelSettingsValues = z.input<typeof settingsValues>;

export function settingsValuesOf(label: SharedLabel): LabelSettingsValues {
  return {
    name: label.name,
    // Missive may answer "#2266ED" where the colour input says "#2266ed".
    color: label.color?.toLowerCase() ?? '',
    parent: label.parent ?? '',
    // Missive's defaults, for answers that leave the sharing fields out.
    visibility: label.visibility ?? 'organization',
    share_with_organization: label.share_with_organization ?? false,
    share_with_team: label.share_with_team ?? '',
    share_with_users: [...(label.share_with_users ?? [])],
  };
}

/**
 * A label's settings as an update item would carry them (none: null), by
 * the update schema's rules. A colour left empty is no colour yet: only
 * checked once one is picked.
 */
export const labelSettingsSchema = settingsValues.transform(({ color, ...values }, ctx) =>
  checkInForm(
    updateItem.omit({ id: true }).required(),
    {
      ...values,
      color: color || null,
      parent: values.parent || null,
      share_with_team: values.share_with_team || null,
    },
    ctx,
    ['name', 'color', 'parent', 'visibility', 'share_with_team', 'share_with_users'],
  ),
);
export type LabelSettings = z.output<typeof labelSettingsSchema>;
