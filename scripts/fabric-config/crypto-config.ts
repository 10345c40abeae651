import type { NetworkPlan } from './network-plan';
import { loopbackAddress } from './node-hosts';

/** Names every node certificate must carry besides its host name, so loopback clients verify it. */
export const loopbackSans = ['localhost', loopbackAddress] as const;

/** A node's certificate names: the loopback ones, and its org's own address when it has one (--hosts). */
export function nodeSans(node: { address: string }): string[] {
  return node.address === loopbackAddress ? [...loopbackSans] : [...loopbackSans, node.address];
}

/**
 * crypto-config.yaml for `cryptogen generate`: NodeOUs on (the channel policies use the admin/peer/client
 * roles), one Admin and User1 per org. cryptogen cannot put attributes in certificates; the topology's
 * named users with `role` attributes exist only with `--ca`.
 */
export function renderCryptoConfig(plan: NetworkPlan): Record<string, unknown> {
  return {
    OrdererOrgs: [
      {
        Name: plan.ordererOrg.name,
        Domain: plan.ordererOrg.domain,
        EnableNodeOUs: true,
        Specs: plan.ordererOrg.orderers.map((orderer) => ({ Hostname: orderer.name, SANS: nodeSans(orderer) })),
      },
    ],
    PeerOrgs: plan.orgs.map((org) => ({
      Name: org.name,
      Domain: org.domain,
      EnableNodeOUs: true,
      Specs: org.peers.map((peer) => ({ Hostname: peer.name, SANS: nodeSans(peer) })),
      Users: { Count: 1 },
    })),
  };
}
