import { linkSchemes } from '@crm/shared/missive/common';

/**
 * The link schemes a person may follow from the sidebar: web pages, mail and
 * calls. Contact infos and drafts are written by anyone (in Missive, through
 * the API); a `javascript:` or `data:` URL among them would run or show
 * someone else's content in the agent's session, so it stays plain text.
 */
const FOLLOWABLE: ReadonlySet<string> = new Set(linkSchemes);

/** The URL, normalised, when it may be a link; null when it must stay text. */
export function safeLink(href: string | null | undefined): string | null {
  if (!href) return null;
  try {
    const url = new URL(href.trim());
    return FOLLOWABLE.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}
