import {
  adminIdentity,
  caInstances,
  caResourceName,
  hlfApiVersion,
  istioIngress,
  k8sImages,
  metadata,
  operatorPorts,
  ordererNamespace,
  ordererResourceName,
  orgNamespace,
  passwordOf,
  peerAddress,
  peerResourceName,
  serviceHost,
} from './k8s-layout';
import type { CaNode, NetworkPlan, OrdererNode, PeerNode } from './network-plan';

/**
 * The operator's node resources: per org a FabricCA (with its sign and TLS CA), FabricIdentity objects for
 * the org's admin, and the org's FabricPeer or FabricOrdererNode objects. Identities are registered by the
 * CA itself (its registry), so no `kubectl hlf ca register` step is needed; every password is a placeholder.
 */
type Resource = Record<string, unknown>;

/** The CA's TLS server certificate, from the Secret the operator writes next to every FabricCA. */
function caTls(namespace: string): Resource {
  return { cacert: '', secretRef: { name: `${caResourceName}--tls-cryptomaterial`, key: 'tls.crt', namespace } };
}

/** Attributes of a registry identity: the registrar may register anyone, the others nobody. */
function registryAttrs(registrar: boolean): Resource {
  return {
    'hf.Registrar.Roles': registrar ? '*' : '',
    'hf.Registrar.DelegateRoles': registrar ? '*' : '',
    'hf.Registrar.Attributes': registrar ? '*' : '',
    'hf.Revoker': registrar,
    'hf.IntermediateCA': false,
    'hf.GenCRL': registrar,
    'hf.AffiliationMgr': registrar,
  };
}

/**
 * Identities a CA knows from its first start: `enroll` (the registrar, for the app's users later), the
 * org's node identity (`peer` or `orderer`, shared by the org's nodes) and `admin`.
 */
function registry(namespace: string, nodeType: 'peer' | 'orderer'): Resource {
  const identity = (name: string, type: string, registrar = false): Resource => ({
    name,
    pass: passwordOf(namespace, name),
    type,
    affiliation: '',
    attrs: registryAttrs(registrar),
  });
  return {
    max_enrollments: -1,
    identities: [identity('enroll', 'client', true), identity(nodeType, nodeType), identity('admin', 'admin')],
  };
}

function caItem(name: string, orgName: string, namespace: string, ca: CaNode, nodeType: 'peer' | 'orderer'): Resource {
  const subject = { cn: name, C: '', ST: '', L: '', O: orgName, OU: 'Fabric' };
  return {
    name,
    cfg: { identities: { allowRemove: true }, affiliations: { allowRemove: true } },
    subject,
    csr: {
      cn: name,
      hosts: ['localhost', serviceHost(caResourceName, namespace), ca.host],
      names: [{ C: '', ST: '', L: '', O: orgName, OU: 'Fabric' }],
      ca: { expiry: '131400h', pathLength: 0 },
    },
    crl: { expiry: '24h' },
    registry: registry(namespace, nodeType),
    intermediate: { parentServer: { url: '', caName: '' } },
    bccsp: { default: 'SW', sw: { hash: 'SHA2', security: '256' } },
  };
}

function fabricCa(
  plan: NetworkPlan,
  org: { name: string; domain: string; ca: CaNode },
  nodeType: 'peer' | 'orderer',
): Resource {
  const namespace = orgNamespace(org.domain);
  const item = (name: string): Resource => caItem(name, org.name, namespace, org.ca, nodeType);
  return {
    apiVersion: hlfApiVersion,
    kind: 'FabricCA',
    metadata: metadata(plan, caResourceName, namespace),
    spec: {
      image: k8sImages.ca.image,
      version: k8sImages.ca.tag,
      debug: false,
      clrSizeLimit: 512000,
      hosts: ['localhost', caResourceName, serviceHost(caResourceName, namespace), org.ca.host],
      service: { type: 'ClusterIP' },
      istio: { hosts: [org.ca.host], ...istioIngress },
      db: { type: 'sqlite3', datasource: 'fabric-ca-server.db' },
      rootCA: { subject: { cn: 'ca', C: '', ST: '', L: '', O: org.name, OU: 'Fabric' } },
      ca: item(caInstances.sign),
      tlsCA: item(caInstances.tls),
      cors: { enabled: false, origins: [] },
      metrics: { provider: 'prometheus' },
      resources: {},
      storage: { accessMode: 'ReadWriteOnce', size: '1Gi', storageClass: '' },
    },
  };
}

export function renderFabricCas(plan: NetworkPlan): Resource[] {
  return [fabricCa(plan, plan.ordererOrg, 'orderer'), ...plan.orgs.map((org) => fabricCa(plan, org, 'peer'))];
}

function fabricIdentity(plan: NetworkPlan, namespace: string, mspId: string, name: string, caName: string): Resource {
  return {
    apiVersion: hlfApiVersion,
    kind: 'FabricIdentity',
    metadata: metadata(plan, name, namespace),
    spec: {
      cahost: serviceHost(caResourceName, namespace),
      caport: operatorPorts.ca,
      caname: caName,
      catls: caTls(namespace),
      enrollid: 'admin',
      enrollsecret: passwordOf(namespace, 'admin'),
      mspid: mspId,
    },
  };
}

