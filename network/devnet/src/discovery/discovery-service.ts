import { createHash } from 'node:crypto';
import { status as Code, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { discovery } from '@hyperledger/fabric-protos';
import { evaluateChannelPolicy, type SignedData } from '../aclmgmt/channel-acl';
import type { ChannelRuntime, NetworkView } from '../gateway/network-view';
import type { MembershipRegistry } from '../identity';
import { joinedChannel } from '../system-chaincode/system-chaincode';
import { decode, MalformedMessageError, statusError } from '../wire';
import { configResult } from './config-result';
import {
  describeInterest,
  endorsementDescriptor,
  InvalidChaincodeQuery,
  validateChaincodeQuery,
} from './endorsement-descriptor';
import { discoveryPeer } from './peer-entries';

export interface DiscoveryServiceOptions {
  /** The org whose peer serves it. */
  mspId: string;
  network: NetworkView;
  /** The peer's local MSP: who may ask channel-less (local peers) queries. */
  localMsp: MembershipRegistry;
  /** Every org with a peer, in topology order: the membership gossip would know. */
  orgs: readonly string[];
  /** Fabric's peer.discovery.orgMembersAllowedAccess: local queries from any member, not only admins. */
  orgMembersAllowed?: boolean;
}

/** A request Fabric's discovery refuses as a whole; `message` is Fabric's. */
class InvalidRequest extends Error {}

/**
 * `discovery.Discovery` on a peer's port, as Fabric's discovery service answers: the request must carry the
 * client's identity (and, over mutual TLS, the hash of the client's TLS certificate); each query is then answered
 * on its own, "access denied" unless the channel exists on this peer and the signed request satisfies its
 * `/Channel/Application/Writers` (for local queries: an admin of the peer's org).
 */
export function discoveryService(options: DiscoveryServiceOptions) {
  return {
    discover(
      call: ServerUnaryCall<discovery.SignedRequest, discovery.Response>,
      callback: sendUnaryData<discovery.Response>,
    ) {
      const certificate = call.getAuthContext?.()?.sslPeerCertificate?.raw;
      discover(options, call.request, certificate).then(
        (response) => callback(null, response),
        (err: unknown) =>
          callback(
            err instanceof InvalidRequest
              ? statusError(Code.UNKNOWN, err.message)
              : statusError(Code.INTERNAL, `discovery failed: ${(err as Error).message}`),
          ),
      );
    },
  };
}

async function discover(
  options: DiscoveryServiceOptions,
  signed: discovery.SignedRequest,
  clientCertificate: Buffer | undefined,
): Promise<discovery.Response> {
  const request = validateStructure(signed, clientCertificate);
  const signedData: SignedData = {
    data: signed.getPayload_asU8(),
    identity: request.getAuthentication()!.getClientIdentity_asU8(),
    signature: signed.getSignature_asU8(),
  };
  const response = new discovery.Response();
  for (const query of request.getQueriesList()) {
    response.addResults(await answer(options, query, signedData));
  }
  return response;
}

/** Fabric's validateStructure. */
function validateStructure(signed: discovery.SignedRequest, clientCertificate: Buffer | undefined): discovery.Request {
  let request: discovery.Request;
  try {
    request = decode(discovery.Request, signed.getPayload_asU8());
  } catch (err) {
    if (!(err instanceof MalformedMessageError)) throw err;
    throw new InvalidRequest(`failed parsing request: ${err.message}`);
  }
  const auth = request.getAuthentication();
  if (!auth) throw new InvalidRequest('access denied, no authentication info in request');
  if (auth.getClientIdentity_asU8().length === 0) {
    throw new InvalidRequest("access denied, client identity wasn't supplied");
  }
  // A Fabric peer with TLS asks every client for a certificate. grpc-js shows the server a client certificate
  // only under mutual TLS, so the binding is checked there; over one-way TLS there is nothing to check it against.
  if (clientCertificate) {
    const computed = createHash('sha256').update(clientCertificate).digest();
    if (!computed.equals(auth.getClientTlsCertHash_asU8())) {
      throw new InvalidRequest("client claimed TLS hash doesn't match computed TLS hash from gRPC stream");
    }
  }
  return request;
}

async function answer(
  options: DiscoveryServiceOptions,
  query: discovery.Query,
  signedData: SignedData,
): Promise<discovery.QueryResult> {
  const name = query.getChannel();
  if (name === '') {
    if (!localAccess(options, signedData)) return error('access denied');
    if (query.getQueryCase() !== discovery.Query.QueryCase.LOCAL_PEERS) return error('unknown or missing request type');
    return members(options, undefined);
  }
  const channel = joinedChannel(options.network, name, options.mspId);
  if (!channel) return error('access denied');
  if ((await evaluateChannelPolicy('/Channel/Application/Writers', channel, [signedData])) !== undefined) {
    return error('access denied');
  }
  switch (query.getQueryCase()) {
    case discovery.Query.QueryCase.CONFIG_QUERY: {
      const result = new discovery.QueryResult();
      try {
        result.setConfigResult(await configResult(channel));
      } catch {
        return error(`failed fetching config for channel ${name}`);
      }
      return result;
    }
    case discovery.Query.QueryCase.PEER_QUERY:
      return members(options, channel, query.getPeerQuery()!);
    case discovery.Query.QueryCase.CC_QUERY:
      return chaincodeQuery(options, channel, query.getCcQuery()!);
    default:
      return error('unknown or missing request type');
  }
}

/** Fabric's local access policy: SignedByAnyAdmin of the peer's MSP, or any member when configured so. */
function localAccess(options: DiscoveryServiceOptions, signedData: SignedData): boolean {
  try {
    const identity = options.localMsp.deserialize(signedData.identity);
    if (identity.mspId !== options.mspId) return false;
    if (!options.orgMembersAllowed && identity.role !== 'admin') return false;
    return identity.verify(signedData.data, signedData.signature);
  } catch {
    return false;
  }
}

/**
 * Peers by org: every org gossip knows has an entry; a channel query lists the live peers of the channel with
 * their state info, kept to those with the filter's chaincodes installed; a local query every live peer.
 */
function members(
  options: DiscoveryServiceOptions,
  channel: ChannelRuntime | undefined,
  peerQuery?: discovery.PeerMembershipQuery,
): discovery.QueryResult {
  const { network } = options;
  const wanted = peerQuery?.getFilter()?.getChaincodesList() ?? [];
  for (const call of wanted) {
    if (channel && !channel.chaincodes.has(call.getName())) {
      return error(`No metadata was found for chaincode ${call.getName()} in channel ${channel.name}`);
    }
  }
  const result = new discovery.PeerMembershipResult();
  for (const mspId of options.orgs) {
    const peers = new discovery.Peers();
    const endpoint = network.peer(mspId);
    const inChannel = !channel || channel.membership.mspIds.includes(mspId);
    const hasChaincodes = wanted.every((call) => channel?.chaincodes.get(call.getName())?.installedOn.includes(mspId));
    if (endpoint && inChannel && hasChaincodes) peers.setPeersList([discoveryPeer(endpoint, channel)]);
    result.getPeersByOrgMap().set(mspId, peers);
  }
  const queryResult = new discovery.QueryResult();
  queryResult.setMembers(result);
  return queryResult;
}

function chaincodeQuery(
  options: DiscoveryServiceOptions,
  channel: ChannelRuntime,
  query: discovery.ChaincodeQuery,
): discovery.QueryResult {
  try {
    validateChaincodeQuery(query);
  } catch (err) {
    if (err instanceof InvalidChaincodeQuery) return error(err.message);
    throw err;
  }
  const result = new discovery.ChaincodeQueryResult();
  for (const interest of query.getInterestsList()) {
    const descriptor = endorsementDescriptor(options.network, channel, options.mspId, interest);
    if (!descriptor) return error(`failed constructing descriptor for ${describeInterest(interest)}`);
    result.addContent(descriptor);
  }
  const queryResult = new discovery.QueryResult();
  queryResult.setCcQueryRes(result);
  return queryResult;
}

function error(content: string): discovery.QueryResult {
  const result = new discovery.QueryResult();
  const fault = new discovery.Error();
  fault.setContent(content);
  result.setError(fault);
  return result;
}
