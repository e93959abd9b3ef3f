import fc from 'fast-check';

/**
 * Hostile variants of a provider's real payload, for the property tests of
 * the integration modules: any one string, at any depth, replaced by what a
 * sender holding the secret could sign.
 */

export type JsonPath = (string | number)[];

/** The path of every string in `value`, at any depth. */
export function stringPaths(value: unknown, path: JsonPath = []): JsonPath[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value))
    return value.flatMap((item, index) => stringPaths(item, [...path, index]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...path, key]));
  }
  return [];
}

/** A copy of `value` with the string at `path` replaced. */
export function replaceAt(value: unknown, path: JsonPath, replacement: string): unknown {
  const copy: unknown = structuredClone(value);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path.at(-1) ?? ''] = replacement;
  return copy;
}

/**
 * Strings a hostile sender could sign: odd unicode, markup, up to 200,000
 * characters, and `known` values the module gives a meaning (a state, a
 * currency). `longUrl`: a URL of the provider's own that grows to that length.
 */
export function hostileString(known: readonly string[], longUrl?: string): fc.Arbitrary<string> {
  const long = fc
    .tuple(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
      fc.integer({ min: 999, max: 200_000 }),
    )
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
  const arbitraries = [
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\ud800',
      '😀',
      '<img src=x onerror=alert(1)>',
      '![pixel](https://evil.example/p.png)',
      '[x](javascript:alert(1))',
      '# Heading\n\n> quote\n```',
      'javascript:alert(1)',
      ...known,
    ),
    long,
  ];
  if (longUrl !== undefined) {
    arbitraries.push(
      fc.integer({ min: 999, max: 200_000 }).map((length) => `${longUrl}${'x'.repeat(length)}`),
    );
  }
  return fc.oneof(...arbitraries);
}

/**
 * Cases over every string of every body, the fields the module reads drawn
 * three times as often as the hundreds it never looks at.
 */
export function weightedCases<T extends { path: JsonPath }>(
  cases: readonly T[],
  read: ReadonlySet<string>,
): fc.Arbitrary<T> {
  const readCases = cases.filter(({ path }) => read.has(String(path.at(-1))));
  return fc.oneof(
    { arbitrary: fc.constantFrom(...readCases), weight: 3 },
    { arbitrary: fc.constantFrom(...cases), weight: 1 },
  );
}
