import { queryResultValue } from './couch-document';
import { CouchDbError, RichQueryError, shown } from './couch-error';
import { find, type FoundDocument, type NamespaceScan } from './couch-find';
import { parseSort, parseUseIndex, planQuery, type CouchIndex, type QueryPlan, type SortSpec } from './couch-index';
import { isJsonObject, type JsonObject, type JsonValue } from './json-value';
import { normalizeSelector, parseField, type NormalSelector } from './mango-selector';

/** Fabric's ledger.state.couchDBConfig.internalQueryLimit default: documents per CouchDB request. */
export const INTERNAL_QUERY_LIMIT = 1000;

/** A rich query as Fabric hands it to CouchDB, checked as CouchDB's `_find` checks it. */
export interface RichQuery {
  readonly selector: NormalSelector;
  /** Fields to return (projection); absent: whole documents. */
  readonly fields?: readonly string[];
  readonly sort: SortSpec;
  readonly skip: number;
  readonly useIndex: readonly string[];
  /** A bookmark written into the query itself; pagination's bookmark takes precedence. */
  readonly bookmark?: string;
}

/** Options of `_find` CouchDB accepts that change nothing here (replicas, staleness, statistics). */
const INERT_OPTIONS: Readonly<Record<string, (value: JsonValue) => boolean>> = {
  r: (value) => Number.isInteger(value) && (value as number) > 0,
  conflicts: (value) => typeof value === 'boolean',
  stale: (value) => value === 'ok' || value === 'false' || value === false,
  update: (value) => typeof value === 'boolean',
  stable: (value) => typeof value === 'boolean',
  execution_stats: (value) => typeof value === 'boolean',
};
const KNOWN_KEYS = new Set(['selector', 'use_index', 'bookmark', 'limit', 'skip', 'sort', 'fields', 'partition']);

/**
 * Parses a GetQueryResult query string. `limit` is accepted and ignored, as Fabric replaces it with its own
 * batch size (pagination is the way to limit results); every other `_find` option is checked as CouchDB 3.3 does.
 */
