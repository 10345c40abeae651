import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** The columns a CSV file must have and may have. */
export interface CsvColumns {
  readonly required: readonly string[];
  readonly optional?: readonly string[];
}

/** What the columns are, in words: `title, applicantName (optional: onBehalfOf)`. */
export function describeColumns(columns: CsvColumns): string {
  const optional = columns.optional?.length ? ` (optional: ${columns.optional.join(', ')})` : '';
  return `${columns.required.join(', ')}${optional}`;
}

/**
 * The rows of a CSV file with a header line, as objects keyed by column name (values trimmed). With `columns`,
 * the header is checked first (a missing or unknown column is an error naming the expected ones), so a file of
 * the wrong kind is refused before anything is sent.
 */
export function readCsv(file: string, columns?: CsvColumns): Record<string, string>[] {
  const text = readFileSync(file);
  if (columns) {
    const [header = []] = parse(text, { to_line: 1, trim: true, bom: true }) as string[][];
    const known = new Set([...columns.required, ...(columns.optional ?? [])]);
    const missing = columns.required.filter((c) => !header.includes(c));
    const unknown = header.filter((c) => !known.has(c));
    const duplicated = header.filter((c, i) => header.indexOf(c) !== i);
    const problems = [
      ...(missing.length ? [`missing ${missing.join(', ')}`] : []),
      ...(unknown.length ? [`unknown ${unknown.join(', ')}`] : []),
      ...(duplicated.length ? [`repeated ${duplicated.join(', ')}`] : []),
    ];
    if (problems.length)
      throw new Error(
        `${file}: the header line does not fit (${problems.join('; ')}): it has ${header.join(', ') || 'no columns'}; expected ${describeColumns(columns)}`,
      );
  }
  return parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
}
