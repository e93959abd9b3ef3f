// One lint configuration for every workspace. Type-aware rules are on so that
// `any` cannot leak in through an untyped value, not only through an annotation.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

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
    // Imports run one way: client and server may use shared, never each other.
    // Search params are written through lib/search-params only: React Router's
    // setter builds on the last rendered URL and drops what changed since.
    files: ['client/**/*.{ts,tsx}'],
    ignores: ['client/src/lib/search-params.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['**/server/**', '@crm/server*'],
          paths: [
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
          ],
        },
      ],
    },
  },
  {
    files: ['client/src/lib/search-params.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**', '@crm/server*'] }] },
  },
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
