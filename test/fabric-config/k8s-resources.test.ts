import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse, parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { buildCcaasPackageFromDir } from '../../scripts/fabric-config/ccaas-package';
import { k8sFileNames } from '../../scripts/fabric-config/k8s-files';
import { repoRoot, repoTopology } from './repo-topology';

/*
 * Reads the committed network/k8s/ as the API server and the operator would and checks it twice: every
 * object against a JSON schema of its kind, written by hand from the CRD's openAPIV3Schema (test data in
 * k8s-schemas/), and the whole set against network/topology.yaml, without the generator.
 */
type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const k8sDir = path.join(repoRoot, 'network', 'k8s');
const schemaDir = path.join(__dirname, 'k8s-schemas');
const topology = repoTopology();

function readResources(): Yaml[] {
  return k8sFileNames.flatMap((file) => {
    const docs = parseAllDocuments(readFileSync(path.join(k8sDir, file), 'utf8'));
    if (!Array.isArray(docs)) throw new Error(`${file}: no documents`);
    return docs.map((doc) => {
      expect(doc.errors, file).to.deep.equal([]);
      return { ...(doc.toJS() as Yaml), file };
    });
  });
}

const resources = readResources();
const ofKind = (kind: string): Yaml[] => resources.filter((resource) => resource.kind === kind);
const schemas = new Map(
  readdirSync(schemaDir).map((file) => [
    file.replace('.schema.json', ''),
    z.fromJSONSchema(JSON.parse(readFileSync(path.join(schemaDir, file), 'utf8'))),
  ]),
);

