/**
 * Canned responses carry `{{first_name}}`-style variables. They are filled
 * from the contact and the agent; anything that cannot be filled is left
 * exactly as written, so it stays visible, and is reported so the agent
 * fixes it before the customer sees a raw placeholder.
 */

/** Who the reply is to, as far as the CRM knows. */
export interface ReplyContact {
  first_name?: string | null;
  last_name?: string | null;
  company?: string | null;
}

export const knownVariables = [
  'first_name',
  'last_name',
  'full_name',
  'company',
  'agent_name',
] as const;
export type KnownVariable = (typeof knownVariables)[number];
export type VariableValues = Record<KnownVariable, string | null>;

export interface UnfilledVariable {
  /** As written in the text, e.g. `{{ order_id }}`. */
  placeholder: string;
  reason: 'unknown' | 'no-value';
}

const placeholderPattern = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

export function variableValues(
  contact: ReplyContact | null,
  agentName: string | null,
): VariableValues {
  const first = present(contact?.first_name);
  const last = present(contact?.last_name);
  return {
    first_name: first,
    last_name: last,
    full_name: present([first, last].filter(Boolean).join(' ')),
    company: present(contact?.company),
    agent_name: present(agentName),
  };
}

/** Replaces every variable that has a value; leaves the others untouched. */
export function fillVariables(text: string, values: VariableValues): string {
  return text.replace(placeholderPattern, (placeholder, name: string) => {
    const value = isKnown(name) ? values[name] : null;
    return value ?? placeholder;
  });
}

/** The placeholders still in a text, each once, with why they were not filled. */
export function findUnfilled(text: string): UnfilledVariable[] {
  const seen = new Map<string, UnfilledVariable>();
  for (const [placeholder, name = ''] of text.matchAll(placeholderPattern)) {
    if (seen.has(placeholder)) continue;
    seen.set(placeholder, { placeholder, reason: isKnown(name) ? 'no-value' : 'unknown' });
  }
  return [...seen.values()];
}

/** The text cut around each placeholder, so a preview can mark the ones left. */
export function splitAtPlaceholders(text: string): { text: string; placeholder: boolean }[] {
  const parts: { text: string; placeholder: boolean }[] = [];
  let at = 0;
  for (const match of text.matchAll(placeholderPattern)) {
    if (match.index > at) parts.push({ text: text.slice(at, match.index), placeholder: false });
    parts.push({ text: match[0], placeholder: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), placeholder: false });
  return parts;
}

function isKnown(name: string): name is KnownVariable {
  return knownVariables.some((known) => known === name);
}

function present(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
