/**
 * How much JavaScript a first visit to each face of the client downloads,
 * printed by every `vite build`, which fails when the sidebar's exceeds its
 * budget. Missive opens the sidebar beside every conversation, in an iframe
 * that starts cold more often than a dashboard tab does, so its weight is
 * the one held to a number.
 *
 * A page's first load is the HTML entry's chunk and the chunk of each lazy
 * route the page renders at once, with every chunk those import statically
 * (the browser fetches them before the code runs). Chunks imported
 * dynamically (other routes, a dialog opened later) are not part of it.
 * The arithmetic reads Vite's manifest and is kept free of I/O so that it
 * is tested; the plugin at the bottom feeds it the files Vite wrote, each
 * gzipped on its own at zlib's default level, as a compressing server or
 * proxy sends them (Vite's own per-chunk column differs by about 1%).
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Manifest, Plugin } from 'vite';

/** Sizes print in kB of 1,000 bytes, as Vite's own report does. */
const KB = 1000;

export interface ClientPage {
  /** What the build output calls it. */
  name: string;
  /** The URL whose first load this is. */
  url: string;
  /**
   * Manifest keys (paths from the client root) of what that URL loads at
   * once: `index.html`, then the route modules it renders.
   */
  modules: readonly string[];
  /** Gzip bytes of JavaScript the build refuses to exceed, if any. */
  budgetBytes?: number;
}

/**
 * The three faces of the app. A route module renamed or moved must be
 * renamed here too: the build stops on a module the manifest does not know
 * rather than measure something else.
 */
export const CLIENT_PAGES: readonly ClientPage[] = [
  {
    name: 'sidebar',
    url: '/sidebar',
    modules: ['index.html', 'src/app/routes/sidebar/sidebar-route.tsx'],
    budgetBytes: 150 * KB,
  },
  {
    name: 'dashboard',
    url: '/',
    modules: [
      'index.html',
      'src/app/router.tsx',
      'src/app/routes/dashboard/dashboard-layout.tsx',
      'src/app/routes/dashboard/conversations-route.tsx',
    ],
  },
  {
    name: 'playground',
    url: '/playground',
    modules: ['index.html', 'src/app/router.tsx', 'src/app/routes/playground.tsx'],
  },
];

export interface FirstLoad {
  /** Output files, in the order they were reached; each once. */
  js: string[];
  css: string[];
}

/**
 * The files a first load of `modules` downloads: each module's chunk and,
 * depth first, every chunk it imports statically. Throws on a module that
 * is not a chunk of its own (renamed, or no longer lazy-loaded).
 */
export function firstLoadFiles(manifest: Manifest, modules: readonly string[]): FirstLoad {
  const seen = new Set<string>();
  const js: string[] = [];
  const css = new Set<string>();
  const visit = (key: string, from: string | null) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) {
      throw new Error(
        from === null
          ? `${key} is not a chunk of its own in the build's manifest: is it still lazy-loaded under that path?`
          : `the manifest's ${from} imports ${key}, which it does not list`,
      );
    }
    seen.add(key);
    js.push(chunk.file);
    for (const file of chunk.css ?? []) css.add(file);
    for (const imported of chunk.imports ?? []) visit(imported, key);
  };
  for (const module of modules) visit(module, null);
  return { js, css: [...css] };
}

export interface PageSize {
  page: ClientPage;
  jsFiles: number;
  jsGzipBytes: number;
  cssGzipBytes: number;
}

/** Each page's first load in gzip bytes; `gzipSize` answers for one output file. */
export function measurePages(
  manifest: Manifest,
  pages: readonly ClientPage[],
  gzipSize: (file: string) => number,
): PageSize[] {
  const sum = (files: readonly string[]) =>
    files.reduce((total, file) => total + gzipSize(file), 0);
  return pages.map((page) => {
    const { js, css } = firstLoadFiles(manifest, page.modules);
    return { page, jsFiles: js.length, jsGzipBytes: sum(js), cssGzipBytes: sum(css) };
  });
}

export function overBudget(sizes: readonly PageSize[]): PageSize[] {
  return sizes.filter(
    ({ page, jsGzipBytes }) => page.budgetBytes !== undefined && jsGzipBytes > page.budgetBytes,
  );
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(2)} kB`;

/** One line a page, aligned, e.g. `sidebar     /sidebar     JS  98.20 kB gzip (5 files) …`. */
export function formatPageSizes(sizes: readonly PageSize[]): string[] {
  const nameWidth = Math.max(...sizes.map(({ page }) => page.name.length));
  const urlWidth = Math.max(...sizes.map(({ page }) => page.url.length));
  return sizes.map(({ page, jsFiles, jsGzipBytes, cssGzipBytes }) => {
    const budget =
      page.budgetBytes === undefined
        ? ''
        : `, budget ${kb(page.budgetBytes)}${jsGzipBytes > page.budgetBytes ? ' EXCEEDED' : ''}`;
    return (
      `${page.name.padEnd(nameWidth)}  ${page.url.padEnd(urlWidth)}  ` +
      `JS ${kb(jsGzipBytes).padStart(9)} gzip (${jsFiles} ${jsFiles === 1 ? 'file' : 'files'}${budget}); ` +
      `CSS ${kb(cssGzipBytes)} gzip`
    );
  });
}

/**
 * Prints each page's first-load size after Vite has written the bundle and
 * fails the build when a page is over its budget. Needs `build.manifest`.
 */
export function clientSizePlugin(pages: readonly ClientPage[] = CLIENT_PAGES): Plugin {
  let outDir = '';
  let manifestFile = '.vite/manifest.json';
  let info: (message: string) => void = () => undefined;
  return {
    name: 'client-size',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      if (typeof config.build.manifest === 'string') manifestFile = config.build.manifest;
      else if (!config.build.manifest) {
        throw new Error('client-size needs build.manifest to know which chunks a page loads');
      }
      info = (message) => {
        config.logger.info(message);
      };
    },
    writeBundle() {
      const read = (file: string) => readFileSync(path.join(outDir, file));
      const manifest = JSON.parse(read(manifestFile).toString('utf8')) as Manifest;
      const sizes = measurePages(manifest, pages, (file) => gzipSync(read(file)).length);
      info('\nFirst load of each page (its entry and statically imported chunks):');
      for (const line of formatPageSizes(sizes)) info(`  ${line}`);
      const over = overBudget(sizes);
      if (over.length > 0) {
        this.error(
          over
            .map(
              ({ page, jsGzipBytes }) =>
                `${page.name}'s first load is ${kb(jsGzipBytes)} of JS gzip, over its budget of ${kb(page.budgetBytes ?? 0)}`,
            )
            .join('; '),
        );
      }
    },
  };
}
