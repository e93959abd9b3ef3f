import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';
import { clientSizePlugin } from './scripts/client-size.ts';

// The build's root is client/, but tests span every workspace: each test
// project pins its own root to the repository so its globs read from there.
const repoRoot = fileURLToPath(new URL('.', import.meta.url));
// client/tsconfig.json's `@/` alias, for the build and the client's tests alike.
const clientAlias = { '@': fileURLToPath(new URL('client/src', import.meta.url)) };
const gateway = `http://127.0.0.1:${process.env.PORT ?? '3000'}`;

export default defineConfig({
  root: 'client',
  plugins: [react(), clientSizePlugin()],
  resolve: { alias: clientAlias },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Which chunks each page loads, for clientSizePlugin's report and budget.
    manifest: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // What every page runs before its own code: a chunk of its own,
              // so that a deployment of the app's code leaves it cached.
              name: 'vendor',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|@tanstack|zustand|zod)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    // The dev server serves only the client; the gateway answers the rest,
    // so the browser sees one origin as it does in production.
    proxy: {
      '/api': { target: gateway, changeOrigin: false },
      '/webhooks': { target: gateway, changeOrigin: false },
      '/mcp': { target: gateway, changeOrigin: false },
      // Providers POST their deliveries here; a GET is the dashboard's Integrations page.
      '/integrations': {
        target: gateway,
        changeOrigin: false,
        bypass: (req) => (req.method === 'POST' ? undefined : '/index.html'),
      },
    },
  },
  test: {
    // Reports (--outputFile) and the run's own paths resolve from the repository too.
    root: repoRoot,
    projects: [
      {
        root: repoRoot,
        test: {
          name: 'unit-node',
          environment: 'node',
          include: ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: [...configDefaults.exclude, '**/*.integration.test.ts'],
        },
      },
      {
        root: repoRoot,
        plugins: [react()],
        // Resolve packages as the browser build does. Under Vitest's default
        // (Node) conditions react-router loads as CJS while react-router/dom's
        // own require() gets the ESM copy (Node 20.19's module-sync), and the
        // two copies do not share a router context.
        resolve: {
          alias: clientAlias,
          conditions: ['module', 'browser', 'development|production'],
        },
        test: {
          name: 'unit-client',
          environment: 'jsdom',
          include: ['client/src/**/*.test.{ts,tsx}'],
          setupFiles: ['client/src/test/setup.ts'],
          restoreMocks: true,
          unstubGlobals: true,
        },
      },
      {
        root: repoRoot,
        test: {
          name: 'integration',
          environment: 'node',
          include: [
            'server/**/*.integration.test.ts',
            'shared/**/*.integration.test.ts',
            'scripts/**/*.integration.test.ts',
          ],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
