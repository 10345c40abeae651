import { ledger, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import type { ShimRequestHandler } from '../chaincode/connection';
import type { CouchIndex } from '../ledger/couchdb';
import { openStateQuery, queryMetadataOf, RichQueryCursor, totalReturnLimit } from './rich-query-requests';
import { getStateMetadata, putStateMetadata } from './state-metadata-requests';
import type { PrivateDataRequests } from './private-data-requests';
import { QUERY_BATCH_SIZE, TOTAL_QUERY_LIMIT, SimulationError, type TxSimulator } from './tx-simulator';
import { decode } from '../wire';
import { kvBytes, queryResponse } from './query-response';

const Type = peer.ChaincodeMessage.Type;

interface OpenRangeIterator {
  kind: 'range';
  query: Parameters<TxSimulator['continueRange']>[1];
  nextKey: string | undefined;
  remaining: number;
}

interface OpenHistoryIterator {
  kind: 'history';
  entries: ledger.queryresult.KeyModification[];
  offset: number;
}

interface OpenRichQueryIterator {
  kind: 'rich';
  cursor: RichQueryCursor;
}

type OpenIterator = OpenRangeIterator | OpenHistoryIterator | OpenRichQueryIterator;

export interface ShimRequestsOptions {
  simulator: TxSimulator;
  /** The chaincode whose calls these are: its state namespace. */
  namespace: string;
  txId: string;
  /** Answers INVOKE_CHAINCODE (payload: ChaincodeSpec) with the RESPONSE payload. */
  invokeChaincode?: (payload: Uint8Array) => Promise<Uint8Array>;
  /** The chaincode's CouchDB index definitions, for rich queries. */
  queryIndexes?: readonly CouchIndex[];
  /** Serves the calls that name a collection; without it they answer "not supported". */
  privateData?: PrivateDataRequests;
}

const NOT_SUPPORTED = 'is not supported by the Scenechain dev network yet';

/**
 * Serves the calls one chaincode makes while simulating one transaction, on behalf of the peer, the way
 * Fabric's chaincode handler does: state reads and writes into the simulator, range queries in batches
 * of 100 with QUERY_STATE_NEXT/CLOSE, pagination metadata and history.
 */
export class ShimRequests implements ShimRequestHandler {
  readonly #iterators = new Map<string, OpenIterator>();
  #nextIteratorId = 0;

  private readonly simulator: TxSimulator;
  private readonly namespace: string;
  private readonly txId: string;

  constructor(private readonly options: ShimRequestsOptions) {
    this.simulator = options.simulator;
    this.namespace = options.namespace;
    this.txId = options.txId;
  }

  async handle(message: peer.ChaincodeMessage): Promise<Uint8Array> {
    const payload = message.getPayload_asU8();
    switch (message.getType()) {
      case Type.GET_STATE: {
        const request = decode(peer.GetState, payload);
        if (request.getCollection()) return this.#private('GetPrivateData').getPrivateData(request);
        return (await this.simulator.getState(this.namespace, request.getKey())) ?? new Uint8Array();
      }
      case Type.PUT_STATE: {
        const request = decode(peer.PutState, payload);
        if (request.getCollection()) return this.#private('PutPrivateData').putPrivateData(request);
        this.simulator.putState(this.namespace, request.getKey(), request.getValue_asU8());
        return new Uint8Array();
      }
      case Type.DEL_STATE: {
        const request = decode(peer.DelState, payload);
        if (request.getCollection()) return this.#private('DelPrivateData').deletePrivateData(request);
        this.simulator.deleteState(this.namespace, request.getKey());
        return new Uint8Array();
      }
      case Type.GET_STATE_BY_RANGE:
        return this.#getStateByRange(decode(peer.GetStateByRange, payload));
      case Type.QUERY_STATE_NEXT: {
        const id = decode(peer.QueryStateNext, payload).getId();
        if (this.options.privateData?.owns(id)) return this.options.privateData.next(id);
        return this.#next(id);
      }
      case Type.QUERY_STATE_CLOSE: {
        const id = decode(peer.QueryStateClose, payload).getId();
        if (this.options.privateData?.owns(id)) return this.options.privateData.close(id);
        this.#iterators.delete(id);
        return queryResponse([], false, id).serializeBinary();
      }
      case Type.GET_HISTORY_FOR_KEY:
        return this.#getHistory(decode(peer.GetHistoryForKey, payload).getKey());
      case Type.GET_STATE_METADATA:
        return getStateMetadata(this.simulator, this.namespace, payload, (operation) => this.#private(operation));
      case Type.PUT_STATE_METADATA:
        return putStateMetadata(this.simulator, this.namespace, payload, (operation) => this.#private(operation));
      case Type.GET_QUERY_RESULT:
        return this.#getQueryResult(decode(peer.GetQueryResult, payload));
      case Type.GET_PRIVATE_DATA_HASH:
        return this.#private('GetPrivateDataHash').getPrivateDataHash(decode(peer.GetState, payload));
      case Type.PURGE_PRIVATE_DATA:
        return this.#private('PurgePrivateData').purgePrivateData(decode(peer.DelState, payload));
      case Type.INVOKE_CHAINCODE:
        if (!this.options.invokeChaincode)
          throw new SimulationError(`chaincode-to-chaincode invocation ${NOT_SUPPORTED}`);
        return this.options.invokeChaincode(payload);
      default:
        throw new SimulationError(`[${this.txId}] unexpected message type ${message.getType()} during a transaction`);
    }
  }

  #private(operation: string): PrivateDataRequests {
    if (!this.options.privateData) throw new SimulationError(`${operation} (private data) ${NOT_SUPPORTED}`);
    return this.options.privateData;
  }

  async #getStateByRange(request: peer.GetStateByRange): Promise<Uint8Array> {
    if (request.getCollection()) return this.#private('GetPrivateDataByRange').getPrivateDataByRange(request);
    const metadataBytes = request.getMetadata_asU8();
    const metadata = metadataBytes.length > 0 ? decode(peer.QueryMetadata, metadataBytes) : undefined;
    const paginated = metadata !== undefined && (metadata.getPagesize() !== 0 || metadata.getBookmark() !== '');
    let startKey = request.getStartkey();
    let total = TOTAL_QUERY_LIMIT;
    if (paginated) {
      this.simulator.notePaginatedQuery(this.txId);
      if (metadata.getBookmark() !== '') startKey = metadata.getBookmark();
      if (metadata.getPagesize() > 0 && metadata.getPagesize() < total) total = metadata.getPagesize();
    }
    const first = Math.min(QUERY_BATCH_SIZE, total);
    const { results, nextKey, query } = await this.simulator.scanRange(
      this.namespace,
      startKey,
      request.getEndkey(),
      paginated ? total : first,
    );
    const id = `${this.#nextIteratorId++}`;
    if (paginated) {
      // A paginated query answers the whole page at once, with the bookmark the next page starts from.
      const response = queryResponse(
        results.map((entry) => kvBytes(this.namespace, entry)),
        false,
        id,
      );
      const responseMetadata = new peer.QueryResponseMetadata();
      responseMetadata.setFetchedRecordsCount(results.length);
      responseMetadata.setBookmark(nextKey ?? '');
      response.setMetadata(responseMetadata.serializeBinary());
      return response.serializeBinary();
    }
    const remaining = total - results.length;
    const hasMore = nextKey !== undefined && remaining > 0;
    if (hasMore) this.#iterators.set(id, { kind: 'range', query, nextKey, remaining });
    return queryResponse(
      results.map((entry) => kvBytes(this.namespace, entry)),
      hasMore,
      id,
    ).serializeBinary();
  }

  async #next(id: string): Promise<Uint8Array> {
    const iterator = this.#iterators.get(id);
    if (!iterator) throw new SimulationError(`query iterator not found`);
    if (iterator.kind === 'rich') {
      const { response, done } = await iterator.cursor.respond(id);
      if (done) this.#iterators.delete(id);
      return response.serializeBinary();
    }
    if (iterator.kind === 'history') {
      const batch = iterator.entries.slice(iterator.offset, iterator.offset + QUERY_BATCH_SIZE);
      iterator.offset += batch.length;
      const hasMore = iterator.offset < iterator.entries.length;
      if (!hasMore) this.#iterators.delete(id);
      return queryResponse(
        batch.map((modification) => modification.serializeBinary()),
        hasMore,
        id,
      ).serializeBinary();
    }
    const { results, nextKey } = await this.simulator.continueRange(
      this.namespace,
      iterator.query,
      iterator.nextKey!,
      Math.min(QUERY_BATCH_SIZE, iterator.remaining),
    );
    iterator.remaining -= results.length;
    iterator.nextKey = nextKey;
    const hasMore = nextKey !== undefined && iterator.remaining > 0;
    if (!hasMore) this.#iterators.delete(id);
    return queryResponse(
      results.map((entry) => kvBytes(this.namespace, entry)),
      hasMore,
      id,
    ).serializeBinary();
  }

  async #getQueryResult(request: peer.GetQueryResult): Promise<Uint8Array> {
    if (request.getCollection()) {
      return this.#private('GetPrivateDataQueryResult').getPrivateDataQueryResult(request);
    }
    const metadata = queryMetadataOf(request);
    const cursor = await openStateQuery(
      this.simulator,
      this.namespace,
      this.txId,
      this.options.queryIndexes ?? [],
      request,
      metadata,
    );
    const id = `${this.#nextIteratorId++}`;
    const { response, done } = await cursor.respond(id, totalReturnLimit(metadata));
    if (!done) this.#iterators.set(id, { kind: 'rich', cursor });
    return response.serializeBinary();
  }

  async #getHistory(key: string): Promise<Uint8Array> {
    const history = await this.simulator.historyOf(this.namespace, key);
    const entries = history.map((entry) => {
      const modification = new ledger.queryresult.KeyModification();
      modification.setTxId(entry.txId);
      modification.setValue(entry.value);
      modification.setIsDelete(entry.isDelete);
      const timestamp = new Timestamp();
      timestamp.setSeconds(entry.timestamp.seconds);
      timestamp.setNanos(entry.timestamp.nanos);
      modification.setTimestamp(timestamp);
      return modification;
    });
    const id = `${this.#nextIteratorId++}`;
    const batch = entries.slice(0, QUERY_BATCH_SIZE);
    const hasMore = entries.length > batch.length;
    if (hasMore) this.#iterators.set(id, { kind: 'history', entries, offset: batch.length });
    return queryResponse(
      batch.map((modification) => modification.serializeBinary()),
      hasMore,
      id,
    ).serializeBinary();
  }
}
