import { peer } from '@hyperledger/fabric-protos';
import type { CouchIndex } from '../ledger/couchdb';
import type { SignerIdentity } from '../policy';
import type { ChaincodeCollections, Collection } from '../privdata/collection-store';
import { IMPLICIT_COLLECTION_PREFIX } from '../privdata/collection-store';
import type { PrivateDataSimulator } from './private-data-simulator';
import { queryMetadataOf, RichQueryCursor, totalReturnLimit } from './rich-query-requests';
import { metadataOfRequest, stateMetadataResult } from './state-metadata-requests';
import { QUERY_BATCH_SIZE, TOTAL_QUERY_LIMIT, SimulationError } from './tx-simulator';
import { decode } from '../wire';
import { kvBytes, queryResponse } from './query-response';

const Type = peer.ChaincodeMessage.Type;
/** Iterator IDs of private range and rich queries; public ones are plain numbers. */
const ITERATOR_PREFIX = 'pvt-';

interface PrivateRangeIterator {
  readonly kind: 'range';
  readonly coll: string;
  readonly endKey: string;
  nextKey: string;
  remaining: number;
}

interface PrivateRichQueryIterator {
  readonly kind: 'rich';
  readonly cursor: RichQueryCursor;
}

type PrivateIterator = PrivateRangeIterator | PrivateRichQueryIterator;

export interface PrivateDataRequestsOptions {
  readonly simulator: PrivateDataSimulator;
  readonly collections: ChaincodeCollections;
  /** The proposal's creator; undefined when the channel's MSPs do not know it (then it is no member). */
  readonly creator: SignerIdentity | undefined;
  readonly namespace: string;
  readonly channelId: string;
  readonly txId: string;
  /**
   * The chaincode's META-INF/statedb/couchdb/collections/<collection>/indexes, by collection. As Fabric, only the
   * chaincode's static collections get them (an index folder naming any other collection is ignored).
   */
  readonly collectionIndexes?: ReadonlyMap<string, readonly CouchIndex[]>;
}

/**
 * The shim calls that name a private data collection, answered as Fabric's chaincode handler does: the
 * collection must exist, the creator needs read or write permission (memberOnlyRead / memberOnlyWrite), then
 * the simulator does the work. Errors carry Fabric's `<TYPE> failed: transaction ID: <txid>: ` prefix.
 */
export class PrivateDataRequests {
  readonly #options: PrivateDataRequestsOptions;
  readonly #iterators = new Map<string, PrivateIterator>();
  readonly #permissions = new Map<string, { read: boolean; write: boolean }>();
  #nextIteratorId = 0;

  constructor(options: PrivateDataRequestsOptions) {
    this.#options = options;
  }

