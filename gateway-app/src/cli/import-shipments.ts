import { createHash } from 'node:crypto';
import { ApiCallError, type ApiClient } from './api-client';
import { BatchJournal } from './batch-journal';
import { readCsv, type CsvColumns } from './csv-rows';
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

/** The columns of a shipments file. */
export const SHIPMENT_COLUMNS: CsvColumns = {
  required: ['batchId', 'receiver'],
  optional: ['quantity', 'splitBatchId'],
};

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
  const rows = readCsv(options.csvFile, SHIPMENT_COLUMNS);
  const alreadyDone = rows.filter((_, index) => journal.isDone(index)).length;
  const failed: { row: number; code: string; message: string }[] = [];
  const bodyOf = (row: Record<string, string>) => ({
    receiver: row.receiver,
    // Text that is no number stays text, so the schema's message says what was found (never NaN).
    ...(row.quantity ? { quantity: Number.isNaN(Number(row.quantity)) ? row.quantity : Number(row.quantity) } : {}),
    ...(row.splitBatchId ? { splitBatchId: row.splitBatchId } : {}),
  });
  // Each row is checked against the shipment's own schema first: a malformed row is reported, never sent.
  const queue = rows
    .map((row, index) => ({ row, index }))
    .filter(({ row, index }) => {
      if (journal.isDone(index)) return false;
      const checked = ship.flow.request.safeParse({ batchId: row.batchId, ...bodyOf(row) });
      if (checked.success) return true;
      const message = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      failed.push({ row: index + 2, code: 'INVALID_ARGUMENT', message });
      return false;
    });
  let shipped = 0;
  const report = () => options.onProgress?.(journal.doneCount + failed.length, rows.length);
  report();
  const shipOne = async ({ row, index }: (typeof queue)[number]) => {
    const body = bodyOf(row);
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
    report();
  };
  await Promise.all(
    Array.from({ length: Math.max(1, options.concurrency ?? 8) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await shipOne(next);
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  failed.sort((a, b) => a.row - b.row);
  const shipmentsPerSecond = shipped > 0 && seconds > 0 ? Math.round((shipped / seconds) * 10) / 10 : null;
  return {
    rows: rows.length,
    alreadyDone,
    shippedNow: shipped,
    failed,
    seconds,
    shipmentsPerSecond,
    journal: journal.file,
  };
}
