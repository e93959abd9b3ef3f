import { z } from 'zod';
import {
  integrationSettingsSchema,
  integrationUpdateBody,
  type Integration,
  type IntegrationUpdate,
} from '@crm/shared/integrations';

/**
 * A provider's form, flat: what the inputs hold. Ids are '' for none (a
 * select's empty option); the secret is '' for "keep the stored one".
 */
export interface IntegrationFormValues {
  enabled: boolean;
  secret: string;
  organization: string;
  team: string;
  labels: string[];
  reopen: boolean;
  username: string;
  icon: string;
  references: string;
  subject: string;
  markdown: string;
  eventId: string;
  color: string;
}

type FormField = keyof IntegrationFormValues;

const FORM_FIELDS = new Set<string>([
  'enabled',
  'secret',
  'organization',
  'team',
  'labels',
  'reopen',
  'username',
  'icon',
  'references',
  'subject',
  'markdown',
  'eventId',
  'color',
] satisfies FormField[]);

/** A provider's stored settings as its form's inputs hold them. */
export function integrationFormValues(integration: Integration): IntegrationFormValues {
  const { settings } = integration;
  const template = settings.template;
  return {
    enabled: settings.enabled,
    secret: '',
    organization: settings.organization ?? '',
    team: settings.team ?? '',
    labels: [...settings.labels],
    reopen: settings.reopen,
    username: settings.username,
    icon: settings.icon,
    references: template?.references ?? '',
    subject: template?.subject ?? '',
    markdown: template?.markdown ?? '',
    eventId: template?.eventId ?? '',
    color: template?.color ?? '',
  };
}

/**
 * The PUT body for what the form holds: the secret only when one was typed
 * (none keeps the stored one), and the post template only for a generic
 * provider (GitHub's and Stripe's posts are written by their modules).
 */
export function toUpdateBody(
  integration: Pick<Integration, 'kind' | 'settings'>,
  values: IntegrationFormValues,
): IntegrationUpdate {
  const organization = values.organization || null;
  return {
    kind: integration.kind,
    settings: {
      enabled: values.enabled,
      organization,
      // A team and labels belong to an organization: without one they cannot apply.
      team: organization ? values.team || null : null,
      labels: organization ? values.labels : [],
      reopen: values.reopen,
      username: values.username,
      icon: values.icon.trim(),
      template:
        integration.kind === 'generic'
          ? {
              references: values.references,
              subject: values.subject,
              markdown: values.markdown,
              eventId: values.eventId,
              color: values.color,
            }
          : integration.settings.template,
    },
    // Falsy too when the input is disabled (an environment secret): react-hook-form leaves it out.
    ...(values.secret ? { secret: values.secret } : {}),
  };
}

/** What the inputs hold; the secret is absent while its input is disabled (an environment secret). */
const integrationFormFields = z.object({
  enabled: z.boolean(),
  secret: z
    .string()
    .optional()
    .transform((secret) => secret ?? ''),
  organization: z.string(),
  team: z.string(),
  labels: z.array(z.string()),
  reopen: z.boolean(),
  username: z.string(),
  icon: z.string(),
  references: z.string(),
  subject: z.string(),
  markdown: z.string(),
  eventId: z.string(),
  color: z.string(),
});

/**
 * The provider form's schema, with the shared body schema as the only
 * rules: the form submits exactly the body the gateway will validate, and
 * each problem shows under the input it came from, in the schema's words.
 * One no input holds (the body's shape itself) is the form's own alert.
 */
export function integrationFormSchema(integration: Pick<Integration, 'kind' | 'settings'>) {
  return integrationFormFields.transform((values, ctx): IntegrationUpdate => {
    const parsed = integrationUpdateBody.safeParse(toUpdateBody(integration, values));
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const field = issue.path.findLast(
        (key): key is FormField => typeof key === 'string' && FORM_FIELDS.has(key),
      );
      ctx.addIssue({
        code: 'custom',
        path: field === undefined ? [] : [field],
        message: issue.message,
      });
    }
    return z.NEVER;
  });
}

/**
 * A generic provider being added: not on the gateway until its first save,
 * which PUTs it with its template, so it is never stored half-written.
 * Enabled by default: an admin adds one to use it.
 */
export function draftIntegration(provider: string): Integration {
  return {
    provider,
    kind: 'generic',
    settings: integrationSettingsSchema.parse({ enabled: true }),
    secret: 'none',
    deliveryPath: `/integrations/${provider}`,
    updatedAt: null,
    updatedBy: null,
  };
}
