import { peer } from '@hyperledger/fabric-protos';
import type { ChaincodeConnection, ExecutionResult } from '../chaincode/connection';
import type { ChaincodeRuntime } from '../chaincode/runtime';
import type { NetworkView } from '../gateway/network-view';
import type { ChannelLedger } from '../ledger';
import type { ChaincodeIndexes } from '../ledger/couchdb';
import type { ChaincodeCollections } from '../privdata/collection-store';
import { privateDataRequests } from './private-data';
import { ShimRequests } from './shim-requests';
import { SimulationError, TxSimulator } from './tx-simulator';
import { decode } from '../wire';

/** What every chaincode running for one transaction on this peer shares (Fabric's TransactionParams). */
export interface TransactionContext {
  channelId: string;
  txId: string;
  signedProposal: peer.SignedProposal;
  /** Serialized identity of the proposal's creator, for the ACL of calls into other channels. */
  creator: Uint8Array;
  simulator: TxSimulator;
  /** The ledger of the channel the simulation reads (private data reads need it). */
  ledger: ChannelLedger;
}

export interface ChaincodeInvokerOptions {
  /** The peer's org: it can call only into channels it is a member of. */
  mspId: string;
  runtime: ChaincodeRuntime;
  /** The channels this peer serves; without it, chaincode-to-chaincode calls are refused. */
  network?: NetworkView;
  executeTimeoutMs: number;
  /** CouchDB index definitions of the installed chaincodes, by chaincode ID (name:version), for rich queries. */
  queryIndexes?: ReadonlyMap<string, ChaincodeIndexes>;
}

/** A chaincode to run: its definition's name and version, and its private data collections on the channel. */
export interface ChaincodeRef {
  name: string;
  version: string;
  collections?: ChaincodeCollections;
}

/** Fabric's default ACL of `peer/ChaincodeToChaincode`. */
const C2C_POLICY = '/Channel/Application/Writers';

/**
 * Runs chaincode for a transaction on one peer: the proposal's chaincode, and every chaincode it calls with
 * INVOKE_CHAINCODE, as Fabric's chaincode handler does. A call on the same channel runs in the same transaction
 * context (same transaction ID, the caller's simulator, so the callee's reads and writes land in the
 * transaction under its own namespace); a call into another channel runs on a simulator of that channel whose
 * results are discarded (Fabric: only the response comes back). The callee's chaincode event is dropped, its
 * response reaches the caller whatever its status, and a chaincode that is already executing the transaction
 * cannot be entered again (Fabric's "txid exists").
 */
export class ChaincodeInvoker {
  constructor(private readonly options: ChaincodeInvokerOptions) {}

  /** Runs `chaincode` with `input` (ChaincodeInput bytes) in the transaction context. */
  async execute(tx: TransactionContext, chaincode: ChaincodeRef, input: Uint8Array): Promise<ExecutionResult> {
    const connection = await this.options.runtime.connection(chaincode.name, chaincode.version);
    return this.#run(connection, tx, chaincode, input);
  }

  #run(connection: ChaincodeConnection, tx: TransactionContext, chaincode: ChaincodeRef, input: Uint8Array) {
    const indexes = this.options.queryIndexes?.get(`${chaincode.name}:${chaincode.version}`);
    return connection.execute({
      channelId: tx.channelId,
      txId: tx.txId,
      type: peer.ChaincodeMessage.Type.TRANSACTION,
      input,
      signedProposal: tx.signedProposal,
      requests: new ShimRequests({
        simulator: tx.simulator,
        namespace: chaincode.name,
        txId: tx.txId,
        invokeChaincode: (payload) => this.#invoke(tx, payload),
        queryIndexes: indexes?.state,
        privateData:
          chaincode.collections &&
          privateDataRequests(tx, this.options.mspId, chaincode.collections, indexes?.collections),
      }),
      timeoutMs: this.options.executeTimeoutMs,
    });
  }

  /** Answers INVOKE_CHAINCODE: RESPONSE payload is the callee's serialized COMPLETED (or ERROR) message. */
  async #invoke(caller: TransactionContext, payload: Uint8Array): Promise<Uint8Array> {
    try {
      return await this.#call(caller, payload);
    } catch (err) {
      throw new SimulationError(`INVOKE_CHAINCODE failed: transaction ID: ${caller.txId}: ${(err as Error).message}`);
    }
  }

  async #call(caller: TransactionContext, payload: Uint8Array): Promise<Uint8Array> {
    let spec: peer.ChaincodeSpec;
    try {
      spec = decode(peer.ChaincodeSpec, payload);
    } catch (err) {
      throw new Error(`unmarshal failed: ${(err as Error).message}`);
    }
    // `name[:version][/channel]`; the version is ignored (the channel's definition decides), as in Fabric.
    const target = spec.getChaincodeId()?.getName() ?? '';
    const slash = target.indexOf('/');
    const channelId = slash >= 0 ? target.slice(slash + 1) : caller.channelId;
    const name = (slash >= 0 ? target.slice(0, slash) : target).split(':')[0];

    // A peer knows only the channels its org has joined.
    const channel = this.options.network?.channel(channelId);
    if (!channel || !channel.membership.mspIds.includes(this.options.mspId)) {
      throw new Error(`Failed to get policy manager for channel [${channelId}]`);
    }
    if (channelId !== caller.channelId) this.#checkWriters(caller, channel.membership, channelId);

    const invalid = (reason: string): Error =>
      new Error(
        `execute failed: invalid invocation: [channel ${channelId}] failed to get chaincode container info for ${name}: ${reason}`,
      );
    const definition = channel.chaincodes.get(name);
    if (!definition) throw invalid(`chaincode ${name} not found`);
    if (!this.options.runtime.isInstalled(name, definition.version)) {
      throw invalid(`chaincode definition for '${name}' exists, but chaincode is not installed`);
    }
    let connection: ChaincodeConnection;
    try {
      connection = await this.options.runtime.connection(name, definition.version);
    } catch (err) {
      throw new Error(`execute failed: ${(err as Error).message}`);
    }
    const callee: TransactionContext = {
      ...caller,
      channelId,
      simulator: channelId === caller.channelId ? caller.simulator : new TxSimulator(channel.ledger, caller.txId),
      ledger: channel.ledger,
    };
    const input = spec.getInput() ?? new peer.ChaincodeInput();
    let result: ExecutionResult;
    try {
      result = await this.#run(connection, callee, definition, input.serializeBinary());
    } catch (err) {
      throw new Error(`execute failed: error sending: ${(err as Error).message}`);
    }
    return result.message.serializeBinary();
  }

  /** Fabric's `peer/ChaincodeToChaincode` ACL on the called channel: the creator must be one of its writers. */
  #checkWriters(
    caller: TransactionContext,
    membership: NonNullable<ReturnType<NetworkView['channel']>>['membership'],
    channelId: string,
  ): void {
    let allowed = false;
    try {
      const creator = membership.deserialize(caller.creator);
      allowed = creator.verify(
        caller.signedProposal.getProposalBytes_asU8(),
        caller.signedProposal.getSignature_asU8(),
      );
    } catch {
      allowed = false;
    }
    if (!allowed) {
      throw new Error(
        `Failed evaluating policy on signed data during check policy on channel [${channelId}] with policy [${C2C_POLICY}]: ` +
          "[implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Writers' sub-policies to be satisfied]",
      );
    }
  }
}
