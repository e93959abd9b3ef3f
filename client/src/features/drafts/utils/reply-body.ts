/** Someone the reply goes to, as the conversation names them. */
export interface ReplyRecipient {
  address: string;
  name: string | null;
}

/**
 * The To field as text: addresses separated by commas. Names are not shown
 * (a name may hold a comma) but kept for the addresses that had one, and
 * `Name <address>` may be typed for a new recipient.
 */
export function recipientsToText(recipients: readonly ReplyRecipient[]): string {
  return recipients.map((recipient) => recipient.address).join(', ');
}

export function textToRecipients(
  text: string,
  known: readonly ReplyRecipient[],
): { address: string; name?: string }[] {
  const names = new Map(
    known.flatMap((recipient) =>
      recipient.name ? [[recipient.address.toLowerCase(), recipient.name] as const] : [],
    ),
  );
  return text
    .split(/[,;\n]+/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const named = /^(.*?)\s*<([^<>]+)>$/.exec(part);
      const address = (named?.[2] ?? part).trim();
      const name = named?.[1]?.trim().replace(/^"|"$/g, '') || names.get(address.toLowerCase());
      return name ? { address, name } : { address };
    });
}

// The tags canned responses and pasted mail are made of; "<attached>" in
// plain text is not one of them.
const htmlTag =
  /<\/?(?:p|br|div|span|a|b|i|u|s|em|strong|ul|ol|li|h[1-6]|blockquote|pre|code|table|tr|td|th|img|hr)\b[^>]*>/i;

/**
 * Missive takes HTML. A canned response already is; text typed here is
 * escaped and its line breaks kept.
 */
export function toHtml(body: string): string {
  if (htmlTag.test(body)) return body;
  return body
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\n', '<br>');
}

/** "Re: " once, as mail clients do; nothing for an empty subject. */
export function replySubject(subject: string | null): string {
  if (!subject?.trim()) return '';
  return /^re:/i.test(subject.trim()) ? subject.trim() : `Re: ${subject.trim()}`;
}
