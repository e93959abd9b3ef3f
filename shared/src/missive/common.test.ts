import { describe, expect, it } from 'vitest';
import { describeZodError } from '../errors';
import { linkUrlSchema, urlSchema } from './common';

function refusal(value: string): string {
  const result = linkUrlSchema.safeParse(value);
  if (result.success) throw new Error(`${JSON.stringify(value)} was accepted`);
  return describeZodError(result.error);
}

describe('linkUrlSchema', () => {
  it('accepts web, mail and phone links', () => {
    for (const url of [
      'https://example.com/',
      'http://example.com/a?b=c',
      'HTTPS://EXAMPLE.COM/',
      'mailto:ada@example.com',
      'tel:+15145550199',
    ])
      expect(linkUrlSchema.safeParse(url).success, url).toBe(true);
  });

  it.each([
    ['javascript:alert(1)', 'javascript:'],
    [' JaVaScript:alert(1)', 'javascript:'],
    ['\u0001\u0000javascript:alert(1)', 'javascript:'],
    ['\u00a0javascript:alert(1)', 'javascript:'],
    ['java\tscr\nipt:alert(1)', 'javascript:'],
    ['data:text/html,<script>alert(1)</script>', 'data:'],
    ['VBScript:MsgBox(1)', 'vbscript:'],
    ['file:///etc/passwd', 'file:'],
    ['missive://mail.missiveapp.com/', 'missive:'],
  ])('refuses %j, naming its scheme %s', (url, scheme) => {
    expect(refusal(url)).toBe(
      `"${scheme}" URLs are refused: only http:, https:, mailto:, tel: are accepted`,
    );
  });

  it('says "must be a URL" for what is no URL at all', () => {
    for (const value of ['example.com', 'https://', ''])
      expect(refusal(value)).toBe('must be a URL such as "https://example.com/"');
  });
});

describe('urlSchema', () => {
  it('takes any scheme, as Missive does: the scheme rule is this product’s', () => {
    expect(urlSchema.safeParse('javascript:alert(1)').success).toBe(true);
    expect(urlSchema.safeParse('example.com').success).toBe(false);
  });
});
