import { createHash } from 'node:crypto';
import { actionOf, type ScenarioView } from '../scenarios/scenario-view';
import { ApiCallError, type ApiClient } from './api-client';
import { BatchJournal } from './batch-journal';
import { readCsv, type CsvColumns } from './csv-rows';

export interface FilePatentsOptions {
  readonly client: ApiClient;
  /** The patents scenario: its `file` and `fileMany` flows give the request schema and the routes. */
  readonly scenario: ScenarioView;
  readonly csvFile: string;
  /** Defaults to `<csv>.journal.jsonl`. */
  readonly journalFile?: string;
  /** Applications per `fileMany` transaction. */
  readonly batchSize?: number;
  /** Transactions in flight at once. */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface FilePatentsReport {
  readonly rows: number;
  /** Rows the journal already had when this run started. */
  readonly alreadyDone: number;
  readonly filedNow: number;
  readonly transactions: number;
  readonly rejected: readonly { row: number; message: string }[];
  readonly seconds: number;
  /** Applications filed in this run per second of it; null when none was filed. */
  readonly applicationsPerSecond: number | null;
  readonly journal: string;
}

type Application = Record<string, unknown>;

/** The columns of a patent applications file. */
export const APPLICATION_COLUMNS: CsvColumns = {
  required: ['title', 'applicantName', 'ipcClasses', 'commitment'],
  optional: ['onBehalfOf'],
};

/**
 * Files the applications of a CSV file (columns: title, applicantName, ipcClasses separated by `;`,
 * commitment, optional onBehalfOf) through the `fileMany` route, `batchSize` per transaction.
 * Resumable: finished rows are journaled after each commit and skipped on the next run; each batch carries an
 * idempotency key derived from its content, and a batch the ledger already holds (ALREADY_EXISTS on a
 * commitment) is settled row by row, so an interruption at any moment neither loses nor duplicates a filing.
 */
export async function filePatents(options: FilePatentsOptions): Promise<FilePatentsReport> {
  const started = Date.now();
  const fileOneAction = actionOf(options.scenario, 'file');
  const fileManyAction = actionOf(options.scenario, 'fileMany');
  const applicationRequest = fileOneAction.flow.request;
  const journal = new BatchJournal(options.journalFile ?? `${options.csvFile}.journal.jsonl`);
  const rows = readCsv(options.csvFile, APPLICATION_COLUMNS);
  const alreadyDone = rows.filter((_, index) => journal.isDone(index)).length;
  const rejected: { row: number; message: string }[] = [];
  const pending: { row: number; application: Application }[] = [];
  rows.forEach((raw, row) => {
    if (journal.isDone(row)) return;
    const candidate = {
      title: raw.title,
      applicantName: raw.applicantName,
      ipcClasses: (raw.ipcClasses ?? '')
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean),
      commitment: raw.commitment,
      ...(raw.onBehalfOf ? { onBehalfOf: raw.onBehalfOf } : {}),
    };
    const parsed = applicationRequest.safeParse(candidate);
    if (parsed.success) pending.push({ row, application: candidate as Application });
    else
      rejected.push({
        row: row + 2,
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
  });

  const batchSize = options.batchSize ?? 100;
  const batches: (typeof pending)[] = [];
  for (let i = 0; i < pending.length; i += batchSize) batches.push(pending.slice(i, i + batchSize));
  let filedNow = 0;
  let transactions = 0;
  // Rows refused here count as handled: the bar reaches its end when every row is done or refused.
  const report = () => options.onProgress?.(journal.doneCount + rejected.length, rows.length);
  report();

  const fileBatch = async (batch: typeof pending) => {
    const applications = batch.map((b) => b.application);
    const key = `file-patents:${createHash('sha256').update(JSON.stringify(applications)).digest('hex')}`;
    try {
      const answer = await options.client.call<{ transactionId: string; result: { applicationIds: string[] } }>(
        'POST',
        `/api/${options.scenario.id}${fileManyAction.path}`,
        { applications },
        { 'idempotency-key': key },
      );
      journal.record({
        rows: batch.map((b) => b.row),
        transactionId: answer.body.transactionId,
        ids: answer.body.result.applicationIds,
      });
      transactions++;
      filedNow += batch.length;
    } catch (err) {
      if (!(err instanceof ApiCallError) || err.code !== 'ALREADY_EXISTS') throw err;
      for (const one of batch) await fileOne(one);
    }
    report();
  };
  const fileOne = async ({ row, application }: (typeof pending)[number]) => {
    try {
      const answer = await options.client.call<{ transactionId: string; result: { data: { id: string } } }>(
        'POST',
        `/api/${options.scenario.id}${fileOneAction.path}`,
        application,
      );
      journal.record({ rows: [row], transactionId: answer.body.transactionId, ids: [answer.body.result.data.id] });
      transactions++;
      filedNow++;
    } catch (err) {
      if (!(err instanceof ApiCallError) || err.code !== 'ALREADY_EXISTS') throw err;
      const { recordType, id } = err.facts;
      const existing = recordType === 'Patent' && typeof id === 'string' ? id : undefined;
      journal.record({ rows: [row], ids: existing ? [existing] : [], note: 'already on the ledger' });
    }
  };

  const queue = [...batches];
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 2) }, async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) await fileBatch(batch);
  });
  await Promise.all(workers);
  const seconds = (Date.now() - started) / 1000;
  return {
    rows: rows.length,
    alreadyDone,
    filedNow,
    transactions,
    rejected,
    seconds,
    applicationsPerSecond: filedNow > 0 && seconds > 0 ? Math.round((filedNow / seconds) * 10) / 10 : null,
    journal: journal.file,
  };
}
