import type { Manifest } from 'vite';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_PAGES,
  firstLoadFiles,
  formatPageSizes,
  measurePages,
  overBudget,
  type ClientPage,
} from './client-size';

/**
 * A build as Vite's manifest describes it: the HTML entry imports the vendor
 * chunk and imports the two faces dynamically; both faces share a chunk;
 * the sidebar's editor is dynamic and must not count.
 */
const manifest: Manifest = {
  'index.html': {
    file: 'assets/index-1.js',
    src: 'index.html',
    isEntry: true,
    imports: ['_vendor-1.js'],
    dynamicImports: ['src/sidebar.tsx', 'src/dashboard.tsx'],
    css: ['assets/index-1.css'],
  },
  '_vendor-1.js': { file: 'assets/vendor-1.js', name: 'vendor' },
  '_shared-1.js': {
    file: 'assets/shared-1.js',
    name: 'shared',
    imports: ['_vendor-1.js'],
    css: ['assets/shared-1.css'],
  },
  'src/sidebar.tsx': {
    file: 'assets/sidebar-1.js',
    src: 'src/sidebar.tsx',
    isDynamicEntry: true,
    imports: ['_vendor-1.js', '_shared-1.js'],
    dynamicImports: ['src/editor.tsx'],
  },
  'src/dashboard.tsx': {
    file: 'assets/dashboard-1.js',
    src: 'src/dashboard.tsx',
    isDynamicEntry: true,
    imports: ['_shared-1.js', '_vendor-1.js'],
    css: ['assets/dashboard-1.css'],
  },
  'src/editor.tsx': {
    file: 'assets/editor-1.js',
    src: 'src/editor.tsx',
    isDynamicEntry: true,
    imports: ['_vendor-1.js'],
  },
};

/** Gzip sizes the test decides, so the sums are checked by hand. */
const sizes: Record<string, number> = {
  'assets/index-1.js': 3_000,
  'assets/vendor-1.js': 100_000,
  'assets/shared-1.js': 10_000,
  'assets/sidebar-1.js': 20_000,
  'assets/dashboard-1.js': 40_000,
  'assets/editor-1.js': 15_000,
  'assets/index-1.css': 1_000,
  'assets/shared-1.css': 500,
  'assets/dashboard-1.css': 2_000,
};
const gzipSize = (file: string) => {
  const size = sizes[file];
  if (size === undefined) throw new Error(`no size for ${file}`);
  return size;
};

const sidebar: ClientPage = {
  name: 'sidebar',
  url: '/sidebar',
  modules: ['index.html', 'src/sidebar.tsx'],
  budgetBytes: 150_000,
};
const dashboard: ClientPage = {
  name: 'dashboard',
  url: '/',
  modules: ['index.html', 'src/dashboard.tsx'],
};

describe('firstLoadFiles', () => {
  it('follows static imports from each module, each chunk once, and never dynamic ones', () => {
    expect(firstLoadFiles(manifest, sidebar.modules)).toEqual({
      js: ['assets/index-1.js', 'assets/vendor-1.js', 'assets/sidebar-1.js', 'assets/shared-1.js'],
      css: ['assets/index-1.css', 'assets/shared-1.css'],
    });
  });

  it('refuses a module that is not a chunk of its own, rather than measure something else', () => {
    expect(() => firstLoadFiles(manifest, ['index.html', 'src/renamed.tsx'])).toThrow(
      /src\/renamed\.tsx is not a chunk of its own/,
    );
  });

  it('refuses a manifest whose imports name a chunk it does not list', () => {
    const broken: Manifest = { 'index.html': { file: 'a.js', imports: ['_missing.js'] } };
    expect(() => firstLoadFiles(broken, ['index.html'])).toThrow(
      /index\.html imports _missing\.js/,
    );
  });
});

describe('measurePages', () => {
  it('adds up the gzip size of each page’s first-load files', () => {
    const measured = measurePages(manifest, [sidebar, dashboard], gzipSize);
    expect(
      measured.map(({ page, jsFiles, jsGzipBytes, cssGzipBytes }) => [
        page.name,
        jsFiles,
        jsGzipBytes,
        cssGzipBytes,
      ]),
    ).toEqual([
      ['sidebar', 4, 133_000, 1_500],
      ['dashboard', 4, 153_000, 3_500],
    ]);
    // The dashboard has no budget: heavier than the sidebar's is fine.
    expect(overBudget(measured)).toEqual([]);
  });

  it('finds the page over its budget', () => {
    const tight = { ...sidebar, budgetBytes: 132_999 };
    const measured = measurePages(manifest, [tight, dashboard], gzipSize);
    expect(overBudget(measured).map(({ page }) => page.name)).toEqual(['sidebar']);
  });
});

describe('formatPageSizes', () => {
  it('prints one aligned line a page in kB, with the budget where there is one', () => {
    const tight = { ...sidebar, budgetBytes: 130_000 };
    expect(formatPageSizes(measurePages(manifest, [tight, dashboard], gzipSize))).toEqual([
      'sidebar    /sidebar  JS 133.00 kB gzip (4 files, budget 130.00 kB EXCEEDED); CSS 1.50 kB gzip',
      'dashboard  /         JS 153.00 kB gzip (4 files); CSS 3.50 kB gzip',
    ]);
  });
});

describe('CLIENT_PAGES', () => {
  it('holds the sidebar to 150 kB and measures each face from the HTML entry', () => {
    expect(CLIENT_PAGES.map(({ name, url }) => [name, url])).toEqual([
      ['sidebar', '/sidebar'],
      ['dashboard', '/'],
      ['playground', '/playground'],
    ]);
    expect(CLIENT_PAGES.find(({ name }) => name === 'sidebar')?.budgetBytes).toBe(150_000);
    for (const page of CLIENT_PAGES) expect(page.modules[0]).toBe('index.html');
  });
});
