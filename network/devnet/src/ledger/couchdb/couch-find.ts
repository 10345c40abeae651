import type { StateEntry } from '../types';
import { collate, icuOrder, rawOrder } from './couch-collation';
import { toCouchDocument, type CouchDocument } from './couch-document';
import { CouchDbError } from './couch-error';
import type { QueryPlan } from './couch-index';
import type { JsonValue } from './json-value';
import { getField, matches, parseField, type NormalSelector } from './mango-selector';

/** The committed entries of one namespace from a start key on, in key order. */
export type NamespaceScan = (startKey: string) => AsyncIterable<StateEntry>;

/** One CouchDB `_find` request as Fabric's peer sends it. */
export interface FindRequest {
  readonly plan: QueryPlan;
  readonly selector: NormalSelector;
  readonly skip: number;
  readonly limit: number;
  /** CouchDB's bookmark of the previous request; absent for the first. */
  readonly bookmark?: string;
}

export interface FoundDocument {
  readonly entry: StateEntry;
  readonly document: CouchDocument;
}

export interface FindResult {
  readonly docs: FoundDocument[];
  /** Where the next request continues; CouchDB answers "nil" when nothing matched and no bookmark was given. */
  readonly bookmark: string;
}

/** A row's place in the index: its key (the indexed values, or the ID for _all_docs) and document ID. */
interface Position {
  readonly key: JsonValue;
  readonly id: string;
}

/**
 * Runs one Mango `_find` request over a namespace as CouchDB would with the planned index: rows in index order
 * (descending for a descending sort) after the bookmark's row, `skip` matching rows passed over, at most `limit`
 * returned, and a bookmark at the last row passed over or returned. Memory stays bounded by skip + limit rows:
 * an `_all_docs` query in ascending order streams from the bookmark and stops at the limit; other orders scan
 * the namespace once and keep only the best rows.
 */
export async function find(scan: NamespaceScan, request: FindRequest): Promise<FindResult> {
  const { plan, selector, skip, limit } = request;
  const after = request.bookmark === undefined ? undefined : decodeBookmark(request.bookmark);
  const unchanged = request.bookmark ?? 'nil';
  if (limit === 0) return { docs: [], bookmark: unchanged };
  const wanted = skip + limit;
  const direction = plan.direction === 'desc' ? -1 : 1;
  const order = (a: Position, b: Position): number =>
    direction * (collate(a.key, b.key, plan.kind === 'json' ? icuOrder : rawOrder) || rawOrder(a.id, b.id));

  let rows: Array<{ position: Position; found: FoundDocument }> = [];
  if (plan.kind === 'all_docs' && direction === 1) {
    const startKey = after && typeof after.key === 'string' ? after.key : '';
    for await (const entry of scan(startKey)) {
      const position = { key: entry.key, id: entry.key };
      if (after && order(position, after) <= 0) continue;
      const document = toCouchDocument(entry.key, entry.value);
      if (!matches(selector, document.doc)) continue;
      rows.push({ position, found: { entry, document } });
      if (rows.length === wanted) break;
    }
  } else {
    const columns = plan.kind === 'json' ? plan.index.fields.map(parseField) : undefined;
    const partialFilter = plan.kind === 'json' ? plan.index.partialFilter : undefined;
    for await (const entry of scan('')) {
      const document = toCouchDocument(entry.key, entry.value);
      let key: JsonValue = entry.key;
      if (columns) {
        const values = columns.map((path) => getField(document.doc, path));
        if (values.some((value) => typeof value === 'symbol')) continue; // not in the index
        if (partialFilter && !matches(partialFilter, document.doc)) continue;
        key = values as JsonValue[];
      }
      const position = { key, id: entry.key };
      if (after && order(position, after) <= 0) continue;
      if (!matches(selector, document.doc)) continue;
      rows.push({ position, found: { entry, document } });
      if (rows.length >= 2 * wanted + 64) rows = best(rows, wanted, order);
    }
    rows = best(rows, wanted, order);
  }
  const passed = rows.slice(0, wanted);
  const last = passed[passed.length - 1];
  return {
    docs: passed.slice(skip).map((row) => row.found),
    bookmark: last ? encodeBookmark(last.position) : unchanged,
  };
}

function best<T extends { position: Position }>(
  rows: T[],
  count: number,
  order: (a: Position, b: Position) => number,
): T[] {
  return rows.sort((a, b) => order(a.position, b.position)).slice(0, count);
}

/** Bookmarks are opaque to clients: base64url of the last row's index key and document ID. */
function encodeBookmark(position: Position): string {
  return Buffer.from(JSON.stringify([position.key, position.id]), 'utf8').toString('base64url');
}

function decodeBookmark(bookmark: string): Position {
  try {
    const decoded = JSON.parse(Buffer.from(bookmark, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[1] === 'string') {
      return { key: decoded[0] as JsonValue, id: decoded[1] };
    }
  } catch {
    // reported below
  }
  throw new CouchDbError('invalid_bookmark', `Invalid bookmark value: ${JSON.stringify(bookmark)}`);
}
