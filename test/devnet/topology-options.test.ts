import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import {
  findExample,
  loadTopology,
  parseChaincodeFlag,
  parsePortOffset,
  shiftPorts,
  withChaincodes,
} from '@scenechain/devnet';
import { REPO_ROOT, TEST_TOPOLOGY } from '../support/devnet';

const MINIMAL = `
name: paths
ordererOrg: { name: O, mspId: OrdererMSP, domain: example.com, orderers: [{ name: orderer, port: 7050 }] }
orgs: [{ name: A, mspId: AMSP, domain: a.example.com, peers: [{ name: peer0, port: 7051 }] }]
channels: [{ name: ch, orgs: [AMSP], chaincodes: [{ name: cc, version: '1', path: cc }] }]
`;

describe('dev network topology: path rules, --chaincode and --port-offset', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-topology-'));
    mkdirSync(path.join(dir, 'net'));
    mkdirSync(path.join(dir, 'chaincode', 'basic'), { recursive: true });
    mkdirSync(path.join(dir, 'node_modules', '@acme', 'cc'), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('relative chaincode paths', () => {
    it("resolve against the topology file's folder unless it sets baseDir (relative to that folder)", () => {
      const plain = path.join(dir, 'net', 'plain.yaml');
      writeFileSync(plain, MINIMAL);
      expect(loadTopology(plain).baseDir).to.equal(path.join(dir, 'net'));
      const withBase = path.join(dir, 'net', 'based.yaml');
      writeFileSync(withBase, `baseDir: ..\n${MINIMAL}`);
      expect(loadTopology(withBase).baseDir).to.equal(dir);
      expect(loadTopology(withBase, '/elsewhere').baseDir).to.equal('/elsewhere');
    });

    it("resolve against the repository root for the project's own topologies", () => {
      expect(loadTopology(path.join(REPO_ROOT, 'network', 'topology.yaml')).baseDir).to.equal(REPO_ROOT);
      expect(loadTopology(TEST_TOPOLOGY).baseDir).to.equal(REPO_ROOT);
    });
  });

  describe('--chaincode name=path[@version]', () => {
    it('resolves the path against the given current directory, with version 1.0 unless given', () => {
      expect(parseChaincodeFlag('basic=chaincode/basic', dir)).to.deep.equal({
        name: 'basic',
        dir: path.join(dir, 'chaincode', 'basic'),
        version: '1.0',
      });
      expect(parseChaincodeFlag(`basic=${path.join(dir, 'chaincode', 'basic')}@2.1`, '/')).to.deep.equal({
        name: 'basic',
        dir: path.join(dir, 'chaincode', 'basic'),
        version: '2.1',
      });
      // `@` inside a path is not a version.
      expect(parseChaincodeFlag('cc=node_modules/@acme/cc', dir).dir).to.equal(path.join(dir, 'node_modules/@acme/cc'));
    });

    it('refuses a malformed flag, an empty version and a missing folder', () => {
      expect(() => parseChaincodeFlag('basic', dir)).to.throw('must be name=path or name=path@version');
      expect(() => parseChaincodeFlag('=chaincode/basic', dir)).to.throw('must be name=path');
      expect(() => parseChaincodeFlag('basic=chaincode/basic@', dir)).to.throw("the version after '@' is empty");
      expect(() => parseChaincodeFlag('basic=chaincode/none', dir)).to.throw(
        `--chaincode basic: ${path.join(dir, 'chaincode', 'none')} is not a folder (paths resolve against ${dir})`,
      );
    });

    it("defines new chaincodes under the channel's Endorsement policy and re-points existing ones", () => {
      const topology = loadTopology(TEST_TOPOLOGY);
      const basic = parseChaincodeFlag('basic=chaincode/basic', dir);
      const probe = parseChaincodeFlag('probe=chaincode/basic@9', dir);
      const changed = withChaincodes(topology, [basic, probe]);
      const chaincodes = changed.channels[0].chaincodes;
      expect(chaincodes.find((c) => c.name === 'basic')).to.deep.include({
        version: '1.0',
        path: basic.dir,
        endorsementPolicy: { channelConfigPolicy: '/Channel/Application/Endorsement' },
      });
      const original = topology.channels[0].chaincodes.find((c) => c.name === 'probe')!;
      expect(chaincodes.find((c) => c.name === 'probe')).to.deep.equal({ ...original, version: '9', path: probe.dir });
      expect(topology.channels[0].chaincodes.find((c) => c.name === 'basic')).to.equal(undefined);
    });

    it('needs exactly one channel and each name once', () => {
      const topology = loadTopology(TEST_TOPOLOGY);
      const basic = parseChaincodeFlag('basic=chaincode/basic', dir);
      const twoChannels = { ...topology, channels: [...topology.channels, { ...topology.channels[0], name: 'other' }] };
      expect(() => withChaincodes(twoChannels, [basic])).to.throw('choose one with --channel');
      expect(withChaincodes(twoChannels, [basic], ['other']).channels[1].chaincodes.map((c) => c.name)).to.include(
        'basic',
      );
      expect(() => withChaincodes(topology, [basic, basic])).to.throw('--chaincode basic is given twice');
    });
  });

  describe('port offset', () => {
    it('shifts every port of the topology, as network.sh --port-offset', () => {
      const topology = loadTopology(findExample('test-network').topologyFile);
      const shifted = shiftPorts(topology, 1000);
      expect(shifted.ordererOrg.orderers[0]).to.include({ port: 8050, adminPort: 8053, operationsPort: 10443 });
      expect(shifted.orgs.map((org) => org.peers[0])).to.deep.equal([
        { name: 'peer0', port: 8051, chaincodePort: 8052, operationsPort: 10444 },
        { name: 'peer0', port: 10051, chaincodePort: 10052, operationsPort: 10445 },
      ]);
      expect(topology.orgs[0].peers[0].port).to.equal(7051);
      expect(shiftPorts(topology, -7000).orgs[0].peers[0].port).to.equal(51);
    });

    it('refuses offsets that leave 1-65535 or are not integers, naming the ports', () => {
      const topology = loadTopology(findExample('test-network').topologyFile);
      expect(() => shiftPorts(topology, 60_000)).to.throw('peer0.org1.example.com: port 7051 + offset 60000 = 67051');
      expect(() => shiftPorts(topology, -7050)).to.throw('orderer.example.com: port 7050 + offset -7050 = 0');
      expect(() => parsePortOffset('ten', '--port-offset')).to.throw("--port-offset must be an integer, got 'ten'");
      expect(() => parsePortOffset('1.5', 'DEVNET_PORT_OFFSET')).to.throw('DEVNET_PORT_OFFSET must be an integer');
      expect(parsePortOffset('-20', '--port-offset')).to.equal(-20);
    });
  });
});
