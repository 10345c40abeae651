import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/** One finished unit of a batch job: which input rows it covered and what the ledger answered. */
export interface JournalEntry {
  readonly rows: readonly number[];
  readonly transactionId?: string;
  readonly ids?: readonly string[];
  readonly note?: string;
}

/**
 * An append-only JSON-lines record of the rows a batch job finished, written after each commit, so a job
 * interrupted at any point resumes with the rows not yet recorded. (A unit committed but not yet recorded is
 * caught by its idempotency key or the ledger's own uniqueness rules on the retry.)
 */
export class BatchJournal {
  private readonly done = new Set<number>();
  readonly entries: JournalEntry[] = [];

  constructor(readonly file: string) {
    if (!existsSync(file)) return;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        this.entries.push(entry);
        for (const row of entry.rows) this.done.add(row);
      } catch {
        // a line cut short by a crash: its rows are simply done again (safely, see above)
      }
    }
  }

  isDone(row: number): boolean {
    return this.done.has(row);
  }

  get doneCount(): number {
    return this.done.size;
  }

  record(entry: JournalEntry): void {
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    this.entries.push(entry);
    for (const row of entry.rows) this.done.add(row);
  }
}
