import { describe, expect, it } from 'vitest';
import { integrationSettingsSchema, type Integration } from '@crm/shared/integrations';
import { zodResolver } from '@/components/ui';
import {
  draftIntegration,
  integrationFormSchema,
  integrationFormValues,
  toUpdateBody,
} from './integration-form';

const github: Integration = {
  provider: 'github',
  kind: 'github',
  settings: integrationSettingsSchema.parse({
    enabled: true,
    organization: 'org-1',
    team: 'team-1',
    labels: ['l-1'],
  }),
  secret: 'dashboard',
  deliveryPath: '/integrations/github',
  updatedAt: 1,
  updatedBy: 'admin',
};

const resolve = (integration: Integration, values: ReturnType<typeof integrationFormValues>) =>
  zodResolver(integrationFormSchema(integration))(values, undefined, {
    fields: {},
    shouldUseNativeValidation: undefined,
  });

describe('the integration form', () => {
  it('sends back what it was opened with, and no secret when none was typed', () => {
    expect(toUpdateBody(github, integrationFormValues(github))).toEqual({
      kind: 'github',
      settings: github.settings,
    });
  });

  it('drops the team and labels with the organization they belong to', () => {
    const values = { ...integrationFormValues(github), organization: '' };
    expect(toUpdateBody(github, values).settings).toMatchObject({
      organization: null,
      team: null,
      labels: [],
    });
  });

  it('places each problem under its input, in the shared schema’s words', async () => {
    const draft = draftIntegration('shop');
    const result = await resolve(draft, {
      ...integrationFormValues(draft),
      secret: 'short',
      icon: 'javascript:alert(1)',
      markdown: 'Paid',
    });
    expect(result.values).toEqual({});
    expect(Object.keys(result.errors).sort()).toEqual(['icon', 'references', 'secret']);
    expect(result.errors.references?.message).toBe(
      'must not be empty: it decides the conversation',
    );
  });
});
