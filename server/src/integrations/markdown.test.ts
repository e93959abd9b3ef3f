import { describe, expect, it } from 'vitest';
import {
  escapeMarkdown,
  inline,
  link,
  linkUrl,
  oneLine,
  quote,
  templateValue,
  truncate,
} from './markdown';

describe('truncate', () => {
  it('leaves a text within the limit as it is', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('', 1)).toBe('');
  });

  it('cuts to the limit with an ellipsis, counting code points', () => {
    expect(truncate('hello world', 6)).toBe('hello…');
    expect(truncate('abc', 1)).toBe('…');
    // Five emoji are ten UTF-16 units but five code points: within a limit of five.
    expect(truncate('😀😀😀😀😀', 5)).toBe('😀😀😀😀😀');
  });

  it('never splits an emoji into half a surrogate pair', () => {
    const cut = truncate('😀'.repeat(10), 4);
    expect(cut).toBe('😀😀😀…');
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(Array.from(truncate(`a${'😀'.repeat(100_000)}`, 998))).toHaveLength(998);
  });
});

describe('oneLine', () => {
  it('collapses every run of whitespace, line breaks included, and trims', () => {
    expect(oneLine('  one\n\ntwo\t three\r\n')).toBe('one two three');
  });
});

describe('escapeMarkdown', () => {
  it('escapes what opens emphasis, code, links, tables and strikethrough, and HTML', () => {
    expect(escapeMarkdown('*a* _b_ `c` [d](e) ~f~ |g| \\h <i>')).toBe(
      '\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\~f\\~ \\|g\\| \\\\h &lt;i>',
    );
  });
});

