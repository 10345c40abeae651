import { ledger } from '@hyperledger/fabric-protos';
import { deserializeStateMetadata, type ChannelLedger, type StateEntry, type Version } from '../ledger';
import { PrivateRwSetBuilder } from './private-rwset';
import { compareUtf8 } from '../ledger/utf8-order';
import { metadataEntries } from '../ledger/state-metadata';
import { kvWrites, type BufferedWrite } from './kv-writes';

const { kvrwset } = ledger.rwset;

/** Matches Fabric: a range query result set is handed to the chaincode in batches of this size. */
export const QUERY_BATCH_SIZE = 100;
/** Fabric's core.ledger.state.totalQueryLimit default. */
export const TOTAL_QUERY_LIMIT = 100_000;

export class SimulationError extends Error {
  override readonly name = 'SimulationError';
}

type KeyWriteEntry = BufferedWrite;

interface RangeRead {
  key: string;
  version: Version;
}

interface RangeQuery {
  startKey: string;
  endKey: string;
  exhausted: boolean;
  reads: RangeRead[];
}

interface NamespaceRwSet {
  reads: Map<string, Version | null>;
  writes: Map<string, KeyWriteEntry>;
  rangeQueries: RangeQuery[];
  /** Key -> its new metadata entries (name -> value), as Fabric's rwset builder keeps the last call's map. */
  metadataWrites: Map<string, Map<string, Uint8Array>>;
}

export interface RangeResult {
  key: string;
  value: Uint8Array;
}

/**
 * Fabric's transaction simulator: reads come from committed state only (a read after a write in the same
 * transaction still sees the committed value), writes are buffered, and everything read is recorded with
 * its version so the committer can detect MVCC and phantom conflicts.
 */
export class TxSimulator {
  readonly #ledger: ChannelLedger;
  readonly #namespaces = new Map<string, NamespaceRwSet>();
  /** Private data reads and writes (see PrivateDataSimulator); their hashes join the read-write set. */
  readonly privateRwSet = new PrivateRwSetBuilder();
  #writePerformed = false;
  #paginatedQueryPerformed = false;
  #privateQueryPerformed = false;

  constructor(
    channelLedger: ChannelLedger,
    private readonly txId = '',
  ) {
    this.#ledger = channelLedger;
  }

  async getState(ns: string, key: string): Promise<Uint8Array | undefined> {
    const committed = await this.#ledger.getState(ns, key);
    const reads = this.#ns(ns).reads;
    if (!reads.has(key)) reads.set(key, committed ? committed.version : null);
    return committed?.value;
  }

  putState(ns: string, key: string, value: Uint8Array): void {
    this.#checkWriteAllowed();
    validateKey(key);
    this.#ns(ns).writes.set(key, { value, isDelete: false });
  }

  deleteState(ns: string, key: string): void {
    this.#checkWriteAllowed();
    validateKey(key);
    this.#ns(ns).writes.set(key, { isDelete: true });
  }

  /** The key's committed metadata entries; like Fabric it records a read of the key. */
  async getStateMetadata(ns: string, key: string): Promise<Map<string, Uint8Array>> {
    const committed = await this.#ledger.getState(ns, key);
    const reads = this.#ns(ns).reads;
    if (!reads.has(key)) reads.set(key, committed ? committed.version : null);
    return deserializeStateMetadata(committed?.metadata);
  }

  /** Replaces the key's metadata with `entries` (Fabric's SetStateMetadata: a write, subject to its rules). */
  putStateMetadata(ns: string, key: string, entries: Map<string, Uint8Array>): void {
    this.#checkWriteAllowed();
    validateKey(key);
    this.#ns(ns).metadataWrites.set(key, entries);
  }

  /**
   * Committed entries of a namespace from `startKey` (inclusive) in key order, not recorded: a rich query records
   * only the results it returns (see {@link noteQueryRead}).
   */
  scanForQuery(ns: string, startKey: string): AsyncIterable<StateEntry> {
    return this.#ledger.rangeScan(ns, startKey, '');
  }

  /** A rich query's result joins the read set as a plain read (MVCC-checked, with no phantom protection), as in Fabric. */
  noteQueryRead(ns: string, key: string, version: Version): void {
    this.#ns(ns).reads.set(key, version);
  }

  /**
   * Reads up to `limit` committed entries of [startKey, endKey) and records them as one range query.
   * Returns the entries plus the next key after them, if any (Fabric's bookmark).
   */
  async scanRange(
    ns: string,
    startKey: string,
    endKey: string,
    limit: number,
  ): Promise<{ results: RangeResult[]; nextKey: string | undefined; query: RangeQuery }> {
    const query: RangeQuery = { startKey, endKey, exhausted: false, reads: [] };
    this.#ns(ns).rangeQueries.push(query);
    const results: RangeResult[] = [];
    let nextKey: string | undefined;
    for await (const entry of this.#ledger.rangeScan(ns, startKey, endKey, limit + 1)) {
      if (results.length === limit) {
        nextKey = entry.key;
        break;
      }
      results.push({ key: entry.key, value: entry.value });
      query.reads.push({ key: entry.key, version: entry.version });
    }
    if (nextKey === undefined) query.exhausted = true;
    return { results, nextKey, query };
  }

