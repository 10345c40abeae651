import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EndorsementPolicySpec } from '../../network/devnet/src/topology/schema';
import { buildCcaasPackage } from './ccaas-package';
import {
  adminIdentity,
  chaincodeServerPort,
  checkDnsLabel,
  hlfApiVersion,
  hlfIdentity,
  metadata,
  ordererNamespace,
  ordererResourceName,
  orgNamespace,
  peerResourceName,
} from './k8s-layout';
import { NetworkPlanError } from './ports';
import type { CcaasServer, ChaincodePlan, ChannelPlan, NetworkPlan, PeerOrgPlan } from './network-plan';

/**
 * Chaincode as a service on Kubernetes: per chaincode and org that runs it, a Deployment running
 * `fabric-chaincode-node server` and a Service the org's peers dial; the CCaaS package sources naming that
 * Service (built byte-for-byte reproducibly, so the package ID is known here); and the operator's lifecycle
 * resources: a FabricChaincodeApprove per channel member org and a FabricChaincodeCommit per chaincode.
 */
type Resource = Record<string, unknown>;

export interface K8sChaincodeServer {
  readonly server: CcaasServer;
  readonly chaincode: ChaincodePlan;
  readonly namespace: string;
  /** Deployment and Service name: `<chaincode>-ccaas`. */
  readonly name: string;
  /** The image the Deployment runs: a placeholder name built from the chaincode and its version. */
  readonly image: string;
  readonly metadataJson: string;
  readonly connectionJson: string;
  readonly packageId: string;
}

/** Folder of one server's package sources inside network/k8s/. */
export function k8sCcaasSourceDir(server: K8sChaincodeServer): string {
  return `ccaas/${server.namespace}/${server.server.chaincode}`;
}

/** `scenechain/<chaincode>:<version>`: push it under this name, or change it, before applying. */
export function chaincodeImage(chaincode: ChaincodePlan): string {
  return `scenechain/${chaincode.name}:${chaincode.version}`;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function k8sChaincodeServers(plan: NetworkPlan): K8sChaincodeServer[] {
  const chaincodes = new Map(plan.channels.flatMap((channel) => channel.chaincodes.map((cc) => [cc.name, cc])));
  return plan.ccaas.map((server) => {
    const chaincode = chaincodes.get(server.chaincode)!;
    const namespace = orgNamespace(server.orgDomain);
    const name = checkDnsLabel(`${server.chaincode}-ccaas`, `chaincode server for ${server.chaincode}`);
    const metadataJson = json({ type: 'ccaas', label: server.label });
    const connectionJson = json({
      address: `${name}.${namespace}:${chaincodeServerPort}`,
      dial_timeout: '10s',
      tls_required: false,
    });
    const { packageId } = buildCcaasPackage(Buffer.from(metadataJson), Buffer.from(connectionJson));
    return {
      server,
      chaincode,
      namespace,
      name,
      image: chaincodeImage(chaincode),
      metadataJson,
      connectionJson,
      packageId,
    };
  });
}

function deployment(plan: NetworkPlan, cc: K8sChaincodeServer): Resource {
  const labels = { 'app.kubernetes.io/name': cc.name, 'app.kubernetes.io/part-of': plan.name };
  const modulePath = `/scenechain/${cc.chaincode.path}`;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(plan, cc.name, cc.namespace),
    spec: {
      replicas: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': cc.name } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'chaincode',
              image: cc.image,
              imagePullPolicy: 'IfNotPresent',
              workingDir: modulePath,
              command: [
                'node',
                '/scenechain/node_modules/fabric-shim/cli.js',
                'server',
                '--chaincode-address',
                `0.0.0.0:${chaincodeServerPort}`,
                '--chaincode-id',
                cc.packageId,
                '--module-path',
                modulePath,
              ],
              env: [{ name: 'CORE_PEER_LOCALMSPID', value: cc.server.mspId }],
              ports: [{ name: 'chaincode', containerPort: chaincodeServerPort, protocol: 'TCP' }],
            },
          ],
        },
      },
    },
  };
}

function service(plan: NetworkPlan, cc: K8sChaincodeServer): Resource {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(plan, cc.name, cc.namespace),
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': cc.name },
      ports: [{ name: 'chaincode', port: chaincodeServerPort, targetPort: chaincodeServerPort, protocol: 'TCP' }],
    },
  };
}

export function renderChaincodeServers(plan: NetworkPlan): Resource[] {
  return k8sChaincodeServers(plan).flatMap((cc) => [deployment(plan, cc), service(plan, cc)]);
}

/**
 * The approve/commit `endorsementPolicy` is a signature policy string; empty means the channel's
 * `/Channel/Application/Endorsement`, Fabric's default. Other channel policy references have no spelling.
 */
export function lifecyclePolicy(policy: EndorsementPolicySpec, chaincode: string): string {
  if ('signature' in policy) return policy.signature;
  if (policy.channelConfigPolicy === '/Channel/Application/Endorsement') return '';
  throw new NetworkPlanError(
    `chaincode ${chaincode}: channelConfigPolicy ${policy.channelConfigPolicy} cannot be expressed in ` +
      "hlf-operator's FabricChaincodeApprove/Commit (a signature policy, or none for /Channel/Application/Endorsement)",
  );
}