describe('inline', () => {
  it('makes one escaped line of the text, cut to the limit', () => {
    expect(inline('[x](javascript:alert(1))\n# Heading')).toBe(
      '\\[x\\](javascript:alert(1)) # Heading',
    );
    expect(inline('![pixel](https://evil.example/p.png)')).toBe(
      '!\\[pixel\\](https://evil.example/p.png)',
    );
    expect(inline('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)>');
    expect(inline('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(inline('dependabot[bot]')).toBe('dependabot\\[bot\\]');
  });

  it('cuts before escaping, so an escape is never cut in half', () => {
    expect(inline('ab_c', 3)).toBe('ab…');
    expect(inline('a_bc', 3)).toBe('a\\_…');
  });
});

describe('quote', () => {
  const limits = { maxChars: 1000, maxLines: 20 };
  const quoted = (body: string) => quote(body, limits);

  it('quotes every line, so nothing in the body ends the quote', () => {
    expect(quoted('one\r\n\r\n# two\n```')).toBe('> one\n>\n> # two\n> ```');
    expect(quoted('  \n ')).toBeUndefined();
    expect(quote(null, limits)).toBeUndefined();
  });

  it('escapes HTML', () => {
    expect(quoted('</script><img src=x onerror=alert(1)>')).toBe(
      '> &lt;/script>&lt;img src=x onerror=alert(1)>',
    );
  });

  it('turns images into text: no tracking pixel loads from a comment', () => {
    expect(quoted('look ![pixel](https://evil.example/p.png)')).toBe(
      '> look !\\[pixel](https://evil.example/p.png)',
    );
    expect(quoted('![ref]\n\n[ref]: https://evil.example/p.png')).toBe(
      '> !\\[ref]\n>\n> [ref]: https://evil.example/p.png',
    );
  });

  it('keeps web links, and turns links to anything else into text', () => {
    expect(quoted('see [the docs](https://example.com/a_(b)) and [http](HTTP://x.example)')).toBe(
      '> see [the docs](https://example.com/a_(b)) and [http](HTTP://x.example)',
    );
    expect(quoted('[x](javascript:alert(1)) [y]( javascript:alert(2)) [z](\nvbscript:x)')).toBe(
      '> [x\\](javascript:alert(1)) [y\\]( javascript:alert(2)) [z\\](\n> vbscript:x)',
    );
    // Every link of a line is looked at, not only the first.
    expect(quoted('[a](https://ok.example)[b](javascript:b)[c](data:text/html,x)')).toBe(
      '> [a](https://ok.example)[b\\](javascript:b)[c\\](data:text/html,x)',
    );
    // An entity or an angle-bracket destination is not a web link either.
    expect(quoted('[x](javascript&#58;alert(1)) [y](<javascript:alert(1)>)')).toBe(
      '> [x\\](javascript&#58;alert(1)) [y\\](&lt;javascript:alert(1)>)',
    );
  });

  it('turns a reference definition to anything but a web link into text', () => {
    expect(quoted('[x]\n\n[x]: javascript:alert(1)\n[y]:\n  data:text/html,x')).toBe(
      '> [x]\n>\n> [x\\]: javascript:alert(1)\n> [y\\]:\n>   data:text/html,x',
    );
    expect(quoted('[ok]: https://example.com')).toBe('> [ok]: https://example.com');
  });

  it('leaves a bracket the author escaped as it is', () => {
    expect(quoted('\\[x\\](javascript:alert(1))')).toBe('> \\[x\\](javascript:alert(1))');
    expect(quoted('\\\\[x](javascript:alert(1))')).toBe('> \\\\[x\\](javascript:alert(1))');
  });

  it('quotes at most the limits, ending a cut excerpt with an ellipsis', () => {
    expect(quote('a\nb\nc', { maxChars: 100, maxLines: 2 })).toBe('> a\n> b…');
    expect(quote('😀'.repeat(10), { maxChars: 4, maxLines: 2 })).toBe('> 😀😀😀…');
  });
});

describe('link', () => {
  it('percent-encodes what would end the destination', () => {
    expect(linkUrl('https://x.example/a (b)<c>\\d')).toBe(
      'https://x.example/a%20%28b%29%3Cc%3E%5Cd',
    );
    expect(link('label', 'https://x.example/) ![p](https://evil.example/p.png')).toBe(
      '[label](https://x.example/%29%20![p]%28https://evil.example/p.png)',
    );
  });
});

describe('templateValue', () => {
  it('escapes a value in text, keeping its lines', () => {
    expect(templateValue('*a* [b](javascript:c) <img src=x>\nline two', 'Text: ')).toBe(
      '\\*a\\* \\[b\\](javascript:c) &lt;img src=x>\nline two',
    );
  });

  it('escapes what would open a heading, quote or list at the start of a line', () => {
    expect(templateValue('# Heading\n> quote\n- item\n+ item\n12. item\n===', '')).toBe(
      '\\# Heading\n\\> quote\n\\- item\n\\+ item\n12\\. item\n\\===',
    );
    expect(templateValue('# not a heading mid-line', 'Title: ')).toBe('# not a heading mid-line');
    expect(templateValue('# Heading', 'Intro\n  ')).toBe('\\# Heading');
  });

  it('cannot make a link of the template’s own brackets', () => {
    expect(templateValue('(javascript:alert(1))', '[Details]')).toBe('\\(javascript:alert(1))');
    expect(templateValue(': javascript:alert(1)', '[Details]')).toBe('\\: javascript:alert(1)');
    expect(templateValue('(x)', '\\[Details\\]')).toBe('(x)');
  });

  it('keeps a web link in a link destination, percent-encoding what would end it', () => {
    expect(templateValue('https://status.example.com/incidents/inc_42', '[Details](')).toBe(
      'https://status.example.com/incidents/inc_42',
    );
    expect(templateValue('https://x.example/) ![p](https://evil.example/p.png)', '[a](')).toBe(
      'https://x.example/%29%20![p]%28https://evil.example/p.png%29',
    );
    expect(templateValue('mailto:ops@example.com', '[Mail]( ')).toBe('mailto:ops@example.com');
    expect(templateValue('a b', '[a](https://x.example/')).toBe('a%20b');
  });

  it('makes a destination that starts with any other scheme a harmless relative path', () => {
    expect(templateValue('javascript:alert(1)', '[Details](')).toBe('./javascript:alert%281%29');
    expect(templateValue('javascript&#58;alert(1)', '![i](')).toBe('./javascript&#58;alert%281%29');
    expect(templateValue(' javascript:x', '[a](')).toBe('./%20javascript:x');
    expect(templateValue('javascript:x', '<')).toBe('./javascript:x');
    expect(templateValue('https://ok.example/a>b', '<')).toBe('https://ok.example/a%3Eb');
    expect(templateValue('javascript:x', '[ref]: ')).toBe('./javascript:x');
    // Later in a destination the scheme is already written: the value is only encoded.
    expect(templateValue(':alert(1)', '[a](./javascript')).toBe(':alert%281%29');
    expect(templateValue('', '[a](')).toBe('');
  });
});
