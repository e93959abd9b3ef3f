import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('joins fields with commas and rows with CRLF, ending with a line break', () => {
    expect(
      toCsv([
        ['Date', 'Received', 'Sent'],
        ['2024-01-01', 12, 7],
      ]),
    ).toBe('Date,Received,Sent\r\n2024-01-01,12,7\r\n');
  });

  it('quotes fields holding commas, quotes or line breaks, doubling the quotes', () => {
    expect(toCsv([['Acme, Inc.', 'Say "hi"', 'two\nlines', 'cr\rlf', 'plain']])).toBe(
      '"Acme, Inc.","Say ""hi""","two\nlines","cr\rlf",plain\r\n',
    );
  });

  it('quotes fields with leading or trailing spaces, which spreadsheets would trim', () => {
    expect(toCsv([[' padded', 'trailing ', 'inner space']])).toBe(
      '" padded","trailing ",inner space\r\n',
    );
  });

  it('writes empty fields for null and undefined and keeps numbers as they are', () => {
    expect(toCsv([[null, undefined, 0, -3, 1.5, Number.NaN, true]])).toBe(',,0,-3,1.5,,true\r\n');
  });

  it('defuses text that a spreadsheet would run as a formula', () => {
    expect(toCsv([['=SUM(A1:A9)', '+1', '-x', '@cmd', 'safe=text']])).toBe(
      "'=SUM(A1:A9),'+1,'-x,'@cmd,safe=text\r\n",
    );
    expect(toCsv([['=HYPERLINK("x","y")']])).toBe('"\'=HYPERLINK(""x"",""y"")"\r\n');
  });

  it('is empty for no rows', () => {
    expect(toCsv([])).toBe('');
  });
});
