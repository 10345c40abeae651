import { ledger, peer } from '@hyperledger/fabric-protos';
import { metadataOfWrite, type ChannelLedger, type CollectionHashedWrites, type Version } from '../ledger';
import { KEY_HASH_LENGTH } from '../ledger/private-key-layout';
import type { EndorsementPolicy } from '../policy';
import type { ChaincodeCollections } from '../privdata/collection-store';
import { decode } from '../wire';

const Code = peer.TxValidationCode;

/** One collection's part of a namespace's read-write set, as the block carries it: hashes only. */
export interface CollectionRwSet {
  readonly collection: string;
  readonly reads: readonly ledger.rwset.kvrwset.KVReadHash[];
  readonly writes: readonly ledger.rwset.kvrwset.KVWriteHash[];
  readonly metadataWrites: readonly ledger.rwset.kvrwset.KVMetadataWriteHash[];
  /** SHA-256 of the collection's private KVRWSet bytes (empty when it wrote nothing). */
  readonly pvtRwsetHash: Uint8Array;
}

/** A namespace's hashed sets; throws on malformed bytes (the caller turns that into BAD_RWSET). */
export function parseCollectionRwSets(nsRwSet: ledger.rwset.NsReadWriteSet): CollectionRwSet[] {
  const seen = new Set<string>();
  return nsRwSet.getCollectionHashedRwsetList().map((set) => {
    const collection = set.getCollectionName();
    if (seen.has(collection))
      throw new Error(`duplicate collection ${collection} in namespace ${nsRwSet.getNamespace()}`);
    seen.add(collection);
    if (collection === '' || collection.includes('\0'))
      throw new Error(`invalid collection name ${JSON.stringify(collection)}`);
    const hashed = decode(ledger.rwset.kvrwset.HashedRWSet, set.getHashedRwset_asU8());
    // Key hashes are SHA-256: anything else was not produced by an endorser.
    for (const entry of [
      ...hashed.getHashedReadsList(),
      ...hashed.getHashedWritesList(),
      ...hashed.getMetadataWritesList(),
    ]) {
      if (entry.getKeyHash_asU8().length !== KEY_HASH_LENGTH)
        throw new Error(`malformed key hash in collection ${collection}`);
    }
    return {
      collection,
      reads: hashed.getHashedReadsList(),
      writes: hashed.getHashedWritesList(),
      metadataWrites: hashed.getMetadataWritesList(),
      pvtRwsetHash: set.getPvtRwsetHash_asU8(),
    };
  });
}

/** Map key of a hashed key: kept apart from public keys, which may contain anything. */
export function hashedKeyId(namespace: string, collection: string, keyHash: Uint8Array): string {
  return `${namespace}\u0000${collection}\u0000${Buffer.from(keyHash).toString('hex')}`;
}

/** A collection a transaction writes to (values or metadata), with its own endorsement policy if it has one. */
export interface CollectionEndorsement {
  readonly collection: string;
  /** The collection's endorsement policy; absent: the chaincode's policy applies to its writes. */
  readonly policy?: EndorsementPolicy;
  /** Key hashes the transaction writes, deletes or purges: each needs its key-level policy if it has one. */
  readonly writes: readonly Uint8Array[];
  /** Key hashes whose metadata (key-level endorsement policy) the transaction sets or removes. */
  readonly metadataWrites: readonly Uint8Array[];
}

export class PolicyLookupError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The collections of one namespace that a transaction writes, with the policy Fabric's v20 validation applies to
 * those writes: the collection's own endorsement policy when it has one (an implicit collection: its org's
 * peers), else the chaincode's. A collection the chaincode does not have fails the transaction's endorsement.
 */
export function writtenCollections(
  namespace: string,
  sets: readonly CollectionRwSet[],
  collections: ChaincodeCollections | undefined,
): CollectionEndorsement[] {
  return sets
    .filter((set) => set.writes.length > 0 || set.metadataWrites.length > 0)
    .map((set) => {
      const collection = collections?.get(set.collection);
      if (!collection) {
        throw new PolicyLookupError(
          Code.ENDORSEMENT_POLICY_FAILURE,
          `no such collection '${set.collection}' in chaincode ${namespace}`,
        );
      }
      return {
        collection: set.collection,
        policy: collection.endorsementPolicy,
        writes: set.writes.map((write) => write.getKeyHash_asU8()),
        metadataWrites: set.metadataWrites.map((write) => write.getKeyHash_asU8()),
      };
    });
}

/** MVCC on hashed reads: a key hash read must still have the version it had, and no earlier write in the block. */
export function hashedReadConflict(
  namespace: string,
  collections: readonly CollectionRwSet[],
  committed: ReadonlyMap<string, Version | undefined>,
  blockUpdates: ReadonlySet<string>,
): string | undefined {
  for (const set of collections) {
    for (const read of set.reads) {
      const id = hashedKeyId(namespace, set.collection, read.getKeyHash_asU8());
      if (blockUpdates.has(id)) return `hashed key in collection ${set.collection} was updated earlier in the block`;
      const version = committed.get(id);
      const readVersion = read.getVersion();
      const same =
        !version || !readVersion
          ? !version && !readVersion
          : version.blockNum === readVersion.getBlockNum() && version.txNum === readVersion.getTxNum();
      if (!same) return `hashed key in collection ${set.collection} changed since it was read`;
    }
  }
  return undefined;
}

/** Committed versions of every hashed key the transactions read, fetched concurrently. */
export async function prefetchHashedVersions(
  namespaces: Iterable<{ namespace: string; collections: readonly CollectionRwSet[] }>,
  channelLedger: ChannelLedger,
): Promise<Map<string, Version | undefined>> {
  const versions = new Map<string, Version | undefined>();
  const pending: Promise<void>[] = [];
  for (const { namespace, collections } of namespaces) {
    for (const set of collections) {
      for (const read of set.reads) {
        const keyHash = read.getKeyHash_asU8();
        const id = hashedKeyId(namespace, set.collection, keyHash);
        if (versions.has(id)) continue;
        versions.set(id, undefined);
        pending.push(
          channelLedger.privateState
            .getHashed(namespace, set.collection, keyHash)
            .then((hashed) => void versions.set(id, hashed?.version)),
        );
      }
    }
  }
  await Promise.all(pending);
  return versions;
}

/** A valid transaction's hashed writes and metadata writes for the ledger, with each collection's blockToLive. */
export function hashedWritesOf(
  namespace: string,
  collections: readonly CollectionRwSet[],
  chaincodeCollections: ChaincodeCollections | undefined,
): CollectionHashedWrites[] {
  return collections
    .filter((set) => set.writes.length > 0 || set.metadataWrites.length > 0)
    .map((set) => ({
      namespace,
      collection: set.collection,
      blockToLive: chaincodeCollections?.get(set.collection)?.blockToLive ?? 0,
      writes: set.writes.map((write) => ({
        keyHash: write.getKeyHash_asU8(),
        ...(write.getValueHash_asU8().length > 0 ? { valueHash: write.getValueHash_asU8() } : {}),
        isDelete: write.getIsDelete(),
        isPurge: write.getIsPurge(),
      })),
      metadataWrites: set.metadataWrites.map((write) => ({
        keyHash: write.getKeyHash_asU8(),
        metadata: metadataOfWrite(write),
      })),
    }));
}