  /** Continues a range query from `fromKey` (inclusive), adding what it reads to the same query record. */
  async continueRange(
    ns: string,
    query: RangeQuery,
    fromKey: string,
    limit: number,
  ): Promise<{ results: RangeResult[]; nextKey: string | undefined }> {
    const results: RangeResult[] = [];
    let nextKey: string | undefined;
    for await (const entry of this.#ledger.rangeScan(ns, fromKey, query.endKey, limit + 1)) {
      if (results.length === limit) {
        nextKey = entry.key;
        break;
      }
      results.push({ key: entry.key, value: entry.value });
      query.reads.push({ key: entry.key, version: entry.version });
    }
    query.exhausted = nextKey === undefined;
    return { results, nextKey };
  }

  /** A write to a private data collection: the same preconditions as a public write. */
  notePrivateWrite(key: string): void {
    this.#checkWriteAllowed();
    validateKey(key);
  }

  /** Range queries on private data are for read-only transactions, as in Fabric. */
  notePrivateQuery(): void {
    if (this.#writePerformed) {
      throw new SimulationError(
        `txid [${this.txId}]: unsuppored transaction. Queries on pvt data is supported only in a read-only transaction`,
      );
    }
    this.#privateQueryPerformed = true;
  }

  /** Pagination is for read-only transactions, as in Fabric. */
  notePaginatedQuery(txId: string): void {
    if (this.#writePerformed) {
      throw new SimulationError(
        `txid [${txId}]: unsuppored transaction. Paginated queries are supported only in a read-only transaction`,
      );
    }
    this.#paginatedQueryPerformed = true;
  }

  /** Public keys written per namespace (values, deletes or metadata): whose key-level policies the interest names. */
  writtenKeys(): Map<string, string[]> {
    const written = new Map<string, string[]>();
    for (const [ns, entry] of this.#namespaces) {
      const keys = new Set([...entry.writes.keys(), ...entry.metadataWrites.keys()]);
      if (keys.size > 0) written.set(ns, [...keys]);
    }
    return written;
  }

  historyOf(ns: string, key: string): ReturnType<ChannelLedger['getHistory']> {
    return this.#ledger.getHistory(ns, key);
  }

  /** The read-write set as the endorser puts it into ChaincodeAction.results (namespaces and keys sorted). */
  toTxReadWriteSet(): ledger.rwset.TxReadWriteSet {
    const rwset = new ledger.rwset.TxReadWriteSet();
    rwset.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
    const namespaces = new Set([...this.#namespaces.keys(), ...this.privateRwSet.namespaces()]);
    for (const ns of [...namespaces].sort(compareUtf8)) {
      const entry: NamespaceRwSet = this.#namespaces.get(ns) ?? {
        reads: new Map(),
        writes: new Map(),
        rangeQueries: [],
        metadataWrites: new Map(),
      };
      const kv = new kvrwset.KVRWSet();
      kv.setReadsList(
        [...entry.reads.keys()].sort(compareUtf8).map((key) => {
          const read = new kvrwset.KVRead();
          read.setKey(key);
          const version = entry.reads.get(key);
          if (version) read.setVersion(toProtoVersion(version));
          return read;
        }),
      );
      kv.setRangeQueriesInfoList(
        entry.rangeQueries.map((query) => {
          const info = new kvrwset.RangeQueryInfo();
          info.setStartKey(query.startKey);
          info.setEndKey(query.endKey);
          info.setItrExhausted(query.exhausted);
          const raw = new kvrwset.QueryReads();
          raw.setKvReadsList(
            query.reads.map((read) => {
              const kvRead = new kvrwset.KVRead();
              kvRead.setKey(read.key);
              kvRead.setVersion(toProtoVersion(read.version));
              return kvRead;
            }),
          );
          info.setRawReads(raw);
          return info;
        }),
      );
      kv.setWritesList(kvWrites(entry.writes));
      kv.setMetadataWritesList(
        [...entry.metadataWrites.keys()].sort(compareUtf8).map((key) => {
          const write = new kvrwset.KVMetadataWrite();
          write.setKey(key);
          const entries = entry.metadataWrites.get(key)!;
          write.setEntriesList(metadataEntries(entries));
          return write;
        }),
      );
      const nsRwSet = new ledger.rwset.NsReadWriteSet();
      nsRwSet.setNamespace(ns);
      nsRwSet.setRwset(kv.serializeBinary());
      nsRwSet.setCollectionHashedRwsetList(this.privateRwSet.hashedRwSets(ns));
      rwset.addNsRwset(nsRwSet);
    }
    return rwset;
  }

  #checkWriteAllowed(): void {
    if (this.#privateQueryPerformed) {
      throw new SimulationError(
        `txid [${this.txId}]: unsuppored transaction. Transaction has already performed queries on pvt data. Writes are not allowed`,
      );
    }
    if (this.#paginatedQueryPerformed) {
      throw new SimulationError(
        'unsuppored transaction. Transaction has already performed a paginated query. Writes are not allowed',
      );
    }
    this.#writePerformed = true;
  }

  #ns(ns: string): NamespaceRwSet {
    let entry = this.#namespaces.get(ns);
    if (!entry) {
      entry = { reads: new Map(), writes: new Map(), rangeQueries: [], metadataWrites: new Map() };
      this.#namespaces.set(ns, entry);
    }
    return entry;
  }
}

function validateKey(key: string): void {
  if (key === '') throw new SimulationError('key must not be an empty string');
}

function toProtoVersion(version: Version): ledger.rwset.kvrwset.Version {
  const proto = new kvrwset.Version();
  proto.setBlockNum(version.blockNum);
  proto.setTxNum(version.txNum);
  return proto;
}
