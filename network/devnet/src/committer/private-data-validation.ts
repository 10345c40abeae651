import { ledger, peer } from '@hyperledger/fabric-protos';
import type { ChannelLedger, CollectionHashedWrites, Version } from '../ledger';
import { KEY_HASH_LENGTH } from '../ledger/private-key-layout';
import type { EndorsementPolicy } from '../policy';
import type { ChaincodeCollections } from '../privdata/collection-store';

const Code = peer.TxValidationCode;

/** One collection's part of a namespace's read-write set, as the block carries it: hashes only. */
export interface CollectionRwSet {
  readonly collection: string;
  readonly reads: readonly ledger.rwset.kvrwset.KVReadHash[];
  readonly writes: readonly ledger.rwset.kvrwset.KVWriteHash[];
  readonly metadataWrites: number;
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
    const hashed = ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(set.getHashedRwset_asU8());
    // Key hashes are SHA-256: anything else was not produced by an endorser.
    for (const entry of [...hashed.getHashedReadsList(), ...hashed.getHashedWritesList()]) {
      if (entry.getKeyHash_asU8().length !== KEY_HASH_LENGTH)
        throw new Error(`malformed key hash in collection ${collection}`);
    }
    return {
      collection,
      reads: hashed.getHashedReadsList(),
      writes: hashed.getHashedWritesList(),
      metadataWrites: hashed.getMetadataWritesList().length,
      pvtRwsetHash: set.getPvtRwsetHash_asU8(),
    };
  });
}

/** Map key of a hashed key: kept apart from public keys, which may contain anything. */
export function hashedKeyId(namespace: string, collection: string, keyHash: Uint8Array): string {
  return `${namespace}\u0000${collection}\u0000${Buffer.from(keyHash).toString('hex')}`;
}

export interface NamespaceWrites {
  readonly namespace: string;
  readonly publicWrites: number;
  readonly collections: readonly CollectionRwSet[];
}

export interface PolicyCheck {
  readonly policy: EndorsementPolicy;
  /** What the policy protects, for the failure message. */
  readonly what: string;
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
 * The endorsement policies a transaction must satisfy, with Fabric 2.x (v20 validation) rules: every namespace
 * written, and the invoked one, is validated; public writes need the chaincode's policy; writes to a collection
 * need the collection's own endorsement policy when it has one (an implicit collection: its org's peers), else
 * the chaincode's; a namespace with no policy checked that way needs the chaincode's policy.
 */
export function policiesToCheck(
  invoked: string,
  namespaces: readonly NamespaceWrites[],
  chaincodes: ReadonlyMap<string, { policy: EndorsementPolicy; collections?: ChaincodeCollections }>,
): PolicyCheck[] {
  const byNamespace = new Map(namespaces.map((ns) => [ns.namespace, ns]));
  const written = namespaces.filter(
    (ns) => ns.publicWrites > 0 || ns.collections.some((c) => c.writes.length > 0 || c.metadataWrites > 0),
  );
  const checks: PolicyCheck[] = [];
  for (const namespace of new Set([invoked, ...written.map((ns) => ns.namespace)])) {
    const chaincode = chaincodes.get(namespace);
    if (!chaincode) throw new PolicyLookupError(Code.ILLEGAL_WRITESET, `write to undefined namespace ${namespace}`);
    const ns = byNamespace.get(namespace);
    let chaincodePolicy = false;
    let anyChecked = false;
    if (ns && ns.publicWrites > 0) chaincodePolicy = true;
    for (const set of ns?.collections ?? []) {
      if (set.writes.length === 0 && set.metadataWrites === 0) continue;
      const collection = chaincode.collections?.get(set.collection);
      if (!collection) {
        throw new PolicyLookupError(
          Code.ENDORSEMENT_POLICY_FAILURE,
          `no such collection '${set.collection}' in chaincode ${namespace}`,
        );
      }
      if (collection.endorsementPolicy) {
        checks.push({
          policy: collection.endorsementPolicy,
          what: `collection ${set.collection} chaincode ${namespace}`,
        });
        anyChecked = true;
      } else {
        chaincodePolicy = true;
      }
    }
    if (chaincodePolicy || !anyChecked) checks.push({ policy: chaincode.policy, what: `chaincode ${namespace}` });
  }
  return checks;
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

/** A valid transaction's hashed writes for the ledger, with each collection's blockToLive. */
export function hashedWritesOf(
  namespace: string,
  collections: readonly CollectionRwSet[],
  chaincodeCollections: ChaincodeCollections | undefined,
): CollectionHashedWrites[] {
  return collections
    .filter((set) => set.writes.length > 0)
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
    }));
}
