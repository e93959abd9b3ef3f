/**
 * Bundles the gateway and the Missive emulator into server/dist. The
 * source-first @crm/shared package is compiled in (it ships TypeScript, which
 * Node does not run); every real npm dependency stays external and is loaded
 * from node_modules at run time, so native modules and their own files work.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

function serverDependencies(): string[] {
  const manifest: unknown = JSON.parse(readFileSync(join(root, 'server', 'package.json'), 'utf8'));
  if (typeof manifest !== 'object' || manifest === null || !('dependencies' in manifest)) return [];
  const { dependencies } = manifest;
  if (typeof dependencies !== 'object' || dependencies === null) return [];
  return Object.keys(dependencies).filter((name) => !name.startsWith('@crm/'));
}

const shared: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // esbuild also treats subpaths (`pkg/sub`) of an external package as external.
  external: serverDependencies(),
  // An ESM bundle has no `require`; a CommonJS dependency pulled in through
  // @crm/shared (or esbuild's own interop) may still call it.
  banner: {
    js: "import { createRequire as __crmCreateRequire } from 'node:module';\nconst require = __crmCreateRequire(import.meta.url);",
  },
  logLevel: 'info',
  absWorkingDir: root,
};

await Promise.all([
  build({ ...shared, entryPoints: ['server/src/index.ts'], outfile: 'server/dist/index.js' }),
  build({
    ...shared,
    entryPoints: ['server/src/emulator/main.ts'],
    outfile: 'server/dist/emulator.js',
  }),
]);
