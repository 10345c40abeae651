import { createHash } from 'node:crypto';
import { ApiCallError, type ApiClient } from './api-client';
import { BatchJournal } from './batch-journal';
import { readCsv } from './csv-rows';
import { actionOf, type ScenarioView } from '../scenarios/scenario-view';

export interface ImportShipmentsOptions {
  readonly client: ApiClient;
  /** The supply-chain scenario: its `shipBatch` flow gives the route. */
  readonly scenario: ScenarioView;
  readonly csvFile: string;
  readonly journalFile?: string;
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Statuses that say the row itself is wrong (kept in the report, not retried); anything else stops the job. */
const ROW_FAULTS = new Set([400, 403, 404, 409]);

/**
 * Ships batches listed in a CSV file (columns: batchId, receiver, optional quantity and splitBatchId), one
 * `shipBatch` per row, several in flight. Resumable like `filePatents`: rows are journaled once committed and
 * carry an idempotency key derived from their content.
 */
export async function importShipments(options: ImportShipmentsOptions) {
  const started = Date.now();
  const ship = actionOf(options.scenario, 'shipBatch');
  const shipPath = (batchId: string) =>
    `/api/${options.scenario.id}${ship.path.replace(':batchId', encodeURIComponent(batchId))}`;
  const journal = new BatchJournal(options.journalFile ?? `${options.csvFile}.journal.jsonl`);
  const rows = readCsv(options.csvFile);
  const alreadyDone = rows.filter((_, index) => journal.isDone(index)).length;
  const failed: { row: number; code: string; message: string }[] = [];
  const queue = rows.map((row, index) => ({ row, index })).filter(({ index }) => !journal.isDone(index));
  let shipped = 0;
  options.onProgress?.(journal.doneCount, rows.length);
  const shipOne = async ({ row, index }: (typeof queue)[number]) => {
    const body = {
      receiver: row.receiver,
      ...(row.quantity ? { quantity: Number(row.quantity) } : {}),
      ...(row.splitBatchId ? { splitBatchId: row.splitBatchId } : {}),
    };
    const key = `ship:${createHash('sha256')
      .update(JSON.stringify([row.batchId, body]))
      .digest('hex')}`;
    try {
      const answer = await options.client.call<{ transactionId: string }>('POST', shipPath(row.batchId), body, {
        'idempotency-key': key,
      });
      journal.record({ rows: [index], transactionId: answer.body.transactionId, ids: [row.batchId] });
      shipped++;
    } catch (err) {
      if (!(err instanceof ApiCallError) || !ROW_FAULTS.has(err.status)) throw err;
      failed.push({ row: index + 2, code: err.code, message: err.message });
    }
    options.onProgress?.(journal.doneCount, rows.length);
  };
  await Promise.all(
    Array.from({ length: Math.max(1, options.concurrency ?? 8) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await shipOne(next);
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  return { rows: rows.length, alreadyDone, shippedNow: shipped, failed, seconds, journal: journal.file };
}
