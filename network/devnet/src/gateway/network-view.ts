import type { ledger, peer } from '@hyperledger/fabric-protos';
import type { ExecutionRequest, ExecutionResult } from '../chaincode/connection';
import type { Identity, MembershipRegistry } from '../identity';
import type { CommitNotifier } from '../committer/commit-notifier';
import type { Endorser } from '../endorser/endorser';
import type { ChannelLedger } from '../ledger';
import type { Orderer } from '../orderer/orderer';
import type { EndorsementPolicy } from '../policy';

/** A chaincode as committed on a channel (the `_lifecycle` definition) plus where it is installed. */
export interface DeployedChaincode {
  name: string;
  version: string;
  policy: EndorsementPolicy;
  /** MSP IDs of the orgs whose peers have it installed, in topology order. */
  installedOn: readonly string[];
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
  execute(request: ExecutionRequest, peerMspId: string): Promise<ExecutionResult>;
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
  privateDataOf: PrivateDataOf;
}

/** An org's endorsing peer as the gateway reaches it. */
export interface PeerEndpoint {
  mspId: string;
  /** host:port, reported in error details as Fabric does. */
  address: string;
  endorser: Endorser;
}

/** What one org's gateway can see of the network: channels and the peers currently up. */
export interface NetworkView {
  channel(name: string): ChannelRuntime | undefined;
  /** The org's peer, or undefined while it is stopped. */
  peer(mspId: string): PeerEndpoint | undefined;
}
