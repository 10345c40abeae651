import { peer } from '@hyperledger/fabric-protos';
import type { SigningIdentity } from '../identity';
import type { ChaincodeRuntime } from '../chaincode/runtime';
import type { SystemChaincodeRunner } from '../gateway/network-view';
import type { ChannelLedger } from '../ledger';
import type { NetworkView } from '../gateway/network-view';
import type { ChaincodeIndexes } from '../ledger/couchdb';
import type { ChaincodeCollections } from '../privdata/collection-store';
import { chaincodeInterest } from './chaincode-interest';
import { ChaincodeInvoker } from './chaincode-invoker';
import { distributePrivateData } from './private-data';
import type { EndorserMetrics } from './endorser-metrics';
import { TxSimulator } from './tx-simulator';
import { writesetMetadata } from './writeset-metadata';
import type { UnpackedProposal } from './proposal';
import { DEFAULT_TIME_WINDOW_MS, timeWindowRefusal, type Clock } from './time-window';

/** Fabric's shim.ERRORTHRESHOLD: a chaincode response at or above it is a failure. */
export const ERROR_THRESHOLD = 400;

/** Fabric's shim.ERROR: at or above it a failed chaincode response still carries the simulation. */
export const SHIM_ERROR = 500;

export interface EndorserOptions {
  mspId: string;
  /** The peer's own signing identity; endorsements carry it. */
  identity: SigningIdentity;
  runtime: ChaincodeRuntime;
  /** The channels of the network, for chaincode-to-chaincode calls. */
  network?: NetworkView;
  executeTimeoutMs: number;
  /** CouchDB index definitions of the installed chaincodes, by chaincode ID (name:version). */
  queryIndexes?: ReadonlyMap<string, ChaincodeIndexes>;
  metrics?: EndorserMetrics;
  /** The peer's clock, which proposal timestamps are checked against (default Date.now). */
  clock?: Clock;
  /** peer.authentication.timewindow: how far a proposal's timestamp may be from the peer's clock. */
  timeWindowMs?: number;
}

export interface ChaincodeToRun {
  name: string;
  version: string;
  /** Its private data collections on the channel (static and implicit). */
  collections?: ChaincodeCollections;
  /** A system chaincode runs in-process on this peer instead of in a chaincode process. */
  system?: SystemChaincodeRunner;
}

/**
 * One org's endorsing peer: simulates a proposal on its chaincode process against the channel's committed
 * state and signs the result. Like Fabric's ProcessProposal, failures come back as a ProposalResponse with
 * status 500: with a payload when the chaincode itself failed, without one when the peer could not run it.
 */
export class Endorser {
  readonly mspId: string;
  readonly #options: EndorserOptions;
  readonly #invoker: ChaincodeInvoker;

  constructor(options: EndorserOptions) {
    this.mspId = options.mspId;
    this.#options = options;
    this.#invoker = new ChaincodeInvoker(options);
  }

  get runtime(): ChaincodeRuntime {
    return this.#options.runtime;
  }

  /** The peer's signing identity (what its endorsements and discovery entries carry). */
  get identity(): SigningIdentity {
    return this.#options.identity;
  }

