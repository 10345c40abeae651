import type { ReadModelQueries, TimelineEntry } from '../readmodel/read-model-queries';
import type { EpcisEventStore } from './epcis-event-store';
import { matchesQuery, type EventQuery } from './event-query';
import { ledgerEvent, type Evaluate, type LedgerLookups, type TransformationFacts } from './ledger-events';

/** Read-model events one query page scans at most, so a narrow query over a long ledger answers promptly. */
const SCAN_LIMIT = 5000;
/**
 * Read-model rows read at once. Larger than the most events one transaction emits (commissionMany: 500 batches;
 * a pallet: 200 batches and itself), so a chunk that does not end the read model holds at least one whole
 * transaction and its cut-off last one is left for the next chunk.
 */
const SCAN_CHUNK = 1000;

/** The chaincode reads events need (units, transformations, the products of sold batches), each asked once per page. */
export function lookupsFor(evaluate: Evaluate): LedgerLookups {
  /** One field of a record read by ID, remembered per ID; undefined when the read fails. */
  const field = (transaction: string, idName: string, name: string) => {
    const answers = new Map<string, Promise<string | undefined>>();
    return (id: string): Promise<string | undefined> => {
      if (!answers.has(id)) {
        const read = evaluate(transaction, { [idName]: id }).then(
          (answer) => (answer as { data: Record<string, string> }).data[name],
          () => undefined,
        );
        answers.set(id, read);
      }
      return answers.get(id)!;
    };
  };
  return {
    productOf: field('getBatch', 'batchId', 'productId'),
    unitOf: field('getProduct', 'productId', 'unit'),
    async transformation(transformationId) {
      try {
        return ((await evaluate('getTransformation', { transformationId })) as { data: TransformationFacts }).data;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * One page of the events a query selects, oldest first, from read-model position `query.afterSeq`: where the
 * page ended, and whether the read model has nothing after it.
 */
export async function pageOfEvents(
  readModel: ReadModelQueries,
  kept: EpcisEventStore,
  scenario: string,
  query: EventQuery,
  lookups: LedgerLookups,
): Promise<{ events: Record<string, unknown>[]; position: number; exhausted: boolean }> {
  const events: Record<string, unknown>[] = [];
  let position = query.afterSeq;
  let scanned = 0;
  let exhausted = false;
  while (events.length < query.perPage && scanned < SCAN_LIMIT) {
    const rows = readModel.eventsAfter(scenario, position, SCAN_CHUNK);
    if (rows.length === 0) {
      exhausted = true;
      break;
    }
    for (const group of byTransaction(rows, rows.length < SCAN_CHUNK)) {
      scanned += group.length;
      position = group[group.length - 1]!.seq;
      const built = await ledgerEvent(group, lookups, kept.find(group[0]!.transactionId));
      if (built && matchesQuery(query, built)) events.push(built.event);
      if (events.length >= query.perPage) break;
    }
    if (rows.length < SCAN_CHUNK && position === rows[rows.length - 1]!.seq) exhausted = true;
  }
  if (!exhausted && readModel.eventsAfter(scenario, position, 1).length === 0) exhausted = true;
  return { events, position, exhausted };
}

/** Rows grouped by transaction (rows of one transaction are consecutive); the last group only if `complete`. */
function byTransaction<T extends TimelineEntry>(rows: T[], complete: boolean): T[][] {
  const groups: T[][] = [];
  for (const row of rows) {
    const current = groups[groups.length - 1];
    if (current && current[0]!.transactionId === row.transactionId) current.push(row);
    else groups.push([row]);
  }
  if (!complete && groups.length > 1) groups.pop();
  return groups;
}
