// One lint configuration for every workspace. Type-aware rules are on so that
// `any` cannot leak in through an untyped value, not only through an annotation.
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Imports run one way: client and server may use shared, never each other.
// Inside the client, each folder of client/src/features is a closed room: it
// builds on components/, lib/, stores/ and host/, and only app/ (the router)
// puts features together. What two features share moves to components/ or lib/.
//
// no-restricted-imports matches the import as written, so the feature rules
// below are regexes over relative specifiers (and the `@/` alias): from
// features/a/components/x.tsx, `../../b/api/y` and `../../../features/b/y`
// both reach features/b. Feature folders hold api/, components/, hooks/,
// utils/, test/, never a folder named after another feature, so a run of
// `../` followed by another feature's name can only mean that feature.
// The list of features is read from the folder, so a new one is covered.
// Dynamic `import()` is outside this rule; lazy routes live in app/ anyway.
const FEATURES = readdirSync(new URL('client/src/features/', import.meta.url), {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** A specifier that reaches client/src/features/<one of names>. */
function featureSpecifier(names) {
  return String.raw`^((\.\./)+|@/)(features/)?(${names.join('|')})(/|$)`;
}

const NOT_SERVER = {
  group: ['**/server/**', '@crm/server*'],
  message: 'The client never imports the server.',
};

// Search params are written through lib/search-params only: React Router's
// setter builds on the last rendered URL and drops what changed since.
const ROUTER_WRITERS = [
  {
    name: 'react-router',
    importNames: ['useSearchParams'],
    message:
      'Use useSearchParamChanges from lib/search-params: it writes on top of the current URL.',
  },
  {
    name: 'react-router/dom',
    importNames: ['RouterProvider'],
    message: 'Use UrlRouterProvider from lib/search-params, which URL writers need.',
  },
];

/**
 * The client's no-restricted-imports. Flat config replaces a rule's options
 * rather than merging them, so every client block states the whole list.
 */
function clientImports({ patterns = [], paths = ROUTER_WRITERS } = {}) {
  return ['error', { patterns: [NOT_SERVER, ...patterns], paths }];
}

const SHARED_CLIENT = ['components', 'lib', 'stores', 'host'];
const NO_FEATURE = {
  regex: String.raw`^((\.\./)+|@/)features/`,
  message: 'components/, lib/, stores/ and host/ never import a feature: features build on them.',
};

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Everywhere in the client: never the server; URL writes through lib/search-params.
    files: ['client/**/*.{ts,tsx}'],
    ignores: ['client/src/lib/search-params.tsx'],
    rules: { 'no-restricted-imports': clientImports() },
  },
  {
    // The shared folders sit below the features: they import none of them.
    files: SHARED_CLIENT.map((folder) => `client/src/${folder}/**/*.{ts,tsx}`),
    ignores: ['client/src/lib/search-params.tsx'],
    rules: { 'no-restricted-imports': clientImports({ patterns: [NO_FEATURE] }) },
  },
  {
    files: ['client/src/lib/search-params.tsx'],
    rules: { 'no-restricted-imports': clientImports({ patterns: [NO_FEATURE], paths: [] }) },
  },
  {
    // Query and mutation keys come from lib/queries.ts, built from the shared
    // tables: a key written by hand is one the live events and the writes'
    // invalidation cannot know about.
    files: ['client/**/*.{ts,tsx}'],
    ignores: ['client/src/lib/queries.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Property[key.name=/^(queryKey|mutationKey)$/]:matches([value.type="ArrayExpression"], [value.type="TSAsExpression"])',
          message:
            'Keys come from lib/queries.ts (missiveQuery, gatewayQuery, composedKey, endpointKey…), not from a hand-written array.',
        },
      ],
    },
  },
  // One block per feature: every other feature is out of bounds.
  ...FEATURES.map((feature) => ({
    files: [`client/src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': clientImports({
        patterns: [
          {
            regex: featureSpecifier(FEATURES.filter((other) => other !== feature)),
            message: `Features never import each other (${feature} → another feature): move the shared piece to components/ or lib/.`,
          },
        ],
      }),
    },
  })),
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // Relative paths into client/ only: packages may have client folders
          // of their own (the MCP SDK's client, which tests drive the server with).
          patterns: [
            {
              regex: '^(\\.{1,2}/)+(.+/)?client/',
              message: 'The server never imports the client.',
            },
            { group: ['@crm/client*'], message: 'The server never imports the client.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/client/**', '**/server/**'] }] },
  },
  {
    files: ['eslint.config.js'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
