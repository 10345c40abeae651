import { status as Code } from '@grpc/grpc-js';
import type { peer } from '@hyperledger/fabric-protos';
import { planSmallestOrgSet, type EndorsementPolicy, type SignerIdentity } from '../policy';
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

/**
 * The orgs whose endorsements a transaction needs, planned as Fabric's gateway does from the first endorser's
 * ChaincodeInterest (with discovery): every policy of the interest at once (each chaincode's, including those it
 * called, and each collection's own endorsement policy), from peers that have all the chaincodes and are up,
 * restricted to collection members where plaintext was read, or wherever transient data would go. Returns
 * undefined when the endorser reported no interest (the chaincode policy plan stands).
 */
export function planForInterest(input: InterestPlanInput): string[] | undefined {
  const { network, channel, interest, firstOrg, hasTransientData } = input;
  const calls = interest?.getChaincodesList() ?? [];
  if (calls.length === 0) return undefined;

  const policies: EndorsementPolicy[] = [];
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
    if (!call.getDisregardNamespacePolicy()) policies.push(chaincode.policy);
    installed = restrict(installed, chaincode.installedOn);
    for (const name of call.getCollectionNamesList()) {
      const collection = chaincode.collections.get(name);
      if (collection?.endorsementPolicy) policies.push(collection.endorsementPolicy);
      const memberOrgs = collection?.memberOrgs ?? [];
      if (!call.getNoPrivateReads()) unprotectedMembers = restrict(unprotectedMembers, memberOrgs);
      if (!call.getNoPrivateReads() || hasTransientData) members = restrict(members, memberOrgs);
      if (call.getNoPrivateReads() && hasTransientData) protectedCollections.push(name);
    }
  }
  const invoked = channel.chaincodes.get(input.chaincodeName);
  const candidates = [firstOrg, ...(invoked?.installedOn ?? channel.membership.mspIds)];
  const satisfies = (orgs: readonly string[]): boolean => {
    const signers = orgs.map((mspId): SignerIdentity => ({ mspId, role: 'peer' }));
    return policies.every((policy) => policy.evaluate(signers));
  };
  const up = (mspId: string): boolean => network.peer(mspId) !== undefined;
  const allowed = (mspId: string, memberSet: ReadonlySet<string> | undefined): boolean =>
    (installed?.has(mspId) ?? false) && (!memberSet || memberSet.has(mspId));

  const plan = planSmallestOrgSet(candidates, (mspId) => allowed(mspId, members) && up(mspId), satisfies);
  if (plan) return plan;
  if (protectedCollections.length > 0) {
    const withoutProtection = planSmallestOrgSet(
      candidates,
      (mspId) => allowed(mspId, unprotectedMembers) && up(mspId),
      satisfies,
    );
    if (withoutProtection) {
      throw rpcError(
        Code.FAILED_PRECONDITION,
        `requires endorsement from organisation(s) that are not in the distribution policy of the private data collection(s): [${protectedCollections.join(' ')}]; retry specifying trusted endorsing organizations to protect transient data`,
      );
    }
  }
  if (planSmallestOrgSet(candidates, (mspId) => allowed(mspId, members), satisfies)) {
    const unavailable = [...new Set(candidates)].filter((mspId) => allowed(mspId, members) && !up(mspId));
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
