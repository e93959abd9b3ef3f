import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { endpointNames } from '@crm/shared/missive/endpoints';

/**
 * A guard for the table growing: an endpoint added to it without a success
 * call in this suite fails here. `call` is the helper that insists on a 2xx
 * answer and parses it with the endpoint's response schema, so each name
 * found below is one whose documented success shape the suite checks.
 */
const directory = new URL('.', import.meta.url);
const sources = readdirSync(directory)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => readFileSync(new URL(file, directory), 'utf8'))
  .join('\n');
const called = new Set(
  [...sources.matchAll(/\bcall\(\s*[\w.]+,\s*'(\w+)'/g)].map((match) => match[1]),
);

describe('the contract suite', () => {
  it.each(endpointNames)('calls %s successfully somewhere', (name) => {
    expect(called.has(name)).toBe(true);
  });
});
