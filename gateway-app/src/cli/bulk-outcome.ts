/** Exit code of a bulk import that ran to its end but left rows not done (1 is for a command that failed). */
export const ROWS_FAILED_EXIT_CODE = 2;

/** A row the import could not do, with the CSV line it came from. */
export interface FailedRow {
  readonly row: number;
  readonly code?: string;
  readonly message: string;
}

/**
 * One line for the terminal after a bulk import: what was done and which rows failed (the first few), and the
 * exit code: 0 when every row is done, 2 when any failed.
 */
export function bulkOutcome(
  what: string,
  report: { rows: number; alreadyDone: number; doneNow: number },
  failed: readonly FailedRow[],
): { summary: string; exitCode: number } {
  const done = `${what}: ${report.doneNow} done now, ${report.alreadyDone} done before, of ${report.rows} rows`;
  if (failed.length === 0) return { summary: `${done}; none failed`, exitCode: 0 };
  const shown = failed
    .slice(0, 5)
    .map((f) => `line ${f.row}: ${f.code ? `${f.code} ` : ''}${f.message}`)
    .join('; ');
  const more = failed.length > 5 ? `; and ${failed.length - 5} more (see the report)` : '';
  return {
    summary: `${done}; ${failed.length} failed (${shown}${more})`,
    exitCode: ROWS_FAILED_EXIT_CODE,
  };
}
