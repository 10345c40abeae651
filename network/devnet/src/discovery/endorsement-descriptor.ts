import { discovery, type peer } from '@hyperledger/fabric-protos';
import { layoutsForInterest } from '../gateway/interest-plan';
import type { ChannelRuntime, NetworkView, PeerEndpoint } from '../gateway/network-view';
import { discoveryPeer } from './peer-entries';

/** A chaincode query Fabric's discovery refuses before computing anything; `message` is Fabric's. */
export class InvalidChaincodeQuery extends Error {
  override readonly name = 'InvalidChaincodeQuery';
}

/** Fabric's validateCCQuery. */
export function validateChaincodeQuery(query: discovery.ChaincodeQuery): void {
  const interests = query.getInterestsList();
  if (interests.length === 0)
    throw new InvalidChaincodeQuery('chaincode query must have at least one chaincode interest');
  for (const interest of interests) {
    const calls = interest.getChaincodesList();
    if (calls.length === 0) throw new InvalidChaincodeQuery('chaincode interest must contain at least one chaincode');
    if (calls.some((call) => call.getName() === '')) {
      throw new InvalidChaincodeQuery('chaincode name in interest cannot be empty');
    }
  }
}

/**
 * The endorsement descriptor of one chaincode interest: the layouts the gateway plans with (every minimal set of
 * orgs satisfying the chaincodes', collections' and key policies at once, among live peers with the chaincodes
 * installed), one group per org (G0, G1, ... in order of first use, as Fabric names principal groups) listing its
 * peer, each layout needing one peer of each of its groups. Undefined when no layout exists: Fabric's discovery
 * then answers only that it failed constructing the descriptor.
 */
export function endorsementDescriptor(
  network: NetworkView,
  channel: ChannelRuntime,
  localMspId: string,
  interest: peer.ChaincodeInterest,
): discovery.EndorsementDescriptor | undefined {
  const chaincodeName = interest.getChaincodesList()[0].getName();
  let layouts: readonly (readonly string[])[] | undefined;
  try {
    layouts = layoutsForInterest({
      network,
      channel,
      chaincodeName,
      interest,
      firstOrg: localMspId,
      hasTransientData: false,
    });
  } catch {
    return undefined;
  }
  if (!layouts || layouts.length === 0) return undefined;
  const descriptor = new discovery.EndorsementDescriptor();
  descriptor.setChaincode(chaincodeName);
  const groups = new Map<string, string>();
  for (const orgs of layouts) {
    const layout = new discovery.Layout();
    for (const mspId of orgs) {
      let group = groups.get(mspId);
      if (group === undefined) {
        const endpoint = network.peer(mspId);
        if (!endpoint) return undefined; // went down meanwhile
        group = `G${groups.size}`;
        groups.set(mspId, group);
        descriptor.getEndorsersByGroupsMap().set(group, peersOf(endpoint, channel));
      }
      layout.getQuantitiesByGroupMap().set(group, 1);
    }
    descriptor.addLayouts(layout);
  }
  return descriptor;
}

function peersOf(endpoint: PeerEndpoint, channel: ChannelRuntime): discovery.Peers {
  const peers = new discovery.Peers();
  peers.setPeersList([discoveryPeer(endpoint, channel)]);
  return peers;
}

/**
 * How Fabric's discovery names an interest it could not build a descriptor for (Go's %v of the proto message):
 * `chaincodes:{name:"basic"}`, with collection names and flags when set.
 */
export function describeInterest(interest: peer.ChaincodeInterest): string {
  return interest
    .getChaincodesList()
    .map((call) => {
      const fields = [`name:${JSON.stringify(call.getName())}`];
      for (const name of call.getCollectionNamesList()) fields.push(`collection_names:${JSON.stringify(name)}`);
      if (call.getDisregardNamespacePolicy()) fields.push('disregard_namespace_policy:true');
      if (call.getNoPrivateReads()) fields.push('no_private_reads:true');
      if (call.getNoPublicWrites()) fields.push('no_public_writes:true');
      return `chaincodes:{${fields.join(' ')}}`;
    })
    .join(' ');
}
