import { createElement, useMemo, type ReactNode } from 'react';
import { splitAtPlaceholders } from '../utils/template-variables';
import { safeLink } from '@/lib/safe-link';

/**
 * A canned response's HTML, shown without ever handing HTML to the page.
 * The body is parsed into an inert document (DOMParser runs no script and
 * loads nothing) and rebuilt as React elements from an allowlist of tags
 * with no attributes but a checked link target: no handler, style, image or
 * frame survives. Placeholders still in the text are marked.
 */

/** Each kept tag and what it becomes; headings and tables are flattened so the page's outline and nesting stay valid. */
const KEPT: Readonly<Record<string, string>> = {
  P: 'p',
  DIV: 'div',
  SPAN: 'span',
  B: 'strong',
  STRONG: 'strong',
  I: 'em',
  EM: 'em',
  U: 'u',
  S: 's',
  STRIKE: 's',
  DEL: 's',
  SUB: 'sub',
  SUP: 'sup',
  UL: 'ul',
  OL: 'ol',
  LI: 'li',
  BLOCKQUOTE: 'blockquote',
  PRE: 'pre',
  CODE: 'code',
  H1: 'p',
  H2: 'p',
  H3: 'p',
  H4: 'p',
  H5: 'p',
  H6: 'p',
  TABLE: 'div',
  THEAD: 'div',
  TBODY: 'div',
  TFOOT: 'div',
  TR: 'div',
  TD: 'span',
  TH: 'span',
};
const EMPTY: Readonly<Record<string, string>> = { BR: 'br', HR: 'hr' };
/** Dropped with everything inside; any other unknown tag keeps its text only. */
const DROPPED = new Set([
  'SCRIPT',
  'STYLE',
  'TEMPLATE',
  'NOSCRIPT',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'SVG',
  'MATH',
  'FORM',
  'BUTTON',
  'SELECT',
  'TEXTAREA',
]);

/** Text with every placeholder still in it marked. */
export function MarkedText({ text }: { text: string }) {
  return marked(text, 'text');
}

function marked(value: string, key: string): ReactNode {
  const parts = splitAtPlaceholders(value);
  if (!parts.some((part) => part.placeholder)) return value;
  return (
    <span key={key}>
      {parts.map((part, index) =>
        part.placeholder ? (
          <mark key={index} className="drafts-placeholder">
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </span>
  );
}

function convert(node: Node, key: string): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return marked(node.textContent ?? '', key);
  if (!(node instanceof Element) || DROPPED.has(node.tagName)) return null;
  const empty = EMPTY[node.tagName];
  if (empty) return createElement(empty, { key });
  if (node.tagName === 'IMG') {
    const alt = node.getAttribute('alt');
    return (
      <span key={key} className="drafts-muted">
        {alt ? `[image: ${alt}]` : '[image]'}
      </span>
    );
  }
  const children = convertAll(node, key);
  if (node.tagName === 'A') {
    const href = safeLink(node.getAttribute('href'));
    return href ? (
      <a key={key} href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span key={key}>{children}</span>
    );
  }
  const tag = KEPT[node.tagName];
  return tag ? createElement(tag, { key }, ...children) : <span key={key}>{children}</span>;
}

function convertAll(parent: Node, prefix: string): ReactNode[] {
  return [...parent.childNodes].map((child, index) => convert(child, `${prefix}.${index}`));
}

export function SafeHtml({ html, className }: { html: string; className?: string }) {
  const content = useMemo(() => {
    const document = new DOMParser().parseFromString(html, 'text/html');
    return convertAll(document.body, 'n');
  }, [html]);
  return <div className={className}>{content}</div>;
}
