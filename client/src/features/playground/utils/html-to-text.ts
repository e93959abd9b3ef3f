/**
 * Message bodies are HTML written by strangers. The playground never puts
 * them into the page as HTML: it parses them into an inert document
 * (DOMParser runs no script and loads nothing) and keeps only the text,
 * with line breaks where blocks and <br> were.
 */

const BLOCKS = new Set([
  'ADDRESS',
  'ARTICLE',
  'BLOCKQUOTE',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TR',
  'UL',
]);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'HEAD', 'NOSCRIPT']);

export function htmlToText(html: string): string {
  const document = new DOMParser().parseFromString(html, 'text/html');
  const parts: string[] = [];
  walk(document.body, parts);
  return parts
    .join('')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function walk(node: Node, parts: string[]): void {
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      // Source line breaks are layout, not content, as a browser renders them.
      parts.push((child.textContent ?? '').replace(/\s+/g, ' '));
    } else if (child instanceof Element) {
      if (SKIPPED.has(child.tagName)) continue;
      if (child.tagName === 'BR') {
        parts.push('\n');
        continue;
      }
      const block = BLOCKS.has(child.tagName);
      if (block) parts.push('\n');
      walk(child, parts);
      if (block) parts.push('\n');
    }
  }
}
