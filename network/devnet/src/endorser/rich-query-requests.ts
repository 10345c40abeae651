import { peer } from '@hyperledger/fabric-protos';
import type { StateEntry } from '../ledger';
import { parseRichQuery, RichQueryScanner, type CouchIndex, type NamespaceScan } from '../ledger/couchdb';
import { QUERY_BATCH_SIZE, TOTAL_QUERY_LIMIT, type TxSimulator } from './tx-simulator';
import { decode } from '../wire';
import { kvBytes, queryResponse } from './query-response';

/**
 * The state database a rich query runs over, as Fabric gives CouchDB one database per namespace: a chaincode's
 * public state, or one org's plaintext of a private data collection (`<ns>$$p<collection>`), each with its own
 * indexes.
 */
export interface QueryDocumentSource {
  /** Committed entries from a start key on, in key order. */
  readonly scan: NamespaceScan;
  readonly indexes: readonly CouchIndex[];
  /** Called for each result handed to the chaincode (public results join the read set; private ones do not). */
  readonly onResult?: (entry: StateEntry) => void;
}

/** Explicit pagination of a query (public state only): one page of `pageSize` from `bookmark`. */
export interface QueryPagination {
  readonly pageSize: number;
  readonly bookmark: string;
}

/**
 * One GetQueryResult (rich query) of a transaction, answered as Fabric's chaincode handler answers it
 * (HandleGetQueryResult, QueryResponseGenerator): batches of 100 results for QUERY_STATE_NEXT, or one page with
 * its bookmark and count for a paginated query. Documents stream from the source through the query engine, so
 * the peer holds at most one CouchDB request's results however many the query matches.
 */
export class RichQueryCursor {
  readonly #pending: Uint8Array[] = [];
  /** Fabric's totalReturnCount of the iterator: results handed out over all of its responses. */
  #returned = 0;

  private constructor(
    private readonly scanner: RichQueryScanner,
    private readonly source: QueryDocumentSource,
    private readonly namespace: string,
    private readonly paginated: boolean,
  ) {}

  /**
   * Runs the query's first CouchDB request, so a query CouchDB refuses fails here.
   *
   * @param namespace The chaincode's namespace: results carry it, for private data too.
   */
  static async open(
    source: QueryDocumentSource,
    namespace: string,
    queryText: string,
    pagination?: QueryPagination,
  ): Promise<RichQueryCursor> {
    const query = parseRichQuery(queryText);
    const scanner = await RichQueryScanner.open(source.scan, source.indexes, query, {
      pageSize: pagination?.pageSize ?? 0,
      bookmark: pagination?.bookmark ?? '',
    });
    return new RichQueryCursor(scanner, source, namespace, pagination !== undefined);
  }

  /**
   * The next QueryResponse; `done` once the iterator is finished (the handler then forgets it). `totalLimit` is
   * the handler's totalReturnLimit for this call: Fabric computes it from the request's metadata on the first
   * call and uses totalQueryLimit on QUERY_STATE_NEXT.
   */
  async respond(id: string, totalLimit = TOTAL_QUERY_LIMIT): Promise<{ response: peer.QueryResponse; done: boolean }> {
    for (;;) {
      if (this.#returned >= totalLimit) return this.#finish(id);
      const found = await this.scanner.next();
      if (!found) return this.#finish(id);
      this.source.onResult?.(found.entry);
      const kv = kvBytes(this.namespace, { key: found.entry.key, value: this.scanner.valueOf(found) });
      if (!this.paginated && this.#pending.length === QUERY_BATCH_SIZE) {
        const batch = this.#pending.splice(0);
        this.#pending.push(kv);
        this.#returned++;
        return { response: queryResponse(batch, true, id), done: false };
      }
      this.#pending.push(kv);
      this.#returned++;
    }
  }

  #finish(id: string): { response: peer.QueryResponse; done: boolean } {
    const response = queryResponse(this.#pending.splice(0), false, id);
    if (this.paginated) {
      const metadata = new peer.QueryResponseMetadata();
      metadata.setFetchedRecordsCount(this.#returned);
      metadata.setBookmark(this.scanner.bookmark);
      response.setMetadata(metadata.serializeBinary());
    }
    return { response, done: true };
  }
}

/** A GetQueryResult's QueryMetadata, if it carries any. */
export function queryMetadataOf(request: peer.GetQueryResult): peer.QueryMetadata | undefined {
  const bytes = request.getMetadata_asU8();
  return bytes.length > 0 ? decode(peer.QueryMetadata, bytes) : undefined;
}

/** Fabric's calculateTotalReturnLimit: totalQueryLimit, or a smaller positive page size. */
export function totalReturnLimit(metadata: peer.QueryMetadata | undefined): number {
  const pageSize = metadata?.getPagesize() ?? 0;
  return pageSize > 0 && pageSize < TOTAL_QUERY_LIMIT ? pageSize : TOTAL_QUERY_LIMIT;
}

/**
 * GetQueryResult on the chaincode's public state: paginated when the metadata sets a page size or a bookmark
 * (read-only transactions only); each result joins the transaction's read set as a plain read.
 */
export function openStateQuery(
  simulator: TxSimulator,
  namespace: string,
  txId: string,
  indexes: readonly CouchIndex[],
  request: peer.GetQueryResult,
  metadata: peer.QueryMetadata | undefined,
): Promise<RichQueryCursor> {
  const paginated = metadata !== undefined && (metadata.getPagesize() !== 0 || metadata.getBookmark() !== '');
  if (paginated) simulator.notePaginatedQuery(txId);
  const source: QueryDocumentSource = {
    scan: (startKey) => simulator.scanForQuery(namespace, startKey),
    indexes,
    onResult: (entry) => simulator.noteQueryRead(namespace, entry.key, entry.version),
  };
  return RichQueryCursor.open(
    source,
    namespace,
    request.getQuery(),
    paginated ? { pageSize: metadata.getPagesize(), bookmark: metadata.getBookmark() } : undefined,
  );
}