/** Fabric's collections_config.json entries as the operator's `pdc` list (same field names). */
export function readCollections(baseDir: string, chaincode: ChaincodePlan): Resource[] {
  if (chaincode.collectionsConfig === undefined) return [];
  const file = path.resolve(baseDir, chaincode.collectionsConfig);
  const entries = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(entries)) throw new NetworkPlanError(`${file}: expected a JSON array of collections`);
  return entries.map((entry: Record<string, unknown>, index) => {
    for (const key of ['name', 'policy'] as const) {
      if (typeof entry[key] !== 'string') throw new NetworkPlanError(`${file}[${index}]: ${key} must be a string`);
    }
    if (!Number.isInteger(entry.maxPeerCount)) {
      throw new NetworkPlanError(`${file}[${index}]: maxPeerCount must be an integer`);
    }
    const optional = ['requiredPeerCount', 'blockToLive', 'endorsementPolicy'].filter((key) => key in entry);
    return {
      name: entry.name,
      policy: entry.policy,
      maxPeerCount: entry.maxPeerCount,
      // Fabric's defaults when the file leaves them out.
      memberOnlyRead: entry.memberOnlyRead ?? false,
      memberOnlyWrite: entry.memberOnlyWrite ?? false,
      ...Object.fromEntries(optional.map((key) => [key, entry[key]])),
    };
  });
}

function ordererRefs(plan: NetworkPlan): Resource[] {
  const namespace = ordererNamespace(plan);
  return plan.ordererOrg.orderers.map((orderer) => ({ name: ordererResourceName(orderer), namespace }));
}

function peerRefs(org: PeerOrgPlan, peers = org.peers): Resource[] {
  const namespace = orgNamespace(org.domain);
  return peers.map((peer) => ({ name: peerResourceName(peer), namespace }));
}

function definition(chaincode: ChaincodePlan, channel: ChannelPlan, pdc: Resource[]): Resource {
  return {
    chaincodeName: chaincode.name,
    channelName: channel.name,
    version: chaincode.version,
    sequence: chaincode.sequence,
    endorsementPolicy: lifecyclePolicy(chaincode.endorsementPolicy, chaincode.name),
    initRequired: chaincode.initRequired,
    ...(pdc.length > 0 ? { pdc } : {}),
  };
}

function orgOf(plan: NetworkPlan, mspId: string): PeerOrgPlan {
  const org = plan.orgs.find((candidate) => candidate.mspId === mspId);
  if (!org) throw new NetworkPlanError(`unknown org ${mspId}`);
  return org;
}

/**
 * Every channel member approves (the commit needs a majority, LifecycleEndorsement); an org that runs the
 * chaincode approves its own package, the others approve the definition without one (packageId '').
 */
export function renderChaincodeApproves(plan: NetworkPlan, baseDir: string): Resource[] {
  const servers = k8sChaincodeServers(plan);
  return plan.channels.flatMap((channel) =>
    channel.chaincodes.flatMap((chaincode) => {
      const pdc = readCollections(baseDir, chaincode);
      return channel.orgs.map((mspId) => {
        const org = orgOf(plan, mspId);
        const namespace = orgNamespace(org.domain);
        const server = servers.find((cc) => cc.server.chaincode === chaincode.name && cc.server.mspId === mspId);
        return {
          apiVersion: hlfApiVersion,
          kind: 'FabricChaincodeApprove',
          metadata: metadata(plan, `${channel.name}-${chaincode.name}-${namespace}`),
          spec: {
            ...definition(chaincode, channel, pdc),
            packageId: server?.packageId ?? '',
            mspID: mspId,
            hlfIdentity: hlfIdentity(namespace, adminIdentity.peer),
            peers: server ? peerRefs(org) : peerRefs(org, [org.anchorPeer]),
            orderers: ordererRefs(plan),
            externalPeers: [],
            externalOrderers: [],
          },
        };
      });
    }),
  );
}

/** Committed by the first org that runs the chaincode, with every member's anchor peer as endorser. */
export function renderChaincodeCommits(plan: NetworkPlan, baseDir: string): Resource[] {
  return plan.channels.flatMap((channel) =>
    channel.chaincodes.map((chaincode) => {
      const committer = orgOf(plan, chaincode.installedOn[0]);
      return {
        apiVersion: hlfApiVersion,
        kind: 'FabricChaincodeCommit',
        metadata: metadata(plan, `${channel.name}-${chaincode.name}`),
        spec: {
          ...definition(chaincode, channel, readCollections(baseDir, chaincode)),
          mspID: committer.mspId,
          hlfIdentity: hlfIdentity(orgNamespace(committer.domain), adminIdentity.peer),
          peers: channel.orgs.flatMap((mspId) => {
            const org = orgOf(plan, mspId);
            return peerRefs(org, [org.anchorPeer]);
          }),
          orderers: ordererRefs(plan),
          externalPeers: [],
          externalOrderers: [],
        },
      };
    }),
  );
}
