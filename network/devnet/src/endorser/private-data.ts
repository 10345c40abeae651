import type { Identity } from '../identity';
import type { ChannelLedger } from '../ledger';
import type { CouchIndex } from '../ledger/couchdb';
import type { ChaincodeCollections } from '../privdata/collection-store';
import { checkDissemination } from '../privdata/dissemination';
import type { PrivateDataChannel } from '../privdata/private-data-channel';
import { PrivateDataRequests } from './private-data-requests';
import { PrivateDataSimulator } from './private-data-simulator';
import type { UnpackedProposal } from './proposal';
import type { TxSimulator } from './tx-simulator';

/** What a chaincode's collection calls need of the transaction they run in. */
export interface PrivateDataTx {
  channelId: string;
  txId: string;
  /** The proposal creator's serialized identity: collection membership checks are about it. */
  creator: Uint8Array;
  simulator: TxSimulator;
  ledger: ChannelLedger;
}

/**
 * The shim handler for one chaincode's collection calls in a transaction simulated on the peer of `mspId`;
 * `collectionIndexes` are the chaincode package's collection indexes, for rich queries.
 */
export function privateDataRequests(
  tx: PrivateDataTx,
  mspId: string,
  collections: ChaincodeCollections,
  collectionIndexes?: ReadonlyMap<string, readonly CouchIndex[]>,
): PrivateDataRequests {
  let creator: Identity | undefined;
  try {
    creator = collections.channel.membership.deserialize(tx.creator);
  } catch {
    creator = undefined; // not a channel identity: a member of no collection
  }
  return new PrivateDataRequests({
    simulator: new PrivateDataSimulator(tx.simulator, tx.ledger, mspId),
    collections,
    creator,
    namespace: collections.chaincodeName,
    channelId: tx.channelId,
    txId: tx.txId,
    collectionIndexes,
  });
}

/**
 * Fabric's private data distribution after simulation: every collection written must reach its
 * requiredPeerCount of other member peers that are up, or the endorsement fails; then the private write set
 * waits in the transient store (`persist`; evaluations are never ordered, so they skip it) until the committer
 * hands it to the member orgs' stores.
 */
export function distributePrivateData(
  up: UnpackedProposal,
  mspId: string,
  simulator: TxSimulator,
  channelLedger: ChannelLedger,
  channel: PrivateDataChannel,
  persist: boolean,
): void {
  const pvt = simulator.privateRwSet.toTxPvtReadWriteSet();
  if (!pvt) return;
  try {
    for (const ns of pvt.getNsPvtRwsetList()) {
      const collections = channel.collectionsOf(ns.getNamespace());
      for (const coll of ns.getCollectionPvtRwsetList()) {
        const collection = collections?.get(coll.getCollectionName());
        if (!collection) {
          throw new Error(
            `could not find collection access policy for ${ns.getNamespace()} and collection ${coll.getCollectionName()}`,
          );
        }
        checkDissemination(ns.getNamespace(), collection, mspId, (org) => channel.isPeerUp(org));
      }
    }
  } catch (err) {
    throw new Error(
      `failed to distribute private collection, txID ${up.txId}, channel ${up.channelId}: ${(err as Error).message}`,
    );
  }
  if (persist) channel.transientStore.persist(up.txId, channelLedger.height(), pvt);
}
