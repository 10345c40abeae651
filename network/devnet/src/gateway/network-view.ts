import type { ledger, peer } from '@hyperledger/fabric-protos';
import type { ExecutionRequest, ExecutionResult } from '../chaincode/connection';
import type { Identity, MembershipRegistry } from '../identity';
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
  /** Private data collections: the static ones of its collections file and the implicit per-org ones (none for a system chaincode). */
  collections?: ChaincodeCollections;
  /** The rest of its `_lifecycle` definition; system chaincodes have none. */
  definition?: ChaincodeDefinition;
  /** Set for a system chaincode (qscc, cscc, _lifecycle): the peer runs it in-process. */
  system?: SystemChaincodeRunner;
}

/** The parts of a committed `_lifecycle` definition beyond name, version and endorsement policy. */
export interface ChaincodeDefinition {
  sequence: number;
  /** Serialized common.ApplicationPolicy (the endorsement policy as the definition carries it). */
  validationParameter: Uint8Array;
  initRequired: boolean;
  collections: peer.CollectionConfigPackage;
}

/** A system chaincode as an endorsing peer runs it: in-process, knowing which org's peer it runs on. */
export interface SystemChaincodeRunner {
  execute(
    invocation: Pick<ExecutionRequest, 'input' | 'signedProposal'>,
    peerMspId: string,
  ): Promise<Pick<ExecutionResult, 'response' | 'event'>>;
}

/**
 * Private data of block `blockNum` held by the peer of org `mspId`, by transaction number, limited to collections
 * `requester` may read (Fabric's DeliverWithPrivateData leaves out memberOnlyRead collections whose policy the
 * requester does not satisfy).
 */
export type PrivateDataOf = (
  mspId: string,
  blockNum: number,
  requester: Identity,
) => Promise<ReadonlyMap<number, ledger.rwset.TxPvtReadWriteSet>>;

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
  /** What DeliverWithPrivateData sends with a block: blockPrivateData less what the requester may not read. */
  privateDataOf: PrivateDataOf;
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
