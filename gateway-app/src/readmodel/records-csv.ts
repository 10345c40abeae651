import type { ReadModelQueries, RecordFilter, RecordSummary } from './read-model-queries';

/** UTF-8 byte order mark: Excel reads a CSV without it in the machine's legacy code page (Chinese garbled). */
export const BOM = '\uFEFF';

/** Rows read from the read model per query while exporting. */
const CHUNK = 500;

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would run as a formula (starting with = + - @, or a tab or
 * carriage return that some strip before looking) gets a leading apostrophe, so it stays text (OWASP CSV
 * injection). Objects and arrays are written as JSON.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** The CSV header of a record list: field names (stable, not translated). */
export function recordCsvHeader(columns: readonly string[]): string[] {
  return ['id', 'status', ...columns, 'revision', 'createdAt', 'updatedAt'];
}

/** The list's columns first (in their order), then every other detail field the rows have, by name. */
export function exportColumns(listColumns: readonly string[], detailFields: readonly string[]): string[] {
  return [...listColumns, ...detailFields.filter((f) => !listColumns.includes(f))];
}

function recordCsvRow(record: RecordSummary, columns: readonly string[]): unknown[] {
  return [
    record.id,
    record.status,
    ...columns.map((c) => record.details[c]),
    record.revision,
    record.createdAt,
    record.updatedAt,
  ];
}

/**
 * A filtered record list as CSV text chunks (BOM and header first), newest change first like the JSON list, with
 * the list's columns and then every other detail field,
 * read a chunk of rows at a time (the read model is never held in memory whole) and stopping after `limit` rows.
 */
export function* recordsCsv(
  queries: ReadModelQueries,
  filter: Omit<RecordFilter, 'pageSize' | 'bookmark'>,
  listColumns: readonly string[],
  limit: number,
): Generator<string> {
  const columns = exportColumns(listColumns, queries.detailFields(filter));
  yield BOM + csvLine(recordCsvHeader(columns));
  let bookmark = '';
  let written = 0;
  do {
    const page = queries.listRecords({ ...filter, pageSize: Math.min(CHUNK, limit - written), bookmark });
    yield page.items.map((record) => csvLine(recordCsvRow(record, columns))).join('');
    written += page.items.length;
    bookmark = page.bookmark;
  } while (bookmark && written < limit);
}
