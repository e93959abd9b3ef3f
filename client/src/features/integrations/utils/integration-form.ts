import type { FieldErrors, Resolver } from 'react-hook-form';
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

export function toFormValues(integration: Integration): IntegrationFormValues {
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

/**
 * react-hook-form's resolver, with the shared body schema as the only
 * rules: the form submits exactly the body the gateway will validate, and
 * each problem shows under the input it came from, in the schema's words.
 */
export function integrationResolver(
  integration: Pick<Integration, 'kind' | 'settings'>,
): Resolver<IntegrationFormValues, unknown, IntegrationUpdate> {
  return (values) => {
    const parsed = integrationUpdateBody.safeParse(toUpdateBody(integration, values));
    if (parsed.success) return { values: parsed.data, errors: {} };
    const errors: FieldErrors<IntegrationFormValues> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path.findLast(
        (key): key is FormField => typeof key === 'string' && FORM_FIELDS.has(key),
      );
      const error = { type: issue.code, message: issue.message };
      // A field's first problem is the one to fix first. One no input holds
      // (the body's shape itself) is the form's own, shown by the Save button.
      if (field === undefined) errors.root = { schema: errors.root?.schema ?? error };
      else errors[field] ??= error;
    }
    return { values: {}, errors };
  };
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
