/**
 * `{{path.to.field}}` variables, as a generic provider's template uses them:
 * read from the delivery's JSON body, never evaluated. A template is written
 * by an admin but the body comes from whoever holds the secret, so a path can
 * only walk the body's own fields: no code, no inherited properties.
 */

// Braces inside a variable are refused so that `{{ {{a}} }}` and a lone `{{`
// stay text instead of swallowing the rest of the template.
const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

// Own properties only already keeps out Object.prototype; these names are
// refused too because JSON.parse makes `"__proto__": …` an own property, and
// a template that reads them is a probe, not a post.
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` (`a.b.0.c`) in `data`, undefined when any step is missing. */
export function readPath(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const segment of path.split('.')) {
    if (segment === '' || FORBIDDEN_SEGMENTS.has(segment)) return undefined;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (isRecord(current)) {
      current = Object.hasOwn(current, segment) ? current[segment] : undefined;
    } else {
      return undefined;
    }
    if (current === undefined) return undefined;
  }
  return current;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Only JSON reaches here (objects and arrays): show it rather than "[object Object]".
  return JSON.stringify(value);
}

/**
 * `template` with each `{{ path }}` replaced by the text of that field of
 * `data`; a path that reads nothing renders as the empty string. `escape`
 * makes a value fit where it lands (markdown escapes text, encodes a URL):
 * it gets the value and everything rendered before it.
 */
export function renderTemplate(
  template: string,
  data: unknown,
  escape: (value: string, before: string) => string = (value) => value,
): string {
  let rendered = '';
  let end = 0;
  for (const match of template.matchAll(VARIABLE)) {
    rendered += template.slice(end, match.index);
    rendered += escape(asText(readPath(data, match[1] ?? '')), rendered);
    end = match.index + match[0].length;
  }
  return rendered + template.slice(end);
}
