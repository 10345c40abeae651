import { ledger, peer } from '@hyperledger/fabric-protos';
import { parseRichQuery, RichQueryScanner, type CouchIndex } from '../ledger/couchdb';
import { QUERY_BATCH_SIZE, SimulationError, TOTAL_QUERY_LIMIT, type TxSimulator } from './tx-simulator';
import { decode } from '../wire';

/**
 * One GetQueryResult (rich query) of a transaction, answered as Fabric's chaincode handler answers it
 * (HandleGetQueryResult, QueryResponseGenerator): batches of 100 results for QUERY_STATE_NEXT, or one page with
 * its bookmark and count for a paginated query; at most totalQueryLimit results either way. Each result joins
 * the transaction's read set as a plain read when the peer takes it from the state database.
 */
export class RichQueryCursor {
  readonly #pending: Uint8Array[] = [];
  #returned = 0;

  private constructor(
    private readonly scanner: RichQueryScanner,
    private readonly simulator: TxSimulator,
    private readonly namespace: string,
    private readonly paginated: boolean,
    private readonly totalLimit: number,
  ) {}

  static async open(
    simulator: TxSimulator,
    namespace: string,
    txId: string,
    indexes: readonly CouchIndex[],
    request: peer.GetQueryResult,
  ): Promise<RichQueryCursor> {
    const collection = request.getCollection();
    if (collection !== '') {
      throw new SimulationError(
        `GetPrivateDataQueryResult (rich query on private data collection ${collection}) is not supported by the Scenechain dev network yet`,
      );
    }
    const metadataBytes = request.getMetadata_asU8();
    const metadata = metadataBytes.length > 0 ? decode(peer.QueryMetadata, metadataBytes) : undefined;
    const paginated = metadata !== undefined && (metadata.getPagesize() !== 0 || metadata.getBookmark() !== '');
    const pageSize = metadata?.getPagesize() ?? 0;
    let totalLimit = TOTAL_QUERY_LIMIT;
    if (pageSize > 0 && pageSize < totalLimit) totalLimit = pageSize;
    if (paginated) simulator.notePaginatedQuery(txId);
    const query = parseRichQuery(request.getQuery());
    const scanner = await RichQueryScanner.open(
      (startKey) => simulator.scanForQuery(namespace, startKey),
      indexes,
      query,
      { pageSize: paginated ? pageSize : 0, bookmark: paginated ? (metadata?.getBookmark() ?? '') : '' },
    );
    return new RichQueryCursor(scanner, simulator, namespace, paginated, totalLimit);
  }

  /** The next QueryResponse; `done` once the iterator is finished (the handler then forgets it). */
  async respond(id: string): Promise<{ response: peer.QueryResponse; done: boolean }> {
    for (;;) {
      if (this.#returned >= this.totalLimit) return this.#finish(id);
      const found = await this.scanner.next();
      if (!found) return this.#finish(id);
      const { entry } = found;
      this.simulator.noteQueryRead(this.namespace, entry.key, entry.version);
      const kv = new ledger.queryresult.KV();
      kv.setNamespace(this.namespace);
      kv.setKey(entry.key);
      kv.setValue(this.scanner.valueOf(found));
      if (!this.paginated && this.#pending.length === QUERY_BATCH_SIZE) {
        const batch = this.#pending.splice(0);
        this.#pending.push(kv.serializeBinary());
        this.#returned++;
        return { response: queryResponse(batch, true, id), done: false };
      }
      this.#pending.push(kv.serializeBinary());
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

function queryResponse(results: Uint8Array[], hasMore: boolean, id: string): peer.QueryResponse {
  const response = new peer.QueryResponse();
  response.setResultsList(
    results.map((bytes) => {
      const result = new peer.QueryResultBytes();
      result.setResultbytes(bytes);
      return result;
    }),
  );
  response.setHasMore(hasMore);
  response.setId(id);
  return response;
}
