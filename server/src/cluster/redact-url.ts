/**
 * A Redis or database URL with its password masked, for messages, logs and
 * the start-up banner; never the text itself when it does not parse, since it
 * may still hold a password.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(a URL that does not parse)';
  }
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
