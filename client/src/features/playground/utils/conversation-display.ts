import type { Conversation } from '@crm/shared/missive/conversations';

/**
 * How the playground's list names a conversation, as Missive does: its
 * subject, else the latest message's; SMS and WhatsApp threads have neither,
 * so they go by who wrote (name, else phone number).
 */
export function conversationTitle(conversation: Conversation): string {
  const author = conversation.authors[0];
  const candidates = [
    conversation.subject,
    conversation.latest_message_subject,
    author?.name,
    author?.phone_number,
    author?.address,
  ];
  return candidates.map((value) => value?.trim()).find(Boolean) ?? '(no subject)';
}

/** The people who wrote, for the second line of a row. */
export function conversationAuthors(conversation: Conversation): string {
  const names = conversation.authors
    .map((author) => (author.name ?? author.address ?? author.phone_number ?? '').trim())
    .filter(Boolean);
  return [...new Set(names)].join(', ');
}

/** A Unix timestamp (seconds) as a list shows it: the time today, else the date. */
export function formatActivity(seconds: number, now = new Date()): string {
  const date = new Date(seconds * 1000);
  if (date.toDateString() === now.toDateString()) {
    return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  }
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/** A Unix timestamp (seconds) in full, for a message header. */
export function formatFullDate(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}
