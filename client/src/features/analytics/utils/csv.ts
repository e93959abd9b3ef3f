/**
 * Report tables as CSV (RFC 4180): comma-separated, CRLF line ends, a field
 * quoted when it holds a comma, a quote, a line break or edge spaces, its
 * quotes doubled.
 */

export type CsvCell = string | number | boolean | null | undefined;

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(toField).join(',')).join('\r\n') + (rows.length ? '\r\n' : '');
}

// A spreadsheet runs a cell that starts like a formula. Names and labels
// come from Missive and anyone can choose them, so text that would start a
// formula is prefixed with an apostrophe (OWASP's advice); numbers are left alone.
const FORMULA_START = /^[=+\-@\t\r]/;

function toField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : String(cell);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Saves CSV text as a file; the byte-order mark makes spreadsheets read it as UTF-8. */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the click; the object URL is no longer needed.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}
