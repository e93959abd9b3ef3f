import { describe, expect, it } from 'vitest';
import { safeLink } from './safe-link';

describe('safeLink', () => {
  it.each([
    ['https://example.com/a?b=1', 'https://example.com/a?b=1'],
    ['http://example.com', 'http://example.com/'],
    ['mailto:ada@example.com', 'mailto:ada@example.com'],
    ['tel:+15145550100', 'tel:+15145550100'],
  ])('keeps %s a link', (href, expected) => {
    expect(safeLink(href)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'file:///etc/passwd',
    'example.com',
    '',
    null,
    undefined,
  ])('leaves %s as text', (href) => {
    expect(safeLink(href)).toBeNull();
  });
});