  /** GET_STATE with a collection: GetPrivateData. */
  getPrivateData(request: peer.GetState): Promise<Uint8Array> {
    return this.#wrap(Type.GET_STATE, async () => {
      const coll = this.#readable(request.getCollection());
      return (await this.#options.simulator.getPrivateData(this.#ns, coll, request.getKey())) ?? new Uint8Array();
    });
  }

  /** GET_PRIVATE_DATA_HASH: no permission check, as in Fabric (the hash is on every peer). */
  getPrivateDataHash(request: peer.GetState): Promise<Uint8Array> {
    return this.#wrap(Type.GET_PRIVATE_DATA_HASH, async () => {
      const coll = this.#defined(request.getCollection());
      return (await this.#options.simulator.getPrivateDataHash(this.#ns, coll, request.getKey())) ?? new Uint8Array();
    });
  }

  /** PUT_STATE with a collection: PutPrivateData (an empty value deletes, as in Fabric). */
  putPrivateData(request: peer.PutState): Promise<Uint8Array> {
    return this.#wrap(Type.PUT_STATE, () => {
      const coll = this.#writable(request.getCollection());
      this.#options.simulator.putPrivateData(this.#ns, coll, request.getKey(), request.getValue_asU8());
      return Promise.resolve(new Uint8Array());
    });
  }

  /** DEL_STATE with a collection: DelPrivateData. */
  deletePrivateData(request: peer.DelState): Promise<Uint8Array> {
    return this.#wrap(Type.DEL_STATE, () => {
      const coll = this.#writable(request.getCollection());
      this.#options.simulator.deletePrivateData(this.#ns, coll, request.getKey());
      return Promise.resolve(new Uint8Array());
    });
  }

  /** GET_STATE_METADATA with a collection: GetPrivateDataValidationParameter, from the hashed state. */
  getPrivateDataMetadata(request: peer.GetStateMetadata): Promise<Uint8Array> {
    return this.#wrap(Type.GET_STATE_METADATA, async () => {
      const coll = this.#readable(request.getCollection());
      return stateMetadataResult(
        await this.#options.simulator.getPrivateDataMetadata(this.#ns, coll, request.getKey()),
      );
    });
  }

  /** PUT_STATE_METADATA with a collection: SetPrivateDataValidationParameter. */
  putPrivateDataMetadata(request: peer.PutStateMetadata): Promise<Uint8Array> {
    return this.#wrap(Type.PUT_STATE_METADATA, () => {
      const entries = metadataOfRequest(request);
      const coll = this.#writable(request.getCollection());
      this.#options.simulator.putPrivateDataMetadata(this.#ns, coll, request.getKey(), entries);
      return Promise.resolve(new Uint8Array());
    });
  }

  /** PURGE_PRIVATE_DATA (Fabric 2.5). */
  purgePrivateData(request: peer.DelState): Promise<Uint8Array> {
    return this.#wrap(Type.PURGE_PRIVATE_DATA, () => {
      if (request.getCollection() === '') throw new SimulationError('only applicable for private data');
      const coll = this.#writable(request.getCollection());
      this.#options.simulator.purgePrivateData(this.#ns, coll, request.getKey());
      return Promise.resolve(new Uint8Array());
    });
  }

  /** GET_STATE_BY_RANGE with a collection: private ranges and partial composite keys, in batches of 100. */
  getPrivateDataByRange(request: peer.GetStateByRange): Promise<Uint8Array> {
    return this.#wrap(Type.GET_STATE_BY_RANGE, async () => {
      const coll = this.#readable(request.getCollection());
      this.#options.simulator.beginQuery();
      const metadataBytes = request.getMetadata_asU8();
      const pageSize = metadataBytes.length > 0 ? decode(peer.QueryMetadata, metadataBytes).getPagesize() : 0;
      const total = pageSize > 0 && pageSize < TOTAL_QUERY_LIMIT ? pageSize : TOTAL_QUERY_LIMIT;
      const id = `${ITERATOR_PREFIX}${this.#nextIteratorId++}`;
      const iterator: PrivateRangeIterator = {
        kind: 'range',
        coll,
        endKey: request.getEndkey(),
        nextKey: request.getStartkey(),
        remaining: total,
      };
      return this.#batch(id, iterator);
    });
  }

  /**
   * GET_QUERY_RESULT with a collection: GetPrivateDataQueryResult, as Fabric's handler and ledger run it. The
   * creator needs read permission; the query is for read-only transactions; it runs over this peer's own
   * plaintext of the collection with the collection's indexes (a non-member peer holds none: no results); it has
   * no pagination (a page size in the metadata only caps the first response, as Fabric's totalReturnLimit does);
   * nothing joins the read set, so a change to a returned key is no conflict.
   */
  getPrivateDataQueryResult(request: peer.GetQueryResult): Promise<Uint8Array> {
    return this.#wrap(Type.GET_QUERY_RESULT, async () => {
      const metadata = queryMetadataOf(request);
      const name = request.getCollection();
      this.#checkRead(name);
      this.#options.simulator.beginQuery();
      const coll = this.#defined(name);
      const ns = this.#ns;
      const cursor = await RichQueryCursor.open(
        {
          scan: (startKey) => this.#options.simulator.scanForQuery(ns, coll, startKey),
          indexes: this.#indexesOf(coll),
        },
        ns,
        request.getQuery(),
      );
      const id = `${ITERATOR_PREFIX}${this.#nextIteratorId++}`;
      const { response, done } = await cursor.respond(id, totalReturnLimit(metadata));
      if (!done) this.#iterators.set(id, { kind: 'rich', cursor });
      return response.serializeBinary();
    });
  }

  /** Whether a QUERY_STATE_NEXT/CLOSE iterator ID is one of this handler's. */
  owns(id: string): boolean {
    return id.startsWith(ITERATOR_PREFIX);
  }

  next(id: string): Promise<Uint8Array> {
    return this.#wrap(Type.QUERY_STATE_NEXT, async () => {
      const iterator = this.#iterators.get(id);
      if (!iterator) throw new SimulationError(`query iterator not found`);
      if (iterator.kind === 'range') return this.#batch(id, iterator);
      const { response, done } = await iterator.cursor.respond(id);
      if (done) this.#iterators.delete(id);
      return response.serializeBinary();
    });
  }

  close(id: string): Uint8Array {
    this.#iterators.delete(id);
    return queryResponse([], false, id).serializeBinary();
  }

  get #ns(): string {
    return this.#options.namespace;
  }

  async #batch(id: string, iterator: PrivateRangeIterator): Promise<Uint8Array> {
    const { results, nextKey } = await this.#options.simulator.scanRange(
      this.#ns,
      iterator.coll,
      iterator.nextKey,
      iterator.endKey,
      Math.min(QUERY_BATCH_SIZE, iterator.remaining),
    );
    iterator.remaining -= results.length;
    const hasMore = nextKey !== undefined && iterator.remaining > 0;
    if (hasMore) {
      iterator.nextKey = nextKey;
      this.#iterators.set(id, iterator);
    } else {
      this.#iterators.delete(id);
    }
    return queryResponse(
      results.map((entry) => kvBytes(this.#ns, entry)),
      hasMore,
      id,
    ).serializeBinary();
  }

  /** Fabric's collection look-up before a permission check: implicit collections of any MSP pass it. */
  #lookup(name: string): Collection | undefined {
    const collection = this.#options.collections.get(name);
    if (!collection && !name.startsWith(IMPLICIT_COLLECTION_PREFIX)) {
      throw new SimulationError(`collection ${this.#options.channelId}/${this.#ns}/${name} could not be found`);
    }
    return collection;
  }

  /** The simulator's own check: the collection must be in the chaincode's collection config. */
  #defined(name: string): string {
    if (!this.#options.collections.get(name)) {
      throw new SimulationError(
        `collection [${name}] not defined in the collection config for chaincode [${this.#ns}]`,
      );
    }
    return name;
  }

  #readable(name: string): string {
    this.#checkRead(name);
    return this.#defined(name);
  }

  /** Fabric's errorIfCreatorHasNoReadPermission (memberOnlyRead). */
  #checkRead(name: string): void {
    if (!this.#permission(name).read) {
      throw new SimulationError(
        `tx creator does not have read access permission on privatedata in chaincodeName:${this.#ns} collectionName: ${name}`,
      );
    }
  }

  /** A collection's own indexes; implicit collections have none, as Fabric creates them only for static ones. */
  #indexesOf(name: string): readonly CouchIndex[] {
    if (this.#options.collections.get(name)?.implicit !== false) return [];
    return this.#options.collectionIndexes?.get(name) ?? [];
  }

  #writable(name: string): string {
    if (!this.#permission(name).write) {
      throw new SimulationError(
        `tx creator does not have write access permission on privatedata in chaincodeName:${this.#ns} collectionName: ${name}`,
      );
    }
    return this.#defined(name);
  }

  /** Fabric's RetrieveReadWritePermission, remembered per collection for the transaction. */
  #permission(name: string): { read: boolean; write: boolean } {
    let permission = this.#permissions.get(name);
    if (!permission) {
      const collection = this.#lookup(name);
      if (!collection || (!collection.memberOnlyRead && !collection.memberOnlyWrite)) {
        permission = { read: true, write: true };
      } else if (this.#options.creator && collection.isMember(this.#options.creator)) {
        permission = { read: true, write: true };
      } else {
        permission = { read: !collection.memberOnlyRead, write: !collection.memberOnlyWrite };
      }
      this.#permissions.set(name, permission);
    }
    return permission;
  }

  async #wrap(type: number, operation: () => Promise<Uint8Array>): Promise<Uint8Array> {
    try {
      return await operation();
    } catch (err) {
      const name = Object.entries(Type).find(([, value]) => value === type)?.[0] ?? String(type);
      throw new SimulationError(`${name} failed: transaction ID: ${this.#options.txId}: ${(err as Error).message}`);
    }
  }
}
