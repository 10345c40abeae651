import {
  status as Code,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { common, gateway, peer } from '@hyperledger/fabric-protos';
import type { Identity } from '../identity';
import { ProposalError, unpackProposal, validateProposal, type UnpackedProposal } from '../endorser/proposal';
import { BroadcastRejection } from '../orderer/orderer';
import { streamChaincodeEvents } from './chaincode-events';
import type { ChannelRuntime, DeployedChaincode, NetworkView, PeerEndpoint } from './network-view';
import { isServiceError, rpcError, type ErrorDetailSpec } from './rpc-error';

export interface GatewayOptions {
  /** The org whose peer hosts this gateway: its endorser is preferred, as in Fabric. */
  mspId: string;
  network: NetworkView;
  /** Upper bound on waiting for a commit when the client set no deadline. */
  commitTimeoutMs: number;
}

interface EndorserOutcome {
  endpoint: PeerEndpoint;
  response?: peer.ProposalResponse;
  /** Set when the endorser failed: the gRPC code Fabric's gateway derives and the detail message. */
  failure?: { code: Code; message: string };
}

/**
 * One org's `gateway.Gateway` service (Evaluate, Endorse, Submit, CommitStatus, ChaincodeEvents), with the
 * status codes, messages and ErrorDetail entries a Fabric 2.5 peer's gateway produces.
 */
export function gatewayService(options: GatewayOptions): UntypedServiceImplementation {
  const { network } = options;

  function prepare(
    channelId: string,
    signedProposal: peer.SignedProposal | undefined,
  ): { up: UnpackedProposal; channel: ChannelRuntime; chaincode: DeployedChaincode } {
    let up: UnpackedProposal;
    try {
      up = unpackProposal(signedProposal);
    } catch (err) {
      throw rpcError(Code.INVALID_ARGUMENT, (err as Error).message);
    }
    const channel = network.channel(up.channelId || channelId);
    if (!channel) throw rpcError(Code.NOT_FOUND, `channel '${up.channelId || channelId}' not found`);
    const chaincode = channel.chaincodes.get(up.chaincodeName);
    if (!chaincode) {
      throw rpcError(
        Code.FAILED_PRECONDITION,
        `no peers available to evaluate chaincode ${up.chaincodeName} in channel ${channel.name}`,
      );
    }
    return { up, channel, chaincode };
  }

  /** The endorser-side checks of Fabric's preProcess, run once for the proposal. */
  async function preProcess(up: UnpackedProposal, channel: ChannelRuntime): Promise<Identity> {
    const identity = validateProposal(up, channel.membership);
    if (await channel.ledger.getTx(up.txId)) {
      const creator = Buffer.from(up.signatureHeader.getCreator_asU8()).toString('hex');
      throw new ProposalError(`duplicate transaction found [${up.txId}]. Creator [${creator}]`);
    }
    return identity;
  }

  async function runOn(
    endpoint: PeerEndpoint,
    up: UnpackedProposal,
    channel: ChannelRuntime,
    chaincode: DeployedChaincode,
    endorse: boolean,
  ): Promise<EndorserOutcome> {
    const response = await endpoint.endorser.processProposal(up, chaincode, channel.ledger, endorse);
    const status = response.getResponse()?.getStatus() ?? 500;
    if (status >= 200 && status < 400) return { endpoint, response };
    const message = response.getResponse()?.getMessage() ?? '';
    if (response.getPayload_asU8().length === 0) {
      return { endpoint, failure: { code: Code.ABORTED, message } };
    }
    return { endpoint, failure: { code: Code.UNKNOWN, message: `chaincode response ${status}, ${message}` } };
  }

  function detail(endpoint: { address: string; mspId: string }, message: string): ErrorDetailSpec {
    return { address: endpoint.address, mspId: endpoint.mspId, message };
  }

  /** Peers that could endorse for this chaincode: requested orgs, else the local org first, then the rest. */
  function candidates(chaincode: DeployedChaincode, requested: readonly string[]): string[] {
    if (requested.length > 0) return [...requested];
    const local = chaincode.installedOn.includes(options.mspId) ? [options.mspId] : [];
    return [...local, ...chaincode.installedOn.filter((mspId) => mspId !== options.mspId)];
  }

  async function evaluate(request: gateway.EvaluateRequest): Promise<gateway.EvaluateResponse> {
    const { up, channel, chaincode } = prepare(request.getChannelId(), request.getProposedTransaction());
    const targets = candidates(chaincode, request.getTargetOrganizationsList())
      .filter((mspId) => chaincode.installedOn.includes(mspId))
      .map((mspId) => network.peer(mspId))
      .filter((endpoint): endpoint is PeerEndpoint => endpoint !== undefined);
    if (targets.length === 0) {
      throw rpcError(
        Code.UNAVAILABLE,
        `no peers available to evaluate chaincode ${chaincode.name} in channel ${channel.name}`,
      );
    }
    try {
      await preProcess(up, channel);
    } catch (err) {
      const message = `error validating proposal: ${(err as Error).message}`;
      throw rpcError(Code.FAILED_PRECONDITION, `evaluate call to endorser returned error: ${message}`, [
        detail(targets[0], message),
      ]);
    }
    const details: ErrorDetailSpec[] = [];
    for (const endpoint of targets) {
      const outcome = await runOn(endpoint, up, channel, chaincode, false);
      if (outcome.response) {
        const result = resultOf(outcome.response);
        const response = new gateway.EvaluateResponse();
        response.setResult(result);
        return response;
      }
      details.push(detail(endpoint, outcome.failure!.message));
      // A chaincode error is final; a peer-side failure is retried on the next peer, as Fabric does.
      if (outcome.failure!.code === Code.UNKNOWN) {
        throw rpcError(Code.UNKNOWN, `evaluate call to endorser returned error: ${outcome.failure!.message}`, details);
      }
    }
    throw rpcError(Code.ABORTED, 'failed to evaluate transaction, see attached details for more info', details);
  }

  async function endorse(request: gateway.EndorseRequest): Promise<gateway.EndorseResponse> {
    const { up, channel, chaincode } = prepare(request.getChannelId(), request.getProposedTransaction());
    const requested = request.getEndorsingOrganizationsList();
    const available = candidates(chaincode, requested).filter(
      (mspId) => chaincode.installedOn.includes(mspId) && network.peer(mspId) !== undefined,
    );
    let plan: string[] | undefined;
    if (requested.length > 0) {
      const missing = requested.filter((mspId) => !available.includes(mspId));
      if (missing.length > 0) {
        throw rpcError(Code.UNAVAILABLE, `failed to find any endorsing peers for org(s): ${missing.join(', ')}`);
      }
      plan = [...requested];
    } else {
      plan = chaincode.policy.planEndorsers(available);
      if (!plan) {
        const unavailable = chaincode.installedOn.filter((mspId) => network.peer(mspId) === undefined);
        throw rpcError(
          Code.UNAVAILABLE,
          `failed to select a set of endorsers that satisfy the endorsement policy due to unavailability of peers: [${unavailable.join(' ')}]`,
        );
      }
    }
    const endpoints = plan.map((mspId) => network.peer(mspId)!);
    try {
      await preProcess(up, channel);
    } catch (err) {
      const message = `error validating proposal: ${(err as Error).message}`;
      throw rpcError(Code.ABORTED, 'failed to endorse transaction, see attached details for more info', [
        detail(endpoints[0], message),
      ]);
    }
    const outcomes = await Promise.all(endpoints.map((endpoint) => runOn(endpoint, up, channel, chaincode, true)));
    const failed = outcomes.filter((outcome) => outcome.failure);
    if (failed.length > 0) {
      const details = failed.map((outcome) => detail(outcome.endpoint, outcome.failure!.message));
      const first = outcomes[0].failure !== undefined;
      throw rpcError(
        Code.ABORTED,
        first
          ? 'failed to endorse transaction, see attached details for more info'
          : 'failed to collect enough transaction endorsements, see attached details for more info',
        details,
      );
    }
    const responses = outcomes.map((outcome) => outcome.response!);
    const payload = responses[0].getPayload_asU8();
    const mismatched = outcomes.filter((outcome) => !bytesEqual(outcome.response!.getPayload_asU8(), payload));
    if (mismatched.length > 0) {
      throw rpcError(
        Code.ABORTED,
        'failed to collect enough transaction endorsements, see attached details for more info',
        mismatched.map((outcome) => detail(outcome.endpoint, 'ProposalResponsePayloads do not match')),
      );
    }
    const response = new gateway.EndorseResponse();
    response.setPreparedTransaction(
      preparedTransaction(
        up,
        payload,
        responses.map((r) => r.getEndorsement()!),
      ),
    );
    return response;
  }

  function submit(request: gateway.SubmitRequest): gateway.SubmitResponse {
    const envelope = request.getPreparedTransaction();
    if (!envelope) throw rpcError(Code.INVALID_ARGUMENT, 'a prepared transaction is required');
    if (envelope.getSignature_asU8().length === 0) {
      throw rpcError(Code.INVALID_ARGUMENT, 'prepared transaction must be signed');
    }
    const channel = network.channel(request.getChannelId());
    if (!channel) {
      throw rpcError(
        Code.NOT_FOUND,
        `failed to create block deliverer for channel \`${request.getChannelId()}\`, missing OrdererConfig`,
      );
    }
    try {
      channel.orderer.broadcast(envelope.serializeBinary());
    } catch (err) {
      if (!(err instanceof BroadcastRejection)) throw err;
      throw rpcError(
        Code.ABORTED,
        `received unsuccessful response from orderer: status=${err.status}, info=${err.message}`,
      );
    }
    return new gateway.SubmitResponse();
  }

  function authorise(
    channel: ChannelRuntime,
    identityBytes: Uint8Array,
    signed: Uint8Array,
    signature: Uint8Array,
  ): void {
    let identity: Identity;
    try {
      identity = channel.membership.deserialize(identityBytes);
    } catch (err) {
      throw rpcError(Code.PERMISSION_DENIED, `failed deserializing signed data identity: ${(err as Error).message}`);
    }
    if (!identity.verify(signed, signature)) {
      throw rpcError(
        Code.PERMISSION_DENIED,
        `implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Readers' sub-policies to be satisfied`,
      );
    }
  }

  async function commitStatus(
    request: gateway.SignedCommitStatusRequest,
    signal: AbortSignal,
  ): Promise<gateway.CommitStatusResponse> {
    let statusRequest: gateway.CommitStatusRequest;
    try {
      statusRequest = gateway.CommitStatusRequest.deserializeBinary(request.getRequest_asU8());
    } catch (err) {
      throw rpcError(Code.INVALID_ARGUMENT, `invalid status request: ${(err as Error).message}`);
    }
    if (statusRequest.getIdentity_asU8().length === 0) throw rpcError(Code.INVALID_ARGUMENT, 'no identity provided');
    if (!statusRequest.getChannelId()) throw rpcError(Code.INVALID_ARGUMENT, 'no channel ID provided');
    if (!statusRequest.getTransactionId()) {
      throw rpcError(Code.INVALID_ARGUMENT, 'transaction ID should not be empty');
    }
    const channel = network.channel(statusRequest.getChannelId());
    if (!channel) throw rpcError(Code.NOT_FOUND, `channel '${statusRequest.getChannelId()}' not found`);
    authorise(channel, statusRequest.getIdentity_asU8(), request.getRequest_asU8(), request.getSignature_asU8());
    const timeout = AbortSignal.timeout(options.commitTimeoutMs);
    const status = await channel.notifier
      .waitForTx(statusRequest.getTransactionId(), AbortSignal.any([signal, timeout]))
      .catch(() => {
        throw rpcError(Code.DEADLINE_EXCEEDED, 'commit status wait cancelled or timed out');
      });
    const response = new gateway.CommitStatusResponse();
    response.setResult(status.code as peer.TxValidationCodeMap[keyof peer.TxValidationCodeMap]);
    response.setBlockNumber(status.blockNum);
    return response;
  }

  return {
    evaluate: unary(evaluate),
    endorse: unary(endorse),
    submit: unary(async (request: gateway.SubmitRequest) => submit(request)),
    commitStatus(
      call: ServerUnaryCall<gateway.SignedCommitStatusRequest, gateway.CommitStatusResponse>,
      callback: sendUnaryData<gateway.CommitStatusResponse>,
    ): void {
      const controller = new AbortController();
      call.on('cancelled', () => controller.abort(new Error('cancelled')));
      commitStatus(call.request, controller.signal).then(
        (response) => callback(null, response),
        (err: unknown) => callback(asServiceError(err)),
      );
    },
    chaincodeEvents(
      call: ServerWritableStream<gateway.SignedChaincodeEventsRequest, gateway.ChaincodeEventsResponse>,
    ): void {
      streamChaincodeEvents(call, network, authorise).catch((err: unknown) => call.destroy(asServiceError(err)));
    },
  };
}

function unary<Req, Res>(handler: (request: Req) => Promise<Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    handler(call.request).then(
      (response) => callback(null, response),
      (err: unknown) => callback(asServiceError(err)),
    );
  };
}

