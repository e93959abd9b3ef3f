import { describe, expect, it } from 'vitest';

/**
 * Every source file of the client, as text. Tests are left out: a test may
 * name a helper of its own as it likes.
 */
const sources = import.meta.glob<string>(['./**/*.{ts,tsx}', '!./**/*.test.{ts,tsx}'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Names a file imports: passing one on (`export { x }`) defines nothing new. */
function importedNames(text: string): Set<string> {
  return new Set(
    [...text.matchAll(/^import\s+(?:type\s+)?\{([^}]*)\}/gm)].flatMap((match) =>
      (match[1] ?? '').split(',').map(
        (part) =>
          part
            .trim()
            .split(/\s+as\s+/)
            .at(-1) ?? '',
      ),
    ),
  );
}

/** What a file defines and exports: `export function x`, `export const x`, `export interface X`… and `export { x }` lists of its own. */
function exportedNames(text: string): string[] {
  const imported = importedNames(text);
  const declared = [
    ...text.matchAll(
      /^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([A-Za-z0-9_$]+)/gm,
    ),
  ].map((match) => match[1] ?? '');
  const listed = [...text.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}(?!\s*from)/gm)].flatMap(
    (match) =>
      (match[1] ?? '')
        .split(',')
        .map(
          (part) =>
            part
              .trim()
              .split(/\s+as\s+/)
              .at(-1) ?? '',
        )
        .filter((name) => name !== '' && !imported.has(name.replace(/^type\s+/, ''))),
  );
  // Overloads repeat a function's name in its own file: one export.
  return [...new Set([...declared, ...listed])];
}

describe('the client’s organisation', () => {
  it('reads the source tree', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(100);
  });

  it('defines no exported name twice: one thing, one name, one place', () => {
    const places = new Map<string, string[]>();
    for (const [file, text] of Object.entries(sources)) {
      for (const name of exportedNames(text)) places.set(name, [...(places.get(name) ?? []), file]);
    }
    const twice = [...places].filter(([, files]) => files.length > 1);
    expect(Object.fromEntries(twice)).toEqual({});
  });
});
