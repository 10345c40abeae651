import type { peer } from '@hyperledger/fabric-protos';
import { planSmallestOrgSet } from '../policy';
import type { ChannelRuntime, DeployedChaincode } from './network-view';

/**
 * The chaincodes whose endorsement policies a transaction must satisfy, from the ChaincodeInterest of its first
 * endorsement (Fabric's gateway plans from it): the proposal's chaincode and every chaincode it called on the
 * channel. Namespaces that are not chaincodes of the channel (another channel's, system ones) are left out.
 */
export function interestChaincodes(
  channel: ChannelRuntime,
  chaincode: DeployedChaincode,
  interest: peer.ChaincodeInterest | undefined,
): DeployedChaincode[] {
  const named = (interest?.getChaincodesList() ?? []).map((call) => channel.chaincodes.get(call.getName()));
  const involved = [chaincode, ...named.filter((found): found is DeployedChaincode => found !== undefined)];
  return [...new Map(involved.map((found) => [found.name, found])).values()];
}

/**
 * Orgs to ask besides `endorsed` so that together they satisfy every chaincode's policy, each of them having
 * every chaincode installed; undefined when no such set exists among `candidates`. Prefers earlier candidates.
 */
export function additionalEndorsers(
  chaincodes: readonly DeployedChaincode[],
  endorsed: readonly string[],
  candidates: readonly string[],
): string[] | undefined {
  const satisfies = (orgs: readonly string[]): boolean =>
    chaincodes.every((chaincode) => chaincode.policy.evaluate(orgs.map((mspId) => ({ mspId, role: 'peer' }))));
  if (satisfies(endorsed)) return [];
  const extra = planSmallestOrgSet(
    candidates.filter((mspId) => !endorsed.includes(mspId)),
    (mspId) => chaincodes.every((chaincode) => chaincode.installedOn.includes(mspId)),
    (orgs) => satisfies([...endorsed, ...orgs]),
  );
  return extra;
}