export function parseRichQuery(text: string): RichQuery {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new RichQueryError(`query is not valid JSON: ${(err as Error).message}`);
  }
  if (parsed !== null && !isJsonObject(parsed)) {
    const kind = Array.isArray(parsed) ? 'array' : typeof parsed === 'boolean' ? 'bool' : typeof parsed;
    throw new RichQueryError(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  const query: JsonObject = parsed ?? {};
  if (Object.hasOwn(query, 'fields') && !Array.isArray(query.fields)) {
    throw new RichQueryError('fields definition must be an array');
  }
  if (!Object.hasOwn(query, 'selector'))
    throw new CouchDbError('missing_required_key', 'Missing required key: selector');
  const selector = normalizeSelector(query.selector);
  const useIndex = Object.hasOwn(query, 'use_index') ? parseUseIndex(query.use_index) : [];
  let bookmark: string | undefined;
  if (Object.hasOwn(query, 'bookmark') && query.bookmark !== null && query.bookmark !== '') {
    if (typeof query.bookmark !== 'string') {
      throw new CouchDbError('invalid_bookmark', `Invalid bookmark value: ${shown(query.bookmark)}`);
    }
    bookmark = query.bookmark;
  }
  const skip = Object.hasOwn(query, 'skip') ? query.skip : 0;
  if (!Number.isInteger(skip) || (skip as number) < 0) {
    throw new CouchDbError('invalid_non_neg_integer', `${shown(skip)} is not an integer greater than or equal to zero`);
  }
  const sort = Object.hasOwn(query, 'sort') ? parseSort(query.sort) : { fields: [], direction: 'asc' as const };
  let fields: string[] | undefined;
  if (Array.isArray(query.fields) && query.fields.length > 0) {
    fields = query.fields.map((field) => {
      if (typeof field !== 'string') {
        throw new CouchDbError('invalid_field', `Invalid JSON for field spec: ${shown(field)}`);
      }
      parseField(field);
      return field;
    });
  }
  if (Object.hasOwn(query, 'partition') && query.partition !== '') {
    throw new CouchDbError('bad_request', '`partition` parameter is not supported in this db');
  }
  for (const [key, valid] of Object.entries(INERT_OPTIONS)) {
    if (Object.hasOwn(query, key) && !valid(query[key])) {
      throw new CouchDbError('invalid_value', `Invalid value for ${key}: ${shown(query[key])}`);
    }
  }
  const unknown = Object.keys(query).find((key) => !KNOWN_KEYS.has(key) && !Object.hasOwn(INERT_OPTIONS, key));
  if (unknown !== undefined) throw new CouchDbError('invalid_key', `Invalid key ${unknown} for this request.`);
  return { selector, fields, sort, skip: skip as number, useIndex, bookmark };
}

export interface RichQueryOptions {
  /** Pagination's page size; 0 without pagination. */
  readonly pageSize: number;
  /** Pagination's bookmark; '' for the first page. */
  readonly bookmark: string;
  readonly internalQueryLimit?: number;
}

/**
 * Fabric's CouchDB query scanner (statecouchdb.queryScanner): asks CouchDB for the query's results in requests of
 * internalQueryLimit documents (fewer to finish a page), each continuing from the bookmark of the one before, so
 * `skip` applies to every request as it does on Fabric. The first request runs when the scanner opens, so a bad
 * query fails at GetQueryResult.
 */
export class RichQueryScanner {
  readonly #scan: NamespaceScan;
  readonly #query: RichQuery;
  readonly #plan: QueryPlan;
  readonly #pageSize: number;
  readonly #internalLimit: number;
  #results: FoundDocument[] = [];
  #cursor = -1;
  #returned = 0;
  #bookmark: string;

  private constructor(scan: NamespaceScan, query: RichQuery, plan: QueryPlan, options: RichQueryOptions) {
    this.#scan = scan;
    this.#query = query;
    this.#plan = plan;
    this.#pageSize = options.pageSize;
    this.#internalLimit = options.internalQueryLimit ?? INTERNAL_QUERY_LIMIT;
    this.#bookmark = options.bookmark !== '' ? options.bookmark : (query.bookmark ?? '');
  }

  static async open(
    scan: NamespaceScan,
    indexes: readonly CouchIndex[],
    query: RichQuery,
    options: RichQueryOptions,
  ): Promise<RichQueryScanner> {
    const plan = planQuery(indexes, query.selector, query.sort, query.useIndex);
    const scanner = new RichQueryScanner(scan, query, plan, options);
    await scanner.#request();
    scanner.#cursor = -1;
    return scanner;
  }

  /** The next result, or undefined at the end (of the results or of the page). */
  async next(): Promise<FoundDocument | undefined> {
    if (this.#results.length === 0) return undefined;
    this.#cursor++;
    if (this.#cursor >= this.#internalLimit) {
      await this.#request();
      if (this.#results.length === 0) return undefined;
    }
    if (this.#cursor >= this.#results.length) return undefined;
    this.#returned++;
    return this.#results[this.#cursor];
  }

  /** CouchDB's bookmark after the last request: where the next page starts. */
  get bookmark(): string {
    return this.#bookmark;
  }

  /** The value Fabric returns for a result: re-encoded JSON without CouchDB's fields, or the original bytes. */
  valueOf(found: FoundDocument): Uint8Array {
    return queryResultValue(found.document, found.entry.value, this.#query.fields);
  }

  async #request(): Promise<void> {
    let limit = this.#internalLimit;
    if (this.#pageSize > 0) limit = Math.min(limit, this.#pageSize - this.#returned);
    const { docs, bookmark } = await find(this.#scan, {
      plan: this.#plan,
      selector: this.#query.selector,
      skip: this.#query.skip,
      limit,
      bookmark: this.#bookmark === '' ? undefined : this.#bookmark,
    });
    this.#results = docs;
    this.#bookmark = bookmark;
    this.#cursor = 0;
  }
}
