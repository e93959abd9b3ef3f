import { describe, expect, it } from 'vitest';
import { ftsQuery, searchTokens, tsQuery, tsVector } from './contact-search';
import { describeContactSearch } from './contact-search-suite';
import { sqliteEngine } from './test-engines';

/** How a search box's text becomes each engine's query, and the search itself on SQLite. */

describe('ftsQuery', () => {
  it('makes each word between spaces a quoted prefix, all of them required', () => {
    expect(ftsQuery('  ann   ber ')).toBe('"ann"* "ber"*');
  });

  it("keeps a word FTS5 splits into tokens whole, so it reads as a phrase: O'Brien is no o*", () => {
    expect(ftsQuery("O'Brien jean-luc")).toBe('"O\'Brien"* "jean-luc"*');
  });

  it('leaves FTS5 syntax as text: quotes doubled, words without a letter or digit dropped', () => {
    expect(ftsQuery('say "hi" - ( : NEAR')).toBe('"say"* """hi"""* "NEAR"*');
    expect(ftsQuery(' - ( : ')).toBeUndefined();
    expect(ftsQuery('')).toBeUndefined();
  });

  it('reads at most 16 words', () => {
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`);
    expect(ftsQuery(words.join(' '))).toBe(
      words
        .slice(0, 16)
        .map((word) => `"${word}"*`)
        .join(' '),
    );
  });
});

describe("PostgreSQL's query and vector, tokenized as FTS5's unicode61 does", () => {
  it('splits at anything but letters and digits, lower-cased, accents removed', () => {
    expect(searchTokens("Anna Bergström anna@parcelwise.com O'Brien jean-luc ÉCOLE 42b")).toEqual([
      'anna',
      'bergstrom',
      'anna',
      'parcelwise',
      'com',
      'o',
      'brien',
      'jean',
      'luc',
      'ecole',
      '42b',
    ]);
  });

  it('reads each word as a phrase of its tokens, the last a prefix, all words required', () => {
    expect(tsQuery("ann o'b  jean-l")).toBe("'ann':* & 'o' <-> 'b':* & 'jean' <-> 'l':*");
    expect(tsQuery('say "hi" - ( : NEAR')).toBe("'say':* & 'hi':* & 'near':*");
    expect(tsQuery(' - ( : ')).toBeUndefined();
  });

  it('keeps each token with its positions, so phrases match side by side only', () => {
    expect(tsVector('Anna Bergström anna@x')).toBe("'anna':1,3 'bergstrom':2 'x':4");
    expect(tsVector('')).toBe('');
  });
});

describeContactSearch(sqliteEngine);