function asServiceError(err: unknown) {
  if (isServiceError(err)) return err;
  return rpcError(Code.INTERNAL, err instanceof Error ? err.message : String(err));
}

/** The transaction result the client reads: the chaincode response payload inside the ChaincodeAction. */
function resultOf(response: peer.ProposalResponse): peer.Response {
  const result = new peer.Response();
  const chaincodeResponse = response.getResponse()!;
  result.setStatus(chaincodeResponse.getStatus());
  result.setMessage(chaincodeResponse.getMessage());
  const action = peer.ChaincodeAction.deserializeBinary(
    peer.ProposalResponsePayload.deserializeBinary(response.getPayload_asU8()).getExtension_asU8(),
  );
  result.setPayload(action.getResponse()?.getPayload_asU8() ?? chaincodeResponse.getPayload_asU8());
  return result;
}

/** Assembles the unsigned transaction envelope as Fabric's gateway does (protoutil.CreateSignedTx shape). */
function preparedTransaction(
  up: UnpackedProposal,
  responsePayload: Uint8Array,
  endorsements: peer.Endorsement[],
): common.Envelope {
  const endorsedAction = new peer.ChaincodeEndorsedAction();
  endorsedAction.setProposalResponsePayload(responsePayload);
  endorsedAction.setEndorsementsList(uniqueEndorsements(endorsements));
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(up.payloadWithoutTransient);
  actionPayload.setAction(endorsedAction);
  const action = new peer.TransactionAction();
  action.setHeader(up.header.getSignatureHeader_asU8());
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);
  const payload = new common.Payload();
  payload.setHeader(up.header);
  payload.setData(transaction.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope;
}

function uniqueEndorsements(endorsements: peer.Endorsement[]): peer.Endorsement[] {
  const seen = new Set<string>();
  return endorsements.filter((endorsement) => {
    const key = Buffer.from(endorsement.getEndorser_asU8()).toString('base64');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}
