import type { Conversation } from '@crm/shared/missive/conversations';

/**
 * Display helpers for the conversation views. Missive times are Unix
 * seconds; the sidebar is narrow, so a time shows as little as tells it
 * apart: the hour today, the day this year, the full date before that.
 */

export function toIsoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

export function formatShortTime(seconds: number, now: Date = new Date()): string {
  const date = new Date(seconds * 1000);
  if (date.toDateString() === now.toDateString()) {
    return date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  }
  if (date.getFullYear() === now.getFullYear()) {
    return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  }
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

export function formatFullTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** "1 message", "3 messages". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * Markdown as the text a reader sees: no markers, links reduced to their
 * text. Shown as text, never as HTML, so nothing in a post can inject markup.
 */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n?/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)/gm, '')
    .replace(/(\*\*|__|~~)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .trim();
}

export function conversationSubject(conversation: Conversation): string {
  return conversation.subject ?? conversation.latest_message_subject ?? '(no subject)';
}
