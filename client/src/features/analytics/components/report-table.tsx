import { useId, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { downloadCsv, toCsv, type CsvCell } from '../utils/csv';

export interface Column<Row> {
  header: string;
  /** The raw value: what the CSV holds, and what the table shows unless `display` says otherwise. */
  value: (row: Row) => CsvCell;
  display?: (row: Row) => ReactNode;
  /** Right-aligned figures. */
  numeric?: boolean;
}

export interface ReportTableProps<Row> {
  title: string;
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string;
  /** Without the .csv extension. */
  fileName: string;
  empty: string;
  /** For links to this table (the chart points at the daily one). */
  id?: string;
}

const LONG_TABLE_ROWS = 31;

/** One section of a report: a titled table and its "Export CSV". */
export function ReportTable<Row>({
  title,
  rows,
  columns,
  rowKey,
  fileName,
  empty,
  id,
}: ReportTableProps<Row>) {
  const ownId = useId();
  const headingId = id ?? ownId;
  // A long table (a year by day) scrolls in its own box, its header kept in view.
  const long = rows.length > LONG_TABLE_ROWS;
  const exportCsv = () => {
    const header = columns.map((column) => column.header);
    const body = rows.map((row) => columns.map((column) => column.value(row)));
    downloadCsv(`${fileName}.csv`, toCsv([header, ...body]));
  };

  return (
    <section className="analytics-section" aria-labelledby={headingId}>
      <div className="analytics-section-head">
        <h3 id={headingId} tabIndex={-1}>
          {title}
        </h3>
        <Button
          variant="secondary"
          onClick={exportCsv}
          disabled={rows.length === 0}
          aria-label={`Export CSV: ${title}`}
        >
          Export CSV
        </Button>
      </div>
      {rows.length === 0 ? (
        <p className="analytics-muted">{empty}</p>
      ) : (
        <div
          className={
            long ? 'analytics-table-scroll analytics-table-long' : 'analytics-table-scroll'
          }
          // A box that scrolls must be reachable by keyboard to be scrolled.
          tabIndex={long ? 0 : undefined}
        >
          <table className="analytics-table" aria-labelledby={headingId}>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th
                    key={column.header}
                    scope="col"
                    className={column.numeric ? 'analytics-numeric' : undefined}
                  >
                    {column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((column, index) => {
                    const content = column.display ? column.display(row) : column.value(row);
                    const className = column.numeric ? 'analytics-numeric' : undefined;
                    // The first column names the row, for screen readers reading a cell.
                    return index === 0 ? (
                      <th key={column.header} scope="row" className={className}>
                        {content}
                      </th>
                    ) : (
                      <td key={column.header} className={className}>
                        {content}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
