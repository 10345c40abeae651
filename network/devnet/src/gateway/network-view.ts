import type { ledger } from '@hyperledger/fabric-protos';
import type { MembershipRegistry } from '../identity';
import type { CommitNotifier } from '../committer/commit-notifier';
import type { Endorser } from '../endorser/endorser';
import type { ChannelLedger } from '../ledger';
import type { Orderer } from '../orderer/orderer';
import type { EndorsementPolicy } from '../policy';
import type { ChaincodeCollections } from '../privdata/collection-store';
import type { PrivateDataChannel } from '../privdata/private-data-channel';

/** A chaincode as committed on a channel (the `_lifecycle` definition) plus where it is installed. */
export interface DeployedChaincode {
  name: string;
  version: string;
  policy: EndorsementPolicy;
  /** MSP IDs of the orgs whose peers have it installed, in topology order. */
  installedOn: readonly string[];
  /** Private data collections: the static ones of its collections file and the implicit per-org ones. */
  collections: ChaincodeCollections;
}

/** Everything the gateway needs of one channel. */
export interface ChannelRuntime {
  name: string;
  ledger: ChannelLedger;
  membership: MembershipRegistry;
  chaincodes: ReadonlyMap<string, DeployedChaincode>;
  orderer: Orderer;
  notifier: CommitNotifier;
  /** Collections, transient store and peer availability for private data. */
  privateData: PrivateDataChannel;
  /**
   * The private data an org's peer holds for a committed block (what Deliver with private data sends): by
   * transaction number, only collections the org is a member of, until blockToLive expiry or a purge removes it.
   */
  blockPrivateData(mspId: string, blockNum: number): Promise<Map<number, ledger.rwset.TxPvtReadWriteSet>>;
}

/** An org's endorsing peer as the gateway reaches it. */
export interface PeerEndpoint {
  mspId: string;
  /** The peer's host name and port (`peer0.org1.example.com:7051`), as Fabric's error details address it. */
  address: string;
  endorser: Endorser;
}

/** What one org's gateway can see of the network: channels and the peers currently up. */
export interface NetworkView {
  channel(name: string): ChannelRuntime | undefined;
  /** The org's peer, or undefined while it is stopped. */
  peer(mspId: string): PeerEndpoint | undefined;
  /** The org's peer's address as in {@link PeerEndpoint.address}, also while it is stopped. */
  peerAddress(mspId: string): string | undefined;
}
