import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it('keeps the text with line breaks for blocks and <br>', () => {
    expect(htmlToText('<p>Hello Ada,</p><p>Thanks!<br>Bob</p>')).toBe('Hello Ada,\n\nThanks!\nBob');
  });

  it('drops scripts, styles and markup, and runs nothing', () => {
    const text = htmlToText(
      '<style>p{color:red}</style><script>window.__pwned = true</script><img src=x onerror="window.__pwned = true"><b>Bold</b> move',
    );
    expect(text).toBe('Bold move');
    expect('__pwned' in window).toBe(false);
  });

  it('collapses source whitespace', () => {
    expect(htmlToText('<div>\n  one\n  two  </div>')).toBe('one two');
  });

  it('passes plain text through', () => {
    expect(htmlToText('Just text & more')).toBe('Just text & more');
  });
});
