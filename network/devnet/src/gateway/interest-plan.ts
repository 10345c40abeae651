import { status as Code } from '@grpc/grpc-js';
import type { common, peer } from '@hyperledger/fabric-protos';
import {
  compileSignaturePolicy,
  fromSignaturePolicyEnvelope,
  type SignerIdentity,
  type SignerSetPredicate,
} from '../policy';
import { satisfyingLayouts } from './endorsement-layouts';
import type { ChannelRuntime, NetworkView } from './network-view';
import { rpcError } from './rpc-error';

export interface InterestPlanInput {
  network: NetworkView;
  channel: ChannelRuntime;
  /** The invoked chaincode. */
  chaincodeName: string;
  /** What the first endorser's response says the transaction touched. */
  interest: peer.ChaincodeInterest | undefined;
  /** The org that endorsed first: preferred in the plan. */
  firstOrg: string;
  /** Transient data is only sent to members of the collections the transaction writes. */
  hasTransientData: boolean;
}

/** Layouts for interests seen before: the same interest over the same peers has the same layouts. */
const CACHE_LIMIT = 256;
const cache = new Map<string, readonly (readonly string[])[]>();

/**
 * The endorsement layouts a transaction can use, as Fabric's gateway gets them from discovery for the first
 * endorser's ChaincodeInterest: every minimal set of orgs satisfying every policy of the interest at once (each
 * chaincode's unless the call disregards it, including those it called, each collection's own endorsement policy,
 * and the KeyPolicies of the keys it writes), from peers that have all the chaincodes and are up, restricted to
 * collection members where plaintext was read, or wherever transient data would go. Undefined when the endorser
 * reported no interest (the chaincode's layouts stand).
 */
export function layoutsForInterest(input: InterestPlanInput): readonly (readonly string[])[] | undefined {
  const { network, channel, interest, firstOrg, hasTransientData } = input;
  const calls = interest?.getChaincodesList() ?? [];
  if (calls.length === 0) return undefined;
  const invoked = channel.chaincodes.get(input.chaincodeName);
  const candidates = [...new Set([firstOrg, ...(invoked?.installedOn ?? channel.membership.mspIds)])];
  const up = (mspId: string): boolean => network.peer(mspId) !== undefined;
  const cacheKey = [
    channel.name,
    hasTransientData,
    candidates.filter(up).join(' '),
    ...calls.map((call) => JSON.stringify(call.toObject())),
  ].join('\n');
  const cached = cache.get(cacheKey);
  if (cached) return cached;

  const policies: SignerSetPredicate[] = [];
  let installed: ReadonlySet<string> | undefined;
  let members: ReadonlySet<string> | undefined;
  const restrict = (current: ReadonlySet<string> | undefined, orgs: readonly string[]): Set<string> =>
    new Set(orgs.filter((mspId) => !current || current.has(mspId)));
  const protectedCollections: string[] = [];
  let unprotectedMembers: ReadonlySet<string> | undefined;
  for (const call of calls) {
    const chaincode = channel.chaincodes.get(call.getName());
    if (!chaincode) {
      throw rpcError(
        Code.FAILED_PRECONDITION,
        `no combination of peers can be derived which satisfy the endorsement policy: policy not found`,
      );
    }
    const disregard = call.getDisregardNamespacePolicy();
    if (disregard && call.getKeyPoliciesList().length === 0 && call.getCollectionNamesList().length === 0) {
      throw rpcError(
        Code.FAILED_PRECONDITION,
        `no combination of peers can be derived which satisfy the endorsement policy: requested to disregard chaincode ${call.getName()}'s policy but key and collection policies are missing, either disable DisregardNamespacePolicy or specify at least one key policy or at least one collection policy`,
      );
    }
    // As Fabric's discovery (PoliciesByChaincode): a call naming collections needs each collection's own
    // endorsement policy, or the chaincode's for a collection without one; a call without, the chaincode's.
    const names = call.getCollectionNamesList();
    const namespacePolicyNeeded =
      names.length === 0 || names.some((name) => !chaincode.collections?.get(name)?.endorsementPolicy);
    if (!disregard && namespacePolicyNeeded) policies.push((signers) => chaincode.policy.evaluate(signers));
    for (const keyPolicy of call.getKeyPoliciesList()) policies.push(keyLevelPolicy(keyPolicy));
    installed = restrict(installed, chaincode.installedOn);
    for (const name of names) {
      const collection = chaincode.collections?.get(name);
      const collectionPolicy = collection?.endorsementPolicy;
      if (collectionPolicy) policies.push((signers) => collectionPolicy.evaluate(signers));
      const memberOrgs = collection?.memberOrgs ?? [];
      if (!call.getNoPrivateReads()) unprotectedMembers = restrict(unprotectedMembers, memberOrgs);
      if (!call.getNoPrivateReads() || hasTransientData) members = restrict(members, memberOrgs);
      if (call.getNoPrivateReads() && hasTransientData) protectedCollections.push(name);
    }
  }
  const satisfies = (orgs: readonly string[]): boolean => {
    const signers = orgs.map((mspId): SignerIdentity => ({ mspId, role: 'peer' }));
    return policies.every((policy) => policy(signers));
  };
  const allowed = (mspId: string, memberSet: ReadonlySet<string> | undefined): boolean =>
    (installed?.has(mspId) ?? false) && (!memberSet || memberSet.has(mspId));

  const layoutsAmong = (eligible: (mspId: string) => boolean): string[][] =>
    satisfyingLayouts(satisfies, candidates.filter(eligible));
  const layouts = layoutsAmong((mspId) => allowed(mspId, members) && up(mspId));
  if (layouts.length > 0) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(cacheKey, layouts);
    return layouts;
  }
  if (protectedCollections.length > 0) {
    const withoutProtection = layoutsAmong((mspId) => allowed(mspId, unprotectedMembers) && up(mspId));
    if (withoutProtection.length > 0) {
      throw rpcError(
        Code.FAILED_PRECONDITION,
        `requires endorsement from organisation(s) that are not in the distribution policy of the private data collection(s): [${protectedCollections.join(' ')}]; retry specifying trusted endorsing organizations to protect transient data`,
      );
    }
  }
  if (layoutsAmong((mspId) => allowed(mspId, members)).length > 0) {
    const unavailable = candidates
      .filter((mspId) => allowed(mspId, members) && !up(mspId))
      .map((mspId) => network.peerAddress(mspId) ?? mspId);
    throw rpcError(
      Code.FAILED_PRECONDITION,
      `failed to select a set of endorsers that satisfy the endorsement policy due to unavailability of peers: [${unavailable.join(' ')}]`,
    );
  }
  throw rpcError(
    Code.FAILED_PRECONDITION,
    'no combination of peers can be derived which satisfy the endorsement policy: no peer combination can satisfy the endorsement policy',
  );
}

/** A key-level policy of the interest, as discovery inquires it; one it cannot satisfy fails the plan. */
function keyLevelPolicy(envelope: common.SignaturePolicyEnvelope): SignerSetPredicate {
  try {
    return compileSignaturePolicy(fromSignaturePolicyEnvelope(envelope));
  } catch {
    throw rpcError(
      Code.FAILED_PRECONDITION,
      'no combination of peers can be derived which satisfy the endorsement policy: state based endorsement policy cannot be satisfied',
    );
  }
}
