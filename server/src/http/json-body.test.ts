import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, refuseDeepJson } from './json-body';

const nested = (depth: number, open = '[', close = ']') =>
  Buffer.from(`${open.repeat(depth)}${close.repeat(depth)}`);

describe('refuseDeepJson', () => {
  it('lets a body nested up to the limit through', () => {
    expect(() => {
      refuseDeepJson(nested(MAX_JSON_DEPTH));
    }).not.toThrow();
    expect(() => {
      refuseDeepJson(Buffer.from('{"a":[{"b":{"c":[1,2,{"d":null}]}}]}'));
    }).not.toThrow();
  });

  it('refuses one level more, arrays or objects alike', () => {
    expect(() => {
      refuseDeepJson(nested(MAX_JSON_DEPTH + 1));
    }).toThrow(/nested deeper than 64/);
    const objects = `${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`;
    expect(() => {
      refuseDeepJson(Buffer.from(objects));
    }).toThrow(/nested/);
  });

  it('counts no bracket inside a string, escaped quotes included', () => {
    const text = JSON.stringify({ note: `\\" ${'['.repeat(1000)}`, more: '{{{{' });
    expect(() => {
      refuseDeepJson(Buffer.from(text));
    }).not.toThrow();
  });
});