/** Each org's admin, enrolled into a Secret the channel and chaincode resources name as `hlfIdentity`. */
export function renderFabricIdentities(plan: NetworkPlan): Resource[] {
  const ordererNs = ordererNamespace(plan);
  const { mspId } = plan.ordererOrg;
  return [
    fabricIdentity(plan, ordererNs, mspId, adminIdentity.ordererSign, caInstances.sign),
    fabricIdentity(plan, ordererNs, mspId, adminIdentity.ordererTls, caInstances.tls),
    ...plan.orgs.map((org) =>
      fabricIdentity(plan, orgNamespace(org.domain), org.mspId, adminIdentity.peer, caInstances.sign),
    ),
  ];
}

/** How a node enrolls: its sign certificate at `ca`, its TLS certificate (for these hosts) at `tlsca`. */
function enrollment(namespace: string, enrollId: string, tlsHosts: string[]): Resource {
  const component = {
    cahost: serviceHost(caResourceName, namespace),
    caport: operatorPorts.ca,
    catls: caTls(namespace),
    enrollid: enrollId,
    enrollsecret: passwordOf(namespace, enrollId),
  };
  return {
    component: { ...component, caname: caInstances.sign },
    tls: { ...component, caname: caInstances.tls, csr: { cn: '', hosts: tlsHosts } },
  };
}

function storage(size: string): Resource {
  return { accessMode: 'ReadWriteOnce', size, storageClass: '' };
}

function ordererNode(plan: NetworkPlan, orderer: OrdererNode): Resource {
  const namespace = ordererNamespace(plan);
  const name = ordererResourceName(orderer);
  const adminHost = `admin-${orderer.host}`;
  return {
    apiVersion: hlfApiVersion,
    kind: 'FabricOrdererNode',
    metadata: metadata(plan, name, namespace),
    spec: {
      image: k8sImages.orderer.image,
      tag: k8sImages.orderer.tag,
      pullPolicy: 'IfNotPresent',
      mspID: plan.ordererOrg.mspId,
      replicas: 1,
      // No system channel: channels are joined through the channel participation API, as natively.
      bootstrapMethod: 'none',
      genesis: '',
      channelParticipationEnabled: true,
      service: { type: 'ClusterIP' },
      istio: { hosts: [orderer.host], ...istioIngress },
      adminIstio: { hosts: [adminHost], ...istioIngress },
      secret: {
        enrollment: enrollment(namespace, 'orderer', [name, serviceHost(name, namespace), orderer.host, adminHost]),
      },
      resources: {},
      storage: storage('5Gi'),
    },
  };
}

export function renderOrdererNodes(plan: NetworkPlan): Resource[] {
  return plan.ordererOrg.orderers.map((orderer) => ordererNode(plan, orderer));
}

const logging = ['level', 'peer', 'cauthdsl', 'gossip', 'grpc', 'ledger', 'msp', 'policies'];

function fabricPeer(plan: NetworkPlan, peer: PeerNode, isAnchor: boolean): Resource {
  const namespace = orgNamespace(peer.orgDomain);
  const name = peerResourceName(peer);
  return {
    apiVersion: hlfApiVersion,
    kind: 'FabricPeer',
    metadata: metadata(plan, name, namespace),
    spec: {
      image: k8sImages.peer.image,
      tag: k8sImages.peer.tag,
      imagePullPolicy: 'IfNotPresent',
      mspID: peer.mspId,
      replicas: 1,
      hosts: [peer.host],
      externalEndpoint: peerAddress(peer),
      gossip: {
        externalEndpoint: peerAddress(peer),
        bootstrap: '',
        endpoint: '',
        // The anchor peer leads its org's gossip, as the org's first peer does natively.
        orgLeader: isAnchor,
        useLeaderElection: !isAnchor,
      },
      // Chaincode runs only as a service: the CCaaS builder that ships in the peer image, no Docker.
      external_chaincode_builder: false,
      externalBuilders: [
        {
          name: 'ccaas_builder',
          path: '/opt/hyperledger/ccaas_builder',
          propagateEnvironment: ['CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG'],
        },
      ],
      dockerSocketPath: '',
      stateDb: 'leveldb',
      // Required by the schema even with LevelDB; its password is generated like every other.
      couchdb: {
        image: k8sImages.couchdb.image,
        tag: k8sImages.couchdb.tag,
        pullPolicy: 'IfNotPresent',
        user: 'couchdb',
        password: passwordOf(namespace, `couchdb-${name}`),
      },
      discovery: { period: '60s', touchPeriod: '60s' },
      logging: Object.fromEntries(logging.map((key) => [key, 'info'])),
      service: { type: 'ClusterIP' },
      istio: { hosts: [peer.host], ...istioIngress },
      secret: { enrollment: enrollment(namespace, 'peer', [name, serviceHost(name, namespace), peer.host]) },
      resources: { peer: {}, couchdb: {}, chaincode: {} },
      storage: { peer: storage('5Gi'), couchdb: storage('5Gi'), chaincode: storage('1Gi') },
    },
  };
}

export function renderFabricPeers(plan: NetworkPlan): Resource[] {
  return plan.orgs.flatMap((org) => org.peers.map((peer) => fabricPeer(plan, peer, peer === org.anchorPeer)));
}
