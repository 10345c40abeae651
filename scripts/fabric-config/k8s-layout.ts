import { NetworkPlanError } from './ports';
import type { NetworkPlan, OrdererNode, PeerNode } from './network-plan';

/**
 * Where the network lives in Kubernetes under bevel-operator-fabric (hlf-operator): one namespace per org,
 * named by the first label of its domain, and the fixed in-cluster addresses the operator gives its nodes.
 * The operator always serves a node on the same ports inside the cluster (Service `<name>.<namespace>`), so
 * the topology's host ports do not carry over; its host names become the Istio (SNI) hosts that reach the
 * nodes from outside the cluster.
 */
export const hlfApiVersion = 'hlf.kungfusoftware.es/v1alpha1';

/** Ports of the operator's Services (hlf-operator helpers: CA 7054, peer 7051, orderer 7050 and admin 7053). */
export const operatorPorts = { ca: 7054, peer: 7051, orderer: 7050, ordererAdmin: 7053 } as const;

/** Port the chaincode servers listen on in their pods (the Docker runtime's choice too). */
export const chaincodeServerPort = 9999;

/** Images and tags; the release the native network was verified with. */
export const k8sImages = {
  peer: { image: 'hyperledger/fabric-peer', tag: '2.5.5' },
  orderer: { image: 'hyperledger/fabric-orderer', tag: '2.5.5' },
  ca: { image: 'hyperledger/fabric-ca', tag: '1.5.7' },
  couchdb: { image: 'couchdb', tag: '3.3.3' },
} as const;

/** The Istio ingress gateway the operator's Gateway objects select, and the TLS port it listens on. */
export const istioIngress = { ingressGateway: 'ingressgateway', port: 443 } as const;

/** Name of the operator's FabricCA in every org namespace (its Service is `ca.<namespace>`). */
export const caResourceName = 'ca';
/** The two CA instances every FabricCA serves: enrollment certificates and TLS certificates. */
export const caInstances = { sign: 'ca', tls: 'tlsca' } as const;

/** Key of the enrolled identity in the Secret a FabricIdentity writes (named like the FabricIdentity). */
export const identitySecretKey = 'user.yaml';

/**
 * Placeholders for what cannot be known before the cluster runs: passwords (the renderer generates them,
 * so none is committed) and orderer TLS certificates (the operator issues them). A placeholder is a whole
 * string value; `cli.ts k8s-render` replaces it.
 */
export type Placeholder = { kind: 'password'; namespace: string; name: string } | OrdererCertPlaceholder;
export interface OrdererCertPlaceholder {
  kind: 'tlsCert';
  namespace: string;
  name: string;
}

export function placeholderText(placeholder: Placeholder): string {
  return `{{${placeholder.kind}:${placeholder.namespace}/${placeholder.name}}}`;
}

export function passwordOf(namespace: string, identity: string): string {
  return placeholderText({ kind: 'password', namespace, name: identity });
}

/** Kubernetes object names must be DNS-1123 labels; say which topology name breaks that. */
const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function checkDnsLabel(value: string, what: string): string {
  if (!dnsLabel.test(value)) {
    throw new NetworkPlanError(
      `${what} '${value}' cannot name a Kubernetes object (lower-case letters, digits and '-', at most 63)`,
    );
  }
  return value;
}

/** The org's namespace: the first label of its domain (`regulator.scenechain.example` -> `regulator`). */
export function orgNamespace(domain: string): string {
  return checkDnsLabel(domain.split('.')[0], `first label of domain ${domain}`);
}

export function ordererNamespace(plan: NetworkPlan): string {
  return orgNamespace(plan.ordererOrg.domain);
}

/** Every org namespace, orderer org first; two orgs whose domains share a first label are refused. */
export function namespaces(plan: NetworkPlan): string[] {
  const all = [plan.ordererOrg, ...plan.orgs].map((org) => ({ org: org.mspId, ns: orgNamespace(org.domain) }));
  const seen = new Map<string, string>();
  for (const { org, ns } of all) {
    const other = seen.get(ns);
    if (other) throw new NetworkPlanError(`${other} and ${org} would share the Kubernetes namespace '${ns}'`);
    seen.set(ns, org);
  }
  return all.map(({ ns }) => ns);
}

export function peerNamespace(plan: NetworkPlan, mspId: string): string {
  const org = plan.orgs.find((candidate) => candidate.mspId === mspId);
  if (!org) throw new NetworkPlanError(`unknown org ${mspId}`);
  return orgNamespace(org.domain);
}

/** In-cluster address of a node: `<name>.<namespace>` (the operator's Service). */
export function serviceHost(name: string, namespace: string): string {
  return `${name}.${namespace}`;
}

export function peerResourceName(peer: PeerNode): string {
  return checkDnsLabel(peer.name, `peer name in ${peer.mspId}`);
}

export function ordererResourceName(orderer: OrdererNode): string {
  return checkDnsLabel(orderer.name, 'orderer name');
}

export function peerAddress(peer: PeerNode): string {
  return `${serviceHost(peerResourceName(peer), orgNamespace(peer.orgDomain))}:${operatorPorts.peer}`;
}

export function ordererAddress(plan: NetworkPlan, orderer: OrdererNode): string {
  return `${serviceHost(ordererResourceName(orderer), ordererNamespace(plan))}:${operatorPorts.orderer}`;
}

export function ordererTlsCert(plan: NetworkPlan, orderer: OrdererNode): string {
  return placeholderText({ kind: 'tlsCert', namespace: ordererNamespace(plan), name: ordererResourceName(orderer) });
}

/** Names of the FabricIdentity objects (and the Secrets they write) holding an org's admin. */
export const adminIdentity = {
  /** A peer org's admin, enrolled at its CA: signs channel and chaincode lifecycle transactions. */
  peer: 'admin',
  /** The orderer org's admin with an enrollment certificate: signs channel configuration. */
  ordererSign: 'admin-sign',
  /** The orderer org's admin with a TLS certificate: client authentication at the orderers' admin API. */
  ordererTls: 'admin-tls',
} as const;

export function hlfIdentity(namespace: string, name: string): Record<string, string> {
  return { secretName: name, secretNamespace: namespace, secretKey: identitySecretKey };
}

/** Metadata of a namespaced object, labelled with the network's name so `kubectl -l` finds all of it. */
export function metadata(plan: NetworkPlan, name: string, namespace?: string): Record<string, unknown> {
  return {
    name,
    ...(namespace === undefined ? {} : { namespace }),
    labels: { 'app.kubernetes.io/part-of': plan.name },
  };
}
