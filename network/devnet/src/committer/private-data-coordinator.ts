import { createHash } from 'node:crypto';
import type { ledger } from '@hyperledger/fabric-protos';
import { VALID, type OrgPrivateWrites } from '../ledger';
import type { PrivateDataChannel } from '../privdata/private-data-channel';
import type { ValidatedTx } from './tx-validator';

/**
 * What Fabric's private data coordinator does when a block commits, in one process: for each collection a valid
 * transaction wrote, take from the transient store the plaintext whose SHA-256 equals the block's pvt_rwset_hash
 * and give it to every member org's store. Plaintext that matches no hash is never stored; a member without it
 * behaves as a Fabric peer with missing private data (its reads fail).
 */
export function privateWritesOf(tx: ValidatedTx, channel: PrivateDataChannel): OrgPrivateWrites[] {
  if (tx.code !== VALID || !tx.pvtRwsetHashes || tx.pvtRwsetHashes.length === 0) return [];
  const candidates = channel.transientStore.candidates(tx.txId);
  const writes: OrgPrivateWrites[] = [];
  for (const { namespace, collection, hash } of tx.pvtRwsetHashes) {
    const rwset = matching(candidates, namespace, collection, hash);
    const config = channel.collectionsOf(namespace)?.get(collection);
    if (!rwset || !config) continue;
    for (const mspId of config.memberOrgs) {
      writes.push({ mspId, namespace, collection, blockToLive: config.blockToLive, rwset });
    }
  }
  return writes;
}

function matching(
  candidates: readonly ledger.rwset.TxPvtReadWriteSet[],
  namespace: string,
  collection: string,
  hash: Uint8Array,
): Uint8Array | undefined {
  for (const candidate of candidates) {
    for (const ns of candidate.getNsPvtRwsetList()) {
      if (ns.getNamespace() !== namespace) continue;
      for (const coll of ns.getCollectionPvtRwsetList()) {
        if (coll.getCollectionName() !== collection) continue;
        const bytes = coll.getRwset_asU8();
        if (Buffer.from(hash).equals(createHash('sha256').update(bytes).digest())) return bytes;
      }
    }
  }
  return undefined;
}
