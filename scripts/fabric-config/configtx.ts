import path from 'node:path';
import type { OrderingSpec } from '../../network/devnet/src/topology/schema';
import { nodeDir, orgMspDir } from './crypto-layout';
import { nodeAddress, type ChannelPlan, type NetworkPlan, type PeerOrgPlan, type Runtime } from './network-plan';

/** configtx.yaml lives in `<workDir>/configtx/<runtime>/`; the crypto root is `<workDir>/crypto`. */
export const configtxCryptoRoot = '../../crypto';

interface Policy {
  Type: 'Signature' | 'ImplicitMeta';
  Rule: string;
}

const signature = (rule: string): Policy => ({ Type: 'Signature', Rule: rule });
const implicitMeta = (rule: string): Policy => ({ Type: 'ImplicitMeta', Rule: rule });

/** NodeOU-based member list: `OR('X.admin', 'X.peer')`. */
function anyOf(mspId: string, roles: readonly string[]): string {
  return `OR(${roles.map((role) => `'${mspId}.${role}'`).join(', ')})`;
}

function ordererOrgSection(plan: NetworkPlan, runtime: Runtime): Record<string, unknown> {
  const { mspId, domain, orderers } = plan.ordererOrg;
  return {
    Name: mspId,
    ID: mspId,
    MSPDir: path.posix.join(configtxCryptoRoot, orgMspDir('orderer', domain)),
    Policies: {
      Readers: signature(anyOf(mspId, ['member'])),
      Writers: signature(anyOf(mspId, ['member'])),
      Admins: signature(anyOf(mspId, ['admin'])),
    },
    OrdererEndpoints: orderers.map((orderer) => nodeAddress(runtime, orderer, orderer.port)),
  };
}

/** An application org: NodeOU roles decide who reads, writes, administers and endorses. */
export function peerOrgSection(org: PeerOrgPlan, runtime: Runtime): Record<string, unknown> {
  const { mspId } = org;
  const anchor = org.anchorPeer;
  return {
    Name: mspId,
    ID: mspId,
    MSPDir: path.posix.join(configtxCryptoRoot, orgMspDir('peer', org.domain)),
    Policies: {
      Readers: signature(anyOf(mspId, ['admin', 'peer', 'client'])),
      Writers: signature(anyOf(mspId, ['admin', 'client'])),
      Admins: signature(anyOf(mspId, ['admin'])),
      Endorsement: signature(anyOf(mspId, ['peer'])),
    },
    AnchorPeers: [{ Host: runtime === 'docker' ? anchor.host : anchor.address, Port: anchor.port }],
  };
}

function sizeText(bytes: number): string | number {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return bytes;
}

function ordererSection(plan: NetworkPlan, runtime: Runtime, ordering: OrderingSpec): Record<string, unknown> {
  const { domain } = plan.ordererOrg;
  return {
    OrdererType: 'etcdraft',
    BatchTimeout: `${ordering.batchTimeout}ms`,
    BatchSize: {
      MaxMessageCount: ordering.maxMessageCount,
      AbsoluteMaxBytes: sizeText(ordering.absoluteMaxBytes),
      PreferredMaxBytes: sizeText(ordering.preferredMaxBytes),
    },
    EtcdRaft: {
      Consenters: plan.ordererOrg.orderers.map((orderer) => {
        const tlsCert = path.posix.join(
          configtxCryptoRoot,
          nodeDir('orderer', domain, orderer.host),
          'tls',
          'server.crt',
        );
        return {
          Host: runtime === 'docker' ? orderer.host : orderer.address,
          Port: orderer.port,
          ClientTLSCert: tlsCert,
          ServerTLSCert: tlsCert,
        };
      }),
      Options: {
        TickInterval: '500ms',
        ElectionTick: 10,
        HeartbeatTick: 1,
        MaxInflightBlocks: 5,
        SnapshotIntervalSize: '16 MB',
      },
    },
    Organizations: [ordererOrgSection(plan, runtime)],
    Policies: {
      Readers: implicitMeta('ANY Readers'),
      Writers: implicitMeta('ANY Writers'),
      Admins: implicitMeta('MAJORITY Admins'),
      BlockValidation: implicitMeta('ANY Writers'),
    },
    Capabilities: { V2_0: true },
  };
}

/** Application policies: Fabric's usual defaults, then the channel's own from the topology. */
function applicationPolicies(channel: ChannelPlan): Record<string, Policy> {
  const policies: Record<string, Policy> = {
    Readers: implicitMeta('ANY Readers'),
    Writers: implicitMeta('ANY Writers'),
    Admins: implicitMeta('MAJORITY Admins'),
    LifecycleEndorsement: implicitMeta('MAJORITY Endorsement'),
    Endorsement: implicitMeta('MAJORITY Endorsement'),
  };
  for (const [name, rule] of Object.entries(channel.policies)) policies[name] = implicitMeta(rule);
  return policies;
}

function channelProfile(plan: NetworkPlan, runtime: Runtime, channel: ChannelPlan): Record<string, unknown> {
  return {
    Policies: {
      Readers: implicitMeta('ANY Readers'),
      Writers: implicitMeta('ANY Writers'),
      Admins: implicitMeta('MAJORITY Admins'),
    },
    Capabilities: { V2_0: true },
    Orderer: ordererSection(plan, runtime, plan.ordering),
    Application: {
      Organizations: channel.orgs.map((mspId) => {
        const org = plan.orgs.find((candidate) => candidate.mspId === mspId);
        if (!org) throw new Error(`channel ${channel.name} names unknown org ${mspId}`);
        return peerOrgSection(org, runtime);
      }),
      Policies: applicationPolicies(channel),
      Capabilities: { V2_5: true },
    },
  };
}

/**
 * configtx.yaml for `configtxgen -outputBlock` (one profile per channel, each an application channel
 * joined through the channel participation API: there is no system channel) and `-printOrg` (addOrg).
 */
export function renderConfigtx(plan: NetworkPlan, runtime: Runtime): Record<string, unknown> {
  return {
    Organizations: [ordererOrgSection(plan, runtime), ...plan.orgs.map((org) => peerOrgSection(org, runtime))],
    Profiles: Object.fromEntries(
      plan.channels.map((channel) => [channel.profile, channelProfile(plan, runtime, channel)]),
    ),
  };
}