function validate(resource: Yaml): string[] {
  const schema = schemas.get(resource.kind);
  if (!schema) return [`no schema for kind ${resource.kind}`];
  const { file: _file, ...object } = resource;
  const result = schema.safeParse(object);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

const key = (namespace: string, name: string): string => `${namespace}/${name}`;
const namespaceOf = (domain: string): string => domain.split('.')[0];
const placeholder = /^\{\{(password|tlsCert):[a-z0-9-]+\/[a-z0-9-]+\}\}$/;

describe('network/k8s: bevel-operator-fabric resources', () => {
  describe('against the CRD schemas (test/fabric-config/k8s-schemas)', () => {
    it('every generated object validates against the schema of its kind', () => {
      expect(resources.length).to.be.greaterThan(100);
      const problems = resources.flatMap((resource) =>
        validate(resource).map((issue) => `${resource.file} ${resource.kind} ${resource.metadata?.name}: ${issue}`),
      );
      expect(problems).to.deep.equal([]);
      expect([...new Set(resources.map((resource) => resource.kind))].sort()).to.deep.equal([...schemas.keys()].sort());
    });

    it('a schema rejects a missing required field, a value outside an enum, an unknown field and a wrong scope', () => {
      const peer = structuredClone(ofKind('FabricPeer')[0]);
      delete peer.spec.secret.enrollment.tls.enrollsecret;
      expect(validate(peer).join()).to.contain('spec.secret.enrollment.tls.enrollsecret');
      const db = structuredClone(ofKind('FabricPeer')[0]);
      db.spec.stateDb = 'mysql';
      expect(validate(db).join()).to.contain('spec.stateDb');
      const follower = structuredClone(ofKind('FabricFollowerChannel')[0]);
      follower.spec.mspID = follower.spec.mspId; // the CRD spells it mspId here
      expect(validate(follower).join()).to.contain('mspID');
      const channel = structuredClone(ofKind('FabricMainChannel')[0]);
      channel.metadata.namespace = 'default'; // cluster-scoped
      expect(validate(channel).join()).to.contain('namespace');
      const approve = structuredClone(ofKind('FabricChaincodeApprove')[0]);
      approve.spec.sequence = '1';
      expect(validate(approve).join()).to.contain('spec.sequence');
    });
  });

  describe('against network/topology.yaml', () => {
    const cas = new Map(ofKind('FabricCA').map((ca) => [key(ca.metadata.namespace, ca.metadata.name), ca]));
    const peers = ofKind('FabricPeer');
    const orderers = ofKind('FabricOrdererNode');
    const identities = new Map(
      ofKind('FabricIdentity').map((identity) => [key(identity.metadata.namespace, identity.metadata.name), identity]),
    );
    const peerKeys = new Set(peers.map((peer) => key(peer.metadata.namespace, peer.metadata.name)));
    const ordererKeys = new Set(orderers.map((node) => key(node.metadata.namespace, node.metadata.name)));

    it('every org has its namespace, a CA, an enrolled admin and its peers with its MSP ID', () => {
      const namespaces = ofKind('Namespace').map((ns) => ns.metadata.name);
      expect(namespaces).to.deep.equal([topology.ordererOrg, ...topology.orgs].map((org) => namespaceOf(org.domain)));
      for (const org of topology.orgs) {
        const ns = namespaceOf(org.domain);
        expect(cas.has(key(ns, 'ca')), `${org.mspId} CA`).to.equal(true);
        expect(identities.get(key(ns, 'admin'))?.spec.mspid, `${org.mspId} admin`).to.equal(org.mspId);
        const own = peers.filter((peer) => peer.metadata.namespace === ns);
        expect(own.map((peer) => peer.metadata.name)).to.deep.equal(org.peers.map((peer) => peer.name));
        expect(new Set(own.map((peer) => peer.spec.mspID))).to.deep.equal(new Set([org.mspId]));
        for (const peer of own) {
          expect(peer.spec.hosts).to.deep.equal([`${peer.metadata.name}.${org.domain}`]);
          expect(peer.spec.secret.enrollment.component.cahost).to.equal(`ca.${ns}`);
        }
      }
      const ordererNs = namespaceOf(topology.ordererOrg.domain);
      expect(orderers.map((node) => node.metadata.name)).to.deep.equal(topology.ordererOrg.orderers.map((o) => o.name));
      for (const node of orderers) {
        expect(node.metadata.namespace).to.equal(ordererNs);
        expect(node.spec.mspID).to.equal(topology.ordererOrg.mspId);
      }
      for (const identity of identities.values()) {
        const org = [topology.ordererOrg, ...topology.orgs].find(
          (candidate) => namespaceOf(candidate.domain) === identity.metadata.namespace,
        );
        expect(identity.spec.mspid, identity.metadata.name).to.equal(org?.mspId);
      }
    });

    it('object names, Services and external host names are unique', () => {
      const names = resources.map((r) => `${r.kind} ${r.metadata.namespace ?? ''}/${r.metadata.name}`);
      expect(names.length).to.equal(new Set(names).size);
      // The operator names each node's Service like the node; chaincode Services must not collide with them.
      const services = [
        ...[...cas.values(), ...peers, ...orderers].map((r) => key(r.metadata.namespace, r.metadata.name)),
        ...ofKind('Service').map((r) => key(r.metadata.namespace, r.metadata.name)),
      ];
      expect(services.length).to.equal(new Set(services).size);
      const hosts = [...cas.values(), ...peers, ...orderers].flatMap((r) => [
        ...(r.spec.istio?.hosts ?? []),
        ...(r.spec.adminIstio?.hosts ?? []),
      ]);
      expect(hosts.length).to.equal(new Set(hosts).size);
      const topologyHosts = [
        ...topology.orgs.flatMap((org) => org.peers.map((peer) => `${peer.name}.${org.domain}`)),
        ...topology.ordererOrg.orderers.map((o) => `${o.name}.${topology.ordererOrg.domain}`),
      ];
      for (const host of topologyHosts) expect(hosts, host).to.include(host);
    });

    it('channels: the topology members, every orderer as consenter, each member joining its own peers', () => {
      for (const channel of topology.channels) {
        const main = ofKind('FabricMainChannel').find((r) => r.spec.name === channel.name) as Yaml;
        expect(main.spec.peerOrganizations.map((org: Yaml) => org.mspID)).to.deep.equal(channel.orgs);
        for (const org of main.spec.peerOrganizations) {
          expect(cas.has(key(org.caNamespace, org.caName)), org.mspID).to.equal(true);
        }
        expect(main.spec.orderers.map((o: Yaml) => o.host)).to.deep.equal(
          orderers.map((node) => `${node.metadata.name}.${node.metadata.namespace}`),
        );
        for (const ref of main.spec.ordererOrganizations.flatMap((org: Yaml) => org.orderersToJoin)) {
          expect(ordererKeys.has(key(ref.namespace, ref.name))).to.equal(true);
        }
        for (const id of Object.values(main.spec.identities) as Yaml[]) {
          expect(identities.has(key(id.secretNamespace, id.secretName)), id.secretName).to.equal(true);
        }
        expect(main.spec.identities).to.have.property(main.spec.adminPeerOrganizations[0].mspID);
        const followers = ofKind('FabricFollowerChannel').filter((r) => r.spec.name === channel.name);
        expect(followers.map((r) => r.spec.mspId)).to.deep.equal(channel.orgs);
        for (const follower of followers) {
          const org = topology.orgs.find((o) => o.mspId === follower.spec.mspId)!;
          const ns = namespaceOf(org.domain);
          expect(follower.spec.peersToJoin).to.deep.equal(org.peers.map((p) => ({ name: p.name, namespace: ns })));
          expect(follower.spec.anchorPeers).to.deep.equal([{ host: `${org.peers[0].name}.${ns}`, port: 7051 }]);
          expect(follower.spec.hlfIdentity.secretNamespace).to.equal(ns);
        }
      }
    });

    it('chaincode: servers per installing org, package IDs from the committed sources, policies carried over', () => {
      for (const channel of topology.channels) {
        for (const chaincode of channel.chaincodes) {
          const policy = (chaincode.endorsementPolicy as { signature: string }).signature;
          const approves = ofKind('FabricChaincodeApprove').filter(
            (r) => r.spec.channelName === channel.name && r.spec.chaincodeName === chaincode.name,
          );
          expect(approves.map((r) => r.spec.mspID)).to.deep.equal(channel.orgs);
          const commits = ofKind('FabricChaincodeCommit').filter(
            (r) => r.spec.channelName === channel.name && r.spec.chaincodeName === chaincode.name,
          );
          expect(commits).to.have.length(1);
          const pdc = chaincode.collectionsConfig
            ? JSON.parse(readFileSync(path.join(repoRoot, chaincode.collectionsConfig), 'utf8'))
            : undefined;
          for (const lifecycle of [...approves, ...commits]) {
            expect(lifecycle.spec.endorsementPolicy, lifecycle.metadata.name).to.equal(policy);
            expect(lifecycle.spec.version).to.equal(chaincode.version);
            expect(lifecycle.spec.sequence).to.equal(chaincode.sequence);
            expect(lifecycle.spec.pdc).to.deep.equal(pdc);
            for (const ref of lifecycle.spec.peers) expect(peerKeys.has(key(ref.namespace, ref.name))).to.equal(true);
            for (const ref of lifecycle.spec.orderers) {
              expect(ordererKeys.has(key(ref.namespace, ref.name))).to.equal(true);
            }
            const id = lifecycle.spec.hlfIdentity;
            expect(identities.get(key(id.secretNamespace, id.secretName))?.spec.mspid).to.equal(lifecycle.spec.mspID);
          }
          for (const approve of approves) {
            const org = topology.orgs.find((o) => o.mspId === approve.spec.mspID)!;
            const ns = namespaceOf(org.domain);
            const name = `${chaincode.name}-ccaas`;
            const deployment = ofKind('Deployment').find(
              (r) => r.metadata.namespace === ns && r.metadata.name === name,
            );
            const service = ofKind('Service').find((r) => r.metadata.namespace === ns && r.metadata.name === name);
            if (!(chaincode.installedOn ?? channel.orgs).includes(org.mspId)) {
              expect(approve.spec.packageId, approve.metadata.name).to.equal('');
              expect(deployment, `${ns}/${name}`).to.equal(undefined);
              continue;
            }
            const sources = path.join(k8sDir, 'ccaas', ns, chaincode.name);
            const built = buildCcaasPackageFromDir(sources);
            expect(built.label).to.equal(`${chaincode.name}_${chaincode.version}`);
            expect(approve.spec.packageId).to.equal(built.packageId);
            const container = deployment!.spec.template.spec.containers[0];
            expect(container.command[container.command.indexOf('--chaincode-id') + 1]).to.equal(built.packageId);
            expect(container.env).to.deep.include({ name: 'CORE_PEER_LOCALMSPID', value: org.mspId });
            expect(container.image).to.equal(`scenechain/${chaincode.name}:${chaincode.version}`);
            const connection = JSON.parse(readFileSync(path.join(sources, 'connection.json'), 'utf8'));
            const port = service!.spec.ports[0].port;
            expect(connection.address).to.equal(`${name}.${ns}:${port}`);
            expect(container.ports[0].containerPort).to.equal(service!.spec.ports[0].targetPort);
            expect(deployment!.spec.template.metadata.labels).to.include(service!.spec.selector);
          }
        }
      }
    });

    it('commits no password: every secret is a placeholder the CA registry and its users share', () => {
      const secrets: Array<{ where: string; value: string }> = [];
      const visit = (node: unknown, where: string): void => {
        if (Array.isArray(node)) node.forEach((item, index) => visit(item, `${where}[${index}]`));
        else if (node && typeof node === 'object') {
          for (const [field, value] of Object.entries(node)) {
            if (['pass', 'enrollsecret', 'password'].includes(field)) secrets.push({ where, value: String(value) });
            visit(value, `${where}.${field}`);
          }
        }
      };
      for (const resource of resources) visit(resource, `${resource.kind} ${resource.metadata.name}`);
      expect(secrets.length).to.be.greaterThan(50);
      for (const { where, value } of secrets) expect(value, where).to.match(placeholder);
      // What a node or admin enrolls with is what its CA registered, in both CA instances.
      const enrollments = [
        ...[...peers, ...orderers].flatMap((node) =>
          Object.values(node.spec.secret.enrollment).map((e) => ({ ns: node.metadata.namespace, e: e as Yaml })),
        ),
        ...[...identities.values()].map((identity) => ({ ns: identity.metadata.namespace, e: identity.spec })),
      ];
      for (const { ns, e } of enrollments) {
        const ca = cas.get(key(ns, 'ca'))!;
        for (const instance of [ca.spec.ca, ca.spec.tlsCA]) {
          const registered = instance.registry.identities.find((id: Yaml) => id.name === e.enrollid);
          expect(registered?.pass, `${ns} ${e.enrollid}`).to.equal(e.enrollsecret);
        }
      }
    });

    it('the orderer settings of the topology reach the channel', () => {
      const orderer = (ofKind('FabricMainChannel')[0].spec.channelConfig as Yaml).orderer;
      const raw = parse(readFileSync(path.join(repoRoot, 'network', 'topology.yaml'), 'utf8')) as Yaml;
      expect(orderer.batchTimeout).to.equal(raw.ordering.batchTimeout);
      expect(orderer.batchSize).to.deep.equal({
        maxMessageCount: topology.ordering.maxMessageCount,
        absoluteMaxBytes: topology.ordering.absoluteMaxBytes,
        preferredMaxBytes: topology.ordering.preferredMaxBytes,
      });
    });
  });
});
