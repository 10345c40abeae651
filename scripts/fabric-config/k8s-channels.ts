import {
  adminIdentity,
  caResourceName,
  hlfApiVersion,
  hlfIdentity,
  metadata,
  operatorPorts,
  ordererAddress,
  ordererNamespace,
  ordererResourceName,
  ordererTlsCert,
  orgNamespace,
  peerNamespace,
  peerResourceName,
  serviceHost,
} from './k8s-layout';
import { NetworkPlanError } from './ports';
import type { ChannelPlan, NetworkPlan } from './network-plan';

/**
 * Channels: one FabricMainChannel per channel (the operator builds the genesis block and joins the
 * orderers through their admin API) and one FabricFollowerChannel per member org (joins the org's peers
 * and sets its anchor peer).
 */
type Resource = Record<string, unknown>;

/**
 * The application policies the operator writes into every channel it creates. It writes `Admins` as
 * `OR(<admin of each adminPeerOrganizations entry>)`, so a topology that sets Admins is refused rather than
 * silently changed.
 */
export const operatorApplicationPolicies: Readonly<Record<string, string>> = {
  Readers: 'ANY Readers',
  Writers: 'ANY Writers',
  Endorsement: 'MAJORITY Endorsement',
  LifecycleEndorsement: 'MAJORITY Endorsement',
};

function checkPolicies(channel: ChannelPlan): void {
  for (const [name, rule] of Object.entries(channel.policies)) {
    if (operatorApplicationPolicies[name] !== rule) {
      throw new NetworkPlanError(
        `channel ${channel.name}: policy ${name} '${rule}' cannot be expressed with hlf-operator's ` +
          `FabricMainChannel, which writes ${Object.entries(operatorApplicationPolicies)
            .map(([key, value]) => `${key} '${value}'`)
            .join(', ')} and Admins from adminPeerOrganizations`,
      );
    }
  }
}

/** The org that administers the channel for the operator: the channel's first org in the topology. */
export function channelAdminOrg(channel: ChannelPlan): string {
  return channel.orgs[0];
}

function mainChannel(plan: NetworkPlan, channel: ChannelPlan): Resource {
  checkPolicies(channel);
  const ordererNs = ordererNamespace(plan);
  const { ordererOrg, ordering } = plan;
  const admin = channelAdminOrg(channel);
  return {
    apiVersion: hlfApiVersion,
    kind: 'FabricMainChannel',
    metadata: metadata(plan, channel.name),
    spec: {
      name: channel.name,
      adminPeerOrganizations: [{ mspID: admin }],
      adminOrdererOrganizations: [{ mspID: ordererOrg.mspId }],
      peerOrganizations: channel.orgs.map((mspId) => ({
        mspID: mspId,
        caName: caResourceName,
        caNamespace: peerNamespace(plan, mspId),
      })),
      externalPeerOrganizations: [],
      ordererOrganizations: [
        {
          mspID: ordererOrg.mspId,
          caName: caResourceName,
          caNamespace: ordererNs,
          ordererEndpoints: ordererOrg.orderers.map((orderer) => ordererAddress(plan, orderer)),
          orderersToJoin: ordererOrg.orderers.map((orderer) => ({
            name: ordererResourceName(orderer),
            namespace: ordererNs,
          })),
          externalOrderersToJoin: [],
        },
      ],
      externalOrdererOrganizations: [],
      // The operator looks identities up by MSP ID; the orderer org's by `<MSP>-tls` and `<MSP>-sign`.
      identities: {
        [admin]: hlfIdentity(peerNamespace(plan, admin), adminIdentity.peer),
        [`${ordererOrg.mspId}-tls`]: hlfIdentity(ordererNs, adminIdentity.ordererTls),
        [`${ordererOrg.mspId}-sign`]: hlfIdentity(ordererNs, adminIdentity.ordererSign),
      },
      // The etcdraft consenters: every orderer, as in configtx.yaml.
      orderers: ordererOrg.orderers.map((orderer) => ({
        host: serviceHost(ordererResourceName(orderer), ordererNs),
        port: operatorPorts.orderer,
        tlsCert: ordererTlsCert(plan, orderer),
      })),
      channelConfig: {
        capabilities: ['V2_0'],
        application: { capabilities: ['V2_5'] },
        orderer: {
          ordererType: 'etcdraft',
          state: 'STATE_NORMAL',
          capabilities: ['V2_0'],
          batchTimeout: `${ordering.batchTimeout}ms`,
          batchSize: {
            maxMessageCount: ordering.maxMessageCount,
            absoluteMaxBytes: ordering.absoluteMaxBytes,
            preferredMaxBytes: ordering.preferredMaxBytes,
          },
          etcdRaft: {
            options: {
              tickInterval: '500ms',
              electionTick: 10,
              heartbeatTick: 1,
              maxInflightBlocks: 5,
              snapshotIntervalSize: 16 * 1024 * 1024,
            },
          },
        },
      },
    },
  };
}

function followerChannel(plan: NetworkPlan, channel: ChannelPlan, mspId: string): Resource {
  const org = plan.orgs.find((candidate) => candidate.mspId === mspId);
  if (!org) throw new NetworkPlanError(`channel ${channel.name} names unknown org ${mspId}`);
  const namespace = orgNamespace(org.domain);
  return {
    apiVersion: hlfApiVersion,
    kind: 'FabricFollowerChannel',
    metadata: metadata(plan, `${channel.name}-${namespace}`),
    spec: {
      name: channel.name,
      mspId,
      hlfIdentity: hlfIdentity(namespace, adminIdentity.peer),
      peersToJoin: org.peers.map((peer) => ({ name: peerResourceName(peer), namespace })),
      externalPeersToJoin: [],
      anchorPeers: [{ host: serviceHost(peerResourceName(org.anchorPeer), namespace), port: operatorPorts.peer }],
      orderers: plan.ordererOrg.orderers.map((orderer) => ({
        url: `grpcs://${ordererAddress(plan, orderer)}`,
        certificate: ordererTlsCert(plan, orderer),
      })),
    },
  };
}

export function renderMainChannels(plan: NetworkPlan): Resource[] {
  return plan.channels.map((channel) => mainChannel(plan, channel));
}

export function renderFollowerChannels(plan: NetworkPlan): Resource[] {
  return plan.channels.flatMap((channel) => channel.orgs.map((mspId) => followerChannel(plan, channel, mspId)));
}
