import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { allOrgLayouts, nodeLayout } from '../../network/devnet/src/identity/layout';
import { committedDir, repoRoot, repoTopology } from './repo-topology';

/*
 * Reads the committed files as Fabric would and checks them against the topology field by field, without
 * the generator: a generator bug cannot hide here behind "generated == committed".
 */
type Yaml = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const topology = repoTopology();
const read = (file: string): Yaml => parse(readFileSync(path.join(committedDir, file), 'utf8')) as Yaml;
const peers = topology.orgs.flatMap((org) =>
  org.peers.map((peer) => ({ org, peer, host: `${peer.name}.${org.domain}` })),
);
const orderers = topology.ordererOrg.orderers.map((o) => ({ ...o, host: `${o.name}.${topology.ordererOrg.domain}` }));

describe('network/fabric agrees with network/topology.yaml', () => {
  for (const runtime of ['docker', 'native'] as const) {
    describe(`configtx/${runtime}/configtx.yaml`, () => {
      const configtx = read(`configtx/${runtime}/configtx.yaml`);
      const host = (name: string): string => (runtime === 'docker' ? name : '127.0.0.1');

      it('defines every org with its MSP ID, cryptogen MSP folder, NodeOU policies and anchor peer', () => {
        const orgs = configtx.Organizations as Yaml[];
        expect(orgs.map((org) => org.ID)).to.deep.equal([
          topology.ordererOrg.mspId,
          ...topology.orgs.map((o) => o.mspId),
        ]);
        const layouts = allOrgLayouts(topology, 'crypto');
        for (const org of orgs) {
          const layout = layouts.find((candidate) => candidate.mspId === org.ID);
          expect(path.posix.normalize(path.posix.join('configtx', runtime, org.MSPDir)), org.ID).to.equal(
            layout?.mspDir,
          );
        }
        for (const spec of topology.orgs) {
          const org = orgs.find((candidate) => candidate.ID === spec.mspId) as Yaml;
          expect(org.Policies.Admins.Rule).to.equal(`OR('${spec.mspId}.admin')`);
          expect(org.Policies.Endorsement.Rule).to.equal(`OR('${spec.mspId}.peer')`);
          expect(org.Policies.Readers.Rule).to.contain(`'${spec.mspId}.client'`);
          expect(org.AnchorPeers).to.deep.equal([
            { Host: host(`${spec.peers[0].name}.${spec.domain}`), Port: spec.peers[0].port },
          ]);
        }
      });

      it('has one profile per channel: its orgs, policies, V2_5 and a raft ordering service of the topology', () => {
        expect(Object.keys(configtx.Profiles)).to.deep.equal(topology.channels.map((channel) => channel.name));
        for (const channel of topology.channels) {
          const profile = configtx.Profiles[channel.name] as Yaml;
          expect(profile.Application.Organizations.map((org: Yaml) => org.ID)).to.deep.equal(channel.orgs);
          expect(profile.Application.Capabilities).to.deep.equal({ V2_5: true });
          for (const [name, rule] of Object.entries(channel.policies)) {
            expect(profile.Application.Policies[name], name).to.deep.equal({ Type: 'ImplicitMeta', Rule: rule });
          }
          const orderer = profile.Orderer as Yaml;
          expect(orderer.OrdererType).to.equal('etcdraft');
          expect(orderer.BatchTimeout).to.equal(`${topology.ordering.batchTimeout}ms`);
          expect(orderer.BatchSize.MaxMessageCount).to.equal(topology.ordering.maxMessageCount);
          expect(orderer.EtcdRaft.Consenters.map((c: Yaml) => `${c.Host}:${c.Port}`)).to.deep.equal(
            orderers.map((o) => `${host(o.host)}:${o.port}`),
          );
          for (const consenter of orderer.EtcdRaft.Consenters as Yaml[]) {
            expect(consenter.ServerTLSCert).to.match(/\/orderers\/[^/]+\/tls\/server\.crt$/);
          }
          expect(orderer.Organizations[0].OrdererEndpoints).to.deep.equal(
            orderers.map((o) => `${host(o.host)}:${o.port}`),
          );
        }
      });
    });
  }

  it('crypto-config.yaml names every org, domain and node, with NodeOUs and loopback SANs', () => {
    const crypto = read('crypto-config.yaml');
    expect(crypto.OrdererOrgs[0].Domain).to.equal(topology.ordererOrg.domain);
    expect(crypto.OrdererOrgs[0].Specs.map((s: Yaml) => s.Hostname)).to.deep.equal(orderers.map((o) => o.name));
    expect(crypto.PeerOrgs.map((o: Yaml) => o.Domain)).to.deep.equal(topology.orgs.map((o) => o.domain));
    for (const org of crypto.PeerOrgs as Yaml[]) {
      expect(org.EnableNodeOUs).to.equal(true);
      for (const spec of org.Specs as Yaml[]) expect(spec.SANS).to.include.members(['localhost', '127.0.0.1']);
    }
  });

  it('compose-net.yaml runs every orderer and peer on its topology ports, bound to loopback', () => {
    const compose = read('compose/compose-net.yaml');
    const services = compose.services as Yaml;
    expect(Object.keys(services).sort()).to.deep.equal(
      [...orderers.map((o) => o.host), ...peers.map((p) => p.host)].sort(),
    );
    for (const o of orderers) {
      expect(services[o.host].image).to.match(/^hyperledger\/fabric-orderer:/);
      expect(services[o.host].ports).to.include.members([
        `127.0.0.1:${o.port}:${o.port}`,
        `127.0.0.1:${o.adminPort}:${o.adminPort}`,
        `127.0.0.1:${o.operationsPort}:${o.operationsPort}`,
      ]);
    }
    for (const { org, peer, host } of peers) {
      const service = services[host] as Yaml;
      expect(service.image).to.match(/^hyperledger\/fabric-peer:/);
      expect(service.ports).to.include(`127.0.0.1:${peer.port}:${peer.port}`);
      expect(service.ports).to.include(`127.0.0.1:${peer.operationsPort}:${peer.operationsPort}`);
      expect(service.environment).to.include(`CORE_PEER_LOCALMSPID=${org.mspId}`);
      expect(service.environment).to.include(`CORE_PEER_ADDRESS=${host}:${peer.port}`);
      expect(service.environment).to.include(`CORE_PEER_CHAINCODELISTENADDRESS=0.0.0.0:${peer.chaincodePort}`);
      const layout = nodeLayout(
        allOrgLayouts(topology, '/crypto').find((o) => o.mspId === org.mspId)!,
        'peer',
        peer.name,
      );
      expect(service.volumes[0]).to.contain(`${layout.dir}:`);
    }
  });

  it('compose-couch.yaml gives every peer its own CouchDB; compose-ca.yaml one Fabric CA per org', () => {
    const couch = read('compose/compose-couch.yaml').services as Yaml;
    for (const { host } of peers) {
      expect(couch[`couchdb.${host}`].image).to.match(/^couchdb:/);
      expect(couch[host].environment).to.include('CORE_LEDGER_STATE_STATEDATABASE=CouchDB');
    }
    const cas = read('compose/compose-ca.yaml').services as Yaml;
    expect(Object.keys(cas).sort()).to.deep.equal(
      [topology.ordererOrg.domain, ...topology.orgs.map((o) => o.domain)].map((d) => `ca.${d}`).sort(),
    );
    for (const service of Object.values(cas) as Yaml[]) expect(service.image).to.match(/^hyperledger\/fabric-ca:/);
  });

  it('has a chaincode server and CCaaS package sources for every chaincode on every org that installs it', () => {
    const ccaas = read('compose/compose-ccaas.yaml').services as Yaml;
    const expected: string[] = [];
    const nativeAddresses: string[] = [];
    for (const channel of topology.channels) {
      for (const chaincode of channel.chaincodes) {
        for (const mspId of chaincode.installedOn ?? channel.orgs) {
          const org = topology.orgs.find((o) => o.mspId === mspId)!;
          const host = `${chaincode.name}-ccaas.${org.domain}`;
          expected.push(host);
          expect(ccaas[host].environment).to.include(`CORE_PEER_LOCALMSPID=${mspId}`);
          expect(ccaas[host].working_dir).to.equal(`/scenechain/${chaincode.path}`);
          for (const runtime of ['docker', 'native']) {
            const dir = path.join(committedDir, 'ccaas', runtime, org.domain, chaincode.name);
            const metadata = JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8'));
            expect(metadata).to.deep.equal({ type: 'ccaas', label: `${chaincode.name}_${chaincode.version}` });
            const connection = JSON.parse(readFileSync(path.join(dir, 'connection.json'), 'utf8'));
            if (runtime === 'docker') expect(connection.address).to.equal(`${host}:9999`);
            else nativeAddresses.push(connection.address);
          }
        }
      }
    }
    expect(Object.keys(ccaas).sort()).to.deep.equal(expected.sort());
    for (const address of nativeAddresses) expect(address).to.match(/^127\.0\.0\.1:\d+$/);
    expect(new Set(nativeAddresses).size, 'native chaincode servers need distinct ports').to.equal(
      nativeAddresses.length,
    );
  });

  it('the peer overlay enables the gateway, the CCaaS builder and a short gossip reconnect interval', () => {
    const core = read('nodecfg/core.overlay.yaml');
    expect(core.peer.gateway.enabled).to.equal(true);
    expect(core.chaincode.externalBuilders[0]).to.include({ name: 'ccaas_builder' });
    expect(core.peer.gossip.reconnectInterval).to.match(/^[1-9]s$/);
    const orderer = read('nodecfg/orderer.overlay.yaml');
    expect(orderer.General.BootstrapMethod).to.equal('none');
    expect(orderer.ChannelParticipation.Enabled).to.equal(true);
  });

  it("private data collections, where present, only name the channel's orgs", () => {
    for (const channel of topology.channels) {
      for (const chaincode of channel.chaincodes.filter((c) => c.collectionsConfig)) {
        const file = path.join(repoRoot, chaincode.collectionsConfig!);
        if (!existsSync(file)) continue; // the chaincode suite owns the file; deployCC refuses without it
        const collections = JSON.parse(readFileSync(file, 'utf8')) as Array<{ name: string; policy: string }>;
        for (const collection of collections) {
          const members = [...collection.policy.matchAll(/'([A-Za-z0-9]+MSP)\.[a-z]+'/g)].map((m) => m[1]);
          expect(members, collection.name).to.have.length.greaterThan(0);
          expect(channel.orgs, collection.name).to.include.members(members);
        }
      }
    }
  });
});
