import { expect } from 'chai';
import { validateTopology } from '../../network/devnet/src/topology/load';
import { buildNetworkPlan } from '../../scripts/fabric-config/network-plan';
import { NetworkPlanError, parsePortOverrides, PortAllocator } from '../../scripts/fabric-config/ports';
import { repoPlan, repoRoot } from './repo-topology';

const small = {
  name: 'small',
  ordererOrg: { name: 'Orderer', mspId: 'OrdererMSP', domain: 'orderer.test', orderers: [{ name: 'o1', port: 7050 }] },
  orgs: [
    { name: 'A', mspId: 'AMSP', domain: 'a.test', peers: [{ name: 'peer0', port: 7051 }] },
    { name: 'B', mspId: 'BMSP', domain: 'b.test', peers: [{ name: 'peer0', port: 9051 }] },
  ],
  channels: [{ name: 'ch', orgs: ['AMSP', 'BMSP'], chaincodes: [{ name: 'cc', version: '1', path: 'chaincode/cc' }] }],
};

describe('network plan and ports', () => {
  it('claims every topology port unchanged and derives the rest', () => {
    const plan = repoPlan();
    const regulator = plan.orgs.find((org) => org.mspId === 'RegulatorMSP')!;
    expect(regulator.peers[0]).to.include({ port: 7051, chaincodePort: 7052, operationsPort: 9444, couchdbPort: 7056 });
    expect(regulator.ca).to.include({ host: 'ca.regulator.scenechain.example', port: 7054 });
    expect(plan.ordererOrg.orderers[0]).to.include({ port: 7050, adminPort: 7053, operationsPort: 9443 });
    const keys = plan.ports.map((claim) => claim.key);
    expect(new Set(keys).size).to.equal(keys.length);
    expect(new Set(plan.ports.map((claim) => claim.port)).size).to.equal(plan.ports.length);
    // A listener in Linux's ephemeral range can find its port taken by some outgoing connection.
    const ephemeral = plan.ports.filter((claim) => claim.port >= 32768 && claim.port <= 60999);
    expect(ephemeral.map((claim) => `${claim.owner}: ${claim.port}`)).to.deep.equal([]);
  });

  it('installs each chaincode as one server per org that runs it', () => {
    const plan = repoPlan();
    const servers = plan.ccaas.filter((server) => server.chaincode === 'supply-chain').map((server) => server.mspId);
    expect(servers).to.have.members(['ManufacturerMSP', 'InnovatorMSP', 'LogisticsMSP', 'RegulatorMSP']);
    expect(plan.ccaas[0].packageIdVariable).to.match(/^CCAAS_PACKAGE_ID_[A-Z0-9_]+$/);
  });

  it('shifts every port with an offset and moves one with an override', () => {
    const topology = validateTopology(small, repoRoot);
    const shifted = buildNetworkPlan(topology, { offset: 100, overrides: { 'peer0.b.test:operations': 12000 } });
    expect(shifted.orgs[0].peers[0].port).to.equal(7151);
    expect(shifted.ordererOrg.orderers[0].port).to.equal(7150);
    expect(shifted.orgs[1].peers[0].operationsPort).to.equal(12000);
    expect(shifted.ccaas.map((server) => server.port)).to.deep.equal([7161, 9161]);
  });

  it('refuses two services on one port, naming both', () => {
    const topology = validateTopology(small, repoRoot);
    expect(() => buildNetworkPlan(topology, { overrides: { 'ca.b.test': 7051 } })).to.throw(
      NetworkPlanError,
      'port 7051 is used by both peer0.a.test and ca.b.test (Fabric CA)',
    );
  });

  it('refuses an override for a key no service has, and a port out of range', () => {
    const topology = validateTopology(small, repoRoot);
    expect(() => buildNetworkPlan(topology, { overrides: { 'peer9.a.test': 8000 } })).to.throw(
      /no service has this port key/,
    );
    expect(() => buildNetworkPlan(topology, { offset: 60000 })).to.throw(/outside 1-65535/);
  });

  it('parses --port KEY=PORT pairs and rejects anything else', () => {
    expect(parsePortOverrides(['peer0.a.test=7151', 'ca.a.test:operations=7155'])).to.deep.equal({
      'peer0.a.test': 7151,
      'ca.a.test:operations': 7155,
    });
    expect(() => parsePortOverrides(['peer0.a.test'])).to.throw(/KEY=PORT/);
    const ports = new PortAllocator();
    ports.claim('x', 1, 'x');
    expect(ports.check()).to.have.length(1);
  });
});
