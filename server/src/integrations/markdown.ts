/**
 * Text from a delivery inside the markdown of a post. Whoever holds a
 * provider's secret, and anyone who can type into what it reports (an issue
 * title, a billing name, a comment), writes part of a post: nothing they
 * write may become HTML, an image (a tracking pixel), a link to anything but
 * the web, or the post's own structure.
 */

/** The first `max - 1` code points of `text` when it has more than `max`; undefined otherwise. */
function cutPoints(text: string, max: number): string | undefined {
  // A code point is one or two UTF-16 units: a text no longer than `max` units fits.
  if (text.length <= max) return undefined;
  let count = 0;
  let end = 0;
  let cutAt = 0;
  for (const point of text) {
    count += 1;
    if (count === max) cutAt = end;
    else if (count > max) return text.slice(0, cutAt);
    end += point.length;
  }
  return undefined;
}

/** Cuts by code points, so an emoji is never split into half a surrogate pair. */
export function truncate(text: string, max: number): string {
  const cut = cutPoints(text, Math.max(1, max));
  return cut === undefined ? text : `${cut}…`;
}

/** Every run of whitespace, line breaks included, as one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The characters that would open emphasis, code, a link or image, a table
 * cell or strikethrough, escaped; `<` as an entity, so no raw HTML (an
 * `<img onerror>`, an autolink to `javascript:`) reaches the renderer.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]~|]/g, '\\$&').replace(/</g, '&lt;');
}

/**
 * Text from the payload inside a markdown line: one line, cut to `max`, and
 * escaped, so a title like `[x](javascript:…)` or a login like
 * `dependabot[bot]` reads as written.
 */
export function inline(text: string, max = 300): string {
  return escapeMarkdown(truncate(oneLine(text), max));
}

/** A link's destination or an autolink that is a web (or mail) link, whatever its case. */
const SAFE_DESTINATION = /^(?:https?:\/\/|mailto:)/i;
const WEB_DESTINATION = /^https?:\/\//i;

/**
 * Markdown written by someone else, kept as markdown but disarmed: `<` as an
 * entity (no HTML, no autolinks), images as text, and every link or link
 * definition whose target is not http(s) as text. A web link stays a link:
 * a comment's reference to the docs is worth a click.
 */
function disarm(markdown: string): string {
  return (
    markdown
      .replace(/</g, '&lt;')
      // `![` opens an image (inline or by reference); `!\[` is the same text and no image.
      .replace(/!\[/g, '!\\[')
      // A `]` followed by `(` (a link) or `:` (a definition) closes a link's
      // text; unless its target is a web link, it is escaped and the link is
      // text. The target is looked at, not consumed: every link of a line is checked.
      .replace(
        /(\\*)\](?=([(:])\s*(\S*))/g,
        (match, slashes: string, _opener: string, target: string) =>
          slashes.length % 2 === 1 || WEB_DESTINATION.test(target) ? match : `${slashes}\\]`,
      )
  );
}

/**
 * A body as a quote of at most `maxLines` lines and `maxChars` characters.
 * Every line carries its own `> `, so nothing in the body (a blank line, a
 * fence, a heading) ends the quote and reads as our text; what is left of its
 * markdown is disarmed (see `disarm`).
 */
export function quote(
  body: string | null | undefined,
  limits: { maxChars: number; maxLines: number },
): string | undefined {
  const normalised = (body ?? '').replace(/\r\n?/g, '\n').trim();
  if (!normalised) return undefined;
  const lines = normalised.split('\n', limits.maxLines + 1);
  let excerpt = lines.slice(0, limits.maxLines).join('\n');
  let cut = lines.length > limits.maxLines;
  const short = cutPoints(excerpt, limits.maxChars);
  if (short !== undefined) {
    excerpt = short;
    cut = true;
  }
  if (cut) excerpt = `${excerpt.trimEnd()}…`;
  return disarm(excerpt)
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

/**
 * A URL inside `(...)` or `<...>`: what would end the destination, or be read
 * as an escape, is percent-encoded.
 */
export function linkUrl(url: string): string {
  return url.replace(/[\s\p{Cc}()<>\\]/gu, (character) => {
    const code = character.charCodeAt(0);
    // encodeURIComponent leaves `(` and `)` as they are.
    return code < 0x80
      ? `%${code.toString(16).toUpperCase().padStart(2, '0')}`
      : encodeURIComponent(character);
  });
}

/** `[label](url)`; `label` is markdown already (escape payload text with `inline`). */
export function link(label: string, url: string): string {
  return `[${label}](${linkUrl(url)})`;
}

function isEscaped(text: string, index: number): boolean {
  let slashes = 0;
  while (index - slashes > 0 && text[index - slashes - 1] === '\\') slashes += 1;
  return slashes % 2 === 1;
}

/**
 * Whether the end of `before` is inside a URL the template writes: a link
 * or image destination `](…`, an autolink `<…`, or a definition `[ref]: …`;
 * and if so, whether nothing of that URL is written yet.
 */
function urlContext(before: string): { atStart: boolean } | undefined {
  let start = before.length;
  while (start > 0 && !/[\s()<>]/.test(before[start - 1] ?? '')) start -= 1;
  const atStart = start === before.length;
  if (before[start - 1] === '<' && !isEscaped(before, start - 1)) return { atStart };
  let open = start;
  while (open > 0 && /\s/.test(before[open - 1] ?? '')) open -= 1;
  if (before[open - 1] === '(' && before[open - 2] === ']' && !isEscaped(before, open - 2)) {
    return { atStart };
  }
  const line = before.slice(before.lastIndexOf('\n', open - 1) + 1, open);
  if (/^ {0,3}\[(?:[^\\\]]|\\.)+\]:$/.test(line)) return { atStart };
  return undefined;
}

/**
 * A value from the payload where a markdown template puts it; `before` is the
 * markdown rendered up to it. The template is the admin's markdown, the
 * values are the sender's text:
 * - in text, the value is escaped (see `escapeMarkdown`), and what would
 *   open a heading, quote or list at the start of a line too; its line
 *   breaks are kept, since a template may show a multi-line message;
 * - in a URL the template writes (`[Details]({{url}})`, `<{{url}}>`), the
 *   value is percent-encoded where it would end the URL, and a URL that
 *   would start with a scheme other than http(s) or mailto (`javascript:`)
 *   is made a relative path, `./javascript:…`, which runs nothing.
 */
export function templateValue(value: string, before: string): string {
  const url = urlContext(before);
  if (url) {
    const encoded = linkUrl(value);
    return url.atStart && encoded && !SAFE_DESTINATION.test(encoded) ? `./${encoded}` : encoded;
  }
  let text = escapeMarkdown(value)
    .replace(/(\n[ \t]*)([#>+=-])/g, '$1\\$2')
    .replace(/(\n[ \t]*\d+)([.)])/g, '$1\\$2');
  if (/(?:^|\n)[ \t]*$/.test(before)) {
    text = text.replace(/^([ \t]*)([#>+=-])/, '$1\\$2').replace(/^([ \t]*\d+)([.)])/, '$1\\$2');
  }
  // After the template's own `]`, a value starting `(` or `:` would make its brackets a link.
  const afterBracket = before.endsWith(']') && !isEscaped(before, before.length - 1);
  return afterBracket && /^[(:]/.test(text) ? `\\${text}` : text;
}