  /**
   * The peer's auth filter in front of the endorser (Fabric 3's TimeWindowCheck): Fabric's message when the
   * proposal's timestamp is too far from this peer's clock, else undefined. Runs before any other check.
   */
  timeWindowRefusal(up: UnpackedProposal): string | undefined {
    const now = (this.#options.clock ?? Date.now)();
    return timeWindowRefusal(up.channelHeader, now, this.#options.timeWindowMs ?? DEFAULT_TIME_WINDOW_MS);
  }

  async processProposal(
    up: UnpackedProposal,
    chaincode: ChaincodeToRun,
    channelLedger: ChannelLedger,
    /** Evaluations are never ordered, so the gateway skips the endorsement signature for them. */
    sign = true,
  ): Promise<peer.ProposalResponse> {
    const metrics = this.#options.metrics;
    if (!metrics) return this.#process(up, chaincode, channelLedger, sign);
    metrics.proposalReceived();
    const started = performance.now();
    const response = await this.#process(up, chaincode, channelLedger, sign);
    metrics.proposalCompleted({
      channel: up.channelId,
      chaincode: chaincode.name,
      seconds: (performance.now() - started) / 1000,
      status: response.getResponse()?.getStatus() ?? 500,
      simulated: response.getPayload_asU8().length > 0,
    });
    return response;
  }

  async #process(
    up: UnpackedProposal,
    chaincode: ChaincodeToRun,
    channelLedger: ChannelLedger,
    sign: boolean,
  ): Promise<peer.ProposalResponse> {
    const simulator = new TxSimulator(channelLedger, up.txId);
    let result;
    try {
      const tx = {
        channelId: up.channelId,
        txId: up.txId,
        signedProposal: up.signedProposal,
        creator: up.signatureHeader.getCreator_asU8(),
        simulator,
        ledger: channelLedger,
      };
      result = chaincode.system
        ? await chaincode.system.execute({ input: up.inputBytes, signedProposal: up.signedProposal }, this.mspId)
        : await this.#invoker.execute(tx, chaincode, up.inputBytes);
    } catch (err) {
      return failure(`error in simulation: ${(err as Error).message}`);
    }

    const event = result.event;
    if (event) {
      event.setChaincodeId(chaincode.name);
      event.setTxId(up.txId);
    }
    const rwset = simulator.toTxReadWriteSet();
    if (result.response.getStatus() < ERROR_THRESHOLD && chaincode.collections) {
      try {
        // Like Fabric's endorser: private writes go to the member peers (transient store) before it signs.
        distributePrivateData(up, this.mspId, simulator, channelLedger, chaincode.collections.channel, sign);
      } catch (err) {
        return failure(`error in simulation: ${(err as Error).message}`);
      }
    }
    let interest;
    try {
      // Like Fabric's endorser: the key-level policies of the keys written join the interest the gateway plans by.
      interest = chaincodeInterest(rwset, simulator.privateRwSet, await writesetMetadata(simulator, channelLedger));
    } catch (err) {
      return failure(`error in simulation: ${(err as Error).message}`);
    }
    const action = new peer.ChaincodeAction();
    action.setResults(rwset.serializeBinary());
    action.setEvents(event ? event.serializeBinary() : new Uint8Array());
    action.setResponse(result.response);
    const chaincodeId = new peer.ChaincodeID();
    chaincodeId.setName(chaincode.name);
    chaincodeId.setVersion(chaincode.version);
    action.setChaincodeId(chaincodeId);

    const responsePayload = new peer.ProposalResponsePayload();
    responsePayload.setProposalHash(up.proposalHash);
    responsePayload.setExtension$(action.serializeBinary());
    const payloadBytes = responsePayload.serializeBinary();

    const proposalResponse = new peer.ProposalResponse();
    proposalResponse.setVersion(1);
    proposalResponse.setResponse(result.response);
    proposalResponse.setPayload(payloadBytes);
    proposalResponse.setInterest(interest);
    if (result.response.getStatus() >= ERROR_THRESHOLD || !sign) return proposalResponse; // refused, or evaluation

    const endorser = this.#options.identity.serialized;
    const endorsement = new peer.Endorsement();
    endorsement.setEndorser(endorser);
    endorsement.setSignature(this.#options.identity.sign(Buffer.concat([payloadBytes, endorser])));
    proposalResponse.setEndorsement(endorsement);
    return proposalResponse;
  }
}

/** An unendorsed ProposalResponse with status 500 and `message`, as Fabric's endorser answers a failure. */
export function failure(message: string): peer.ProposalResponse {
  const response = new peer.Response();
  response.setStatus(SHIM_ERROR);
  response.setMessage(message);
  const proposalResponse = new peer.ProposalResponse();
  proposalResponse.setResponse(response);
  return proposalResponse;
}
