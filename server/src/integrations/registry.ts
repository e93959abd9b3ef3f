import {
  integrationKinds,
  integrationSettingsSchema,
  type Integration,
  type IntegrationKind,
  type IntegrationSettings,
  type IntegrationUpdate,
  type SecretSource,
} from '@crm/shared/integrations';
import { HttpError } from '../http/http-error';
import type { IntegrationStore, StoredIntegration } from '../store/integration-store';
import type { ProviderModule } from './provider';
import { genericProvider } from './providers/generic';
import { githubProvider } from './providers/github';
import { stripeProvider } from './providers/stripe';
import type { SecretBox } from './secret-box';

/**
 * Which providers exist and how each is set up: the dashboard's settings
 * (stored, secrets sealed) over the environment's (GITHUB_WEBHOOK_SECRET,
 * STRIPE_WEBHOOK_SECRET enable their provider with no dashboard at all).
 */

export const modules: Readonly<Record<IntegrationKind, ProviderModule>> = {
  github: githubProvider,
  stripe: stripeProvider,
  generic: genericProvider,
};

/** The built-in providers, every kind but generic: always listed, named for their kind. */
type BuiltIn = Exclude<IntegrationKind, 'generic'>;
const BUILT_IN = integrationKinds.filter((kind): kind is BuiltIn => kind !== 'generic');

/** The variables that enable a built-in provider without the dashboard. */
const ENV_NAMES: Partial<Record<BuiltIn, string>> = {
  github: 'GITHUB_WEBHOOK_SECRET',
  stripe: 'STRIPE_WEBHOOK_SECRET',
};

function isBuiltIn(provider: string): provider is BuiltIn {
  return BUILT_IN.some((kind) => kind === provider);
}

/** A provider ready to receive: its module, settings and secret. */
export interface ActiveIntegration {
  provider: string;
  module: ProviderModule;
  settings: IntegrationSettings;
  /** Undefined: none is set, so every delivery is refused. */
  secret: string | undefined;
}

export interface RegistryOptions {
  store: IntegrationStore;
  box: SecretBox;
  /** Secrets from the environment, by built-in provider. */
  environment: Partial<Record<BuiltIn, string>>;
  clock?: () => number;
}

const defaultSettings = (enabled: boolean): IntegrationSettings =>
  integrationSettingsSchema.parse({ enabled });

export class IntegrationRegistry {
  private readonly clock: () => number;

  constructor(private readonly options: RegistryOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /** The provider a delivery names, when it is enabled; undefined otherwise. */
  async active(provider: string): Promise<ActiveIntegration | undefined> {
    const stored = await this.options.store.getIntegration(provider);
    const builtIn = isBuiltIn(provider) ? provider : undefined;
    const fromEnvironment = builtIn === undefined ? undefined : this.options.environment[builtIn];
    // Unknown: neither set up in the dashboard nor enabled by the environment.
    const kind = stored?.kind ?? (fromEnvironment === undefined ? undefined : builtIn);
    if (kind === undefined) return undefined;
    const settings = stored?.settings ?? defaultSettings(true);
    if (!settings.enabled) return undefined;
    return {
      provider,
      module: modules[kind],
      settings,
      secret:
        fromEnvironment ??
        (stored?.secretSealed ? this.options.box.open(stored.secretSealed) : undefined),
    };
  }

  /** Every provider an admin can set up: the built-in ones, then the generic ones made. */
  async list(): Promise<Integration[]> {
    const stored = new Map(
      (await this.options.store.listIntegrations()).map((record) => [record.provider, record]),
    );
    const names = [...BUILT_IN, ...[...stored.keys()].filter((name) => !isBuiltIn(name))];
    return names.map((provider) => this.view(provider, stored.get(provider)));
  }

  async update(provider: string, update: IntegrationUpdate, by: string): Promise<Integration> {
    const stored = await this.options.store.getIntegration(provider);
    if (isBuiltIn(provider) && update.kind !== provider) {
      throw new HttpError(
        400,
        `"${provider}" is the built-in ${provider} provider: its kind is "${provider}"`,
      );
    }
    if (provider === 'deliveries') {
      // GET /api/integrations/deliveries is the deliveries' list.
      throw new HttpError(
        400,
        'provider: "deliveries" is taken by the deliveries list; choose another name',
      );
    }
    if (!isBuiltIn(provider) && update.kind !== 'generic') {
      throw new HttpError(
        400,
        `kind: only "generic" providers can be added; "${update.kind}" is built in`,
      );
    }
    const environmentName = isBuiltIn(provider) ? ENV_NAMES[provider] : undefined;
    const fromEnvironment = isBuiltIn(provider) ? this.options.environment[provider] : undefined;
    if (update.secret !== undefined && fromEnvironment !== undefined) {
      throw new HttpError(
        400,
        `secret: ${provider}'s secret comes from ${environmentName ?? 'the environment'}; change it there`,
      );
    }
    const secretSealed =
      update.secret === undefined
        ? (stored?.secretSealed ?? null)
        : this.options.box.seal(update.secret);
    if (update.settings.enabled && secretSealed === null && fromEnvironment === undefined) {
      throw new HttpError(
        400,
        'secret: set a secret before enabling the provider; every delivery is checked against it',
      );
    }
    if (update.kind === 'generic' && update.settings.template === null) {
      throw new HttpError(
        400,
        'settings.template: a generic provider needs a template to make its posts',
      );
    }
    const record: StoredIntegration = {
      provider,
      kind: update.kind,
      settings: update.settings,
      secretSealed,
      updatedAt: this.clock(),
      updatedBy: by,
    };
    await this.options.store.putIntegration(record);
    return this.view(provider, record);
  }

  /** Removes a generic provider; built-in ones are disabled instead. */
  async remove(provider: string): Promise<void> {
    if (isBuiltIn(provider)) {
      throw new HttpError(400, `"${provider}" is built in: disable it instead of deleting it`);
    }
    if (!(await this.options.store.deleteIntegration(provider))) {
      throw new HttpError(404, `no integration is named "${provider}"`);
    }
  }

  private view(provider: string, stored: StoredIntegration | undefined): Integration {
    const fromEnvironment = isBuiltIn(provider) ? this.options.environment[provider] : undefined;
    const secret: SecretSource =
      fromEnvironment !== undefined ? 'environment' : stored?.secretSealed ? 'dashboard' : 'none';
    return {
      provider,
      kind: stored?.kind ?? (isBuiltIn(provider) ? provider : 'generic'),
      settings: stored?.settings ?? defaultSettings(fromEnvironment !== undefined),
      secret,
      deliveryPath: `/integrations/${provider}`,
      updatedAt: stored?.updatedAt ?? null,
      updatedBy: stored?.updatedBy ?? null,
    };
  }
}
