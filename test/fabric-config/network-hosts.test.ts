import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { loadTopology } from '../../network/devnet/src/topology/load';
import { buildConnectionSettings } from '../../scripts/fabric-config/connection-settings';
import { renderFabricConfig } from '../../scripts/fabric-config/generated-files';
import { buildNetworkPlan } from '../../scripts/fabric-config/network-plan';
import { parseHostsFile } from '../../scripts/fabric-config/node-hosts';
import { networkScript, repoRoot } from './repo-topology';

/*
 * network.sh --hosts FILE: each org's native nodes on its own address (several hosts, or network namespaces
 * on one). What the generator and the dry run must show without Fabric binaries; the real network runs in
 * integration/fabric-multihost.itest.ts.
 */
const topologyFile = path.join(repoRoot, 'test', 'fixtures', 'topology', 'fabric-small.yaml');
const hostsText = [
  '# orderers and one org moved; CitizenAgentMSP stays on loopback',
  'OrdererMSP 10.77.9.10 ip netns exec ord',
  'RecordsBureauMSP   10.77.9.11   ip netns exec rb   # its own namespace',
  '',
].join('\n');

function plan(text = hostsText) {
  return buildNetworkPlan(loadTopology(topologyFile), { hosts: parseHostsFile(text) });
}

function yamlOf(files: ReadonlyMap<string, string>, name: string): Record<string, unknown> {
  return parse(files.get(name)!) as Record<string, unknown>;
}

describe('native nodes on several hosts (network.sh --hosts)', function () {
  this.timeout(240_000);

  it('reads MSPID ADDRESS [LAUNCHER...] lines and refuses anything else, naming the line', () => {
    const hosts = parseHostsFile(hostsText);
    expect([...hosts.keys()]).to.deep.equal(['OrdererMSP', 'RecordsBureauMSP']);
    expect(hosts.get('RecordsBureauMSP')).to.deep.equal({
      address: '10.77.9.11',
      launcher: ['ip', 'netns', 'exec', 'rb'],
    });
    expect(() => parseHostsFile('OrdererMSP\n', 'h')).to.throw("h line 1: expected 'MSPID ADDRESS [LAUNCHER...]'");
    expect(() => parseHostsFile('\nOrdererMSP peer0.example\n', 'h')).to.throw(
      "h line 2: 'peer0.example' is not an IPv4",
    );
    expect(() => parseHostsFile('A 10.0.0.1\nA 10.0.0.2\n', 'h')).to.throw('h line 2: A is named twice');
    expect(() => plan('NobodyMSP 10.0.0.1\n')).to.throw(/--hosts names NobodyMSP, which the topology does not have/);
  });

  it("puts each moved org's address in its certificates, channel config, node settings, chaincode packages and connection.json", () => {
    const moved = plan();
    const files = renderFabricConfig(moved);
    const crypto = yamlOf(files, 'crypto-config.yaml') as {
      OrdererOrgs: Array<{ Specs: Array<{ SANS: string[] }> }>;
      PeerOrgs: Array<{ Name: string; Specs: Array<{ SANS: string[] }> }>;
    };
    for (const spec of crypto.OrdererOrgs[0].Specs)
      expect(spec.SANS).to.deep.equal(['localhost', '127.0.0.1', '10.77.9.10']);
    const sans = Object.fromEntries(crypto.PeerOrgs.map((org) => [org.Name, org.Specs[0].SANS]));
    expect(sans).to.deep.equal({
      RecordsBureau: ['localhost', '127.0.0.1', '10.77.9.11'],
      CitizenAgent: ['localhost', '127.0.0.1'],
      Bank: ['localhost', '127.0.0.1'],
    });

    const configtx = files.get('configtx/native/configtx.yaml')!;
    for (const orderer of moved.ordererOrg.orderers) {
      expect(configtx).to.contain(`10.77.9.10:${orderer.port}`);
      expect(configtx).to.contain(`Host: 10.77.9.10\n`);
    }
    const organizations = (
      yamlOf(files, 'configtx/native/configtx.yaml') as { Organizations: Array<Record<string, unknown>> }
    ).Organizations;
    const anchors = Object.fromEntries(organizations.map((org) => [org.ID, org.AnchorPeers]));
    expect(anchors.RecordsBureauMSP).to.deep.equal([{ Host: '10.77.9.11', Port: 11051 }]);
    expect(anchors.CitizenAgentMSP).to.deep.equal([{ Host: '127.0.0.1', Port: 17051 }]);
    // Docker keeps its container names: --hosts is the native runtime's.
    expect(files.get('configtx/docker/configtx.yaml')).to.equal(
      renderFabricConfig(buildNetworkPlan(loadTopology(topologyFile))).get('configtx/docker/configtx.yaml'),
    );

    const peerEnv = files.get('nodes/native/peer0.recordsbureau.scenechain.example.env')!;
    for (const line of [
      'CORE_PEER_ADDRESS="10.77.9.11:11051"',
      'CORE_PEER_LISTENADDRESS="10.77.9.11:11051"',
      'CORE_PEER_GOSSIP_EXTERNALENDPOINT="10.77.9.11:11051"',
      'CORE_PEER_CHAINCODELISTENADDRESS="10.77.9.11:11052"',
      'CORE_OPERATIONS_LISTENADDRESS="10.77.9.11:9446"',
    ]) {
      expect(peerEnv).to.contain(line);
    }
    expect(files.get('nodes/native/peer0.citizenagent.scenechain.example.env')).to.contain(
      'CORE_PEER_LISTENADDRESS="127.0.0.1:17051"',
    );
    const ordererEnv = files.get('nodes/native/orderer.orderer.scenechain.example.env')!;
    expect(ordererEnv).to.contain('ORDERER_GENERAL_LISTENADDRESS="10.77.9.10"');
    expect(ordererEnv).to.contain('ORDERER_ADMIN_LISTENADDRESS="10.77.9.10:7053"');
    expect(files.get('nodes/native/ca.recordsbureau.scenechain.example.env')).to.contain(
      'FABRIC_CA_SERVER_CSR_HOSTS="ca.recordsbureau.scenechain.example,localhost,127.0.0.1,10.77.9.11"',
    );

    const server = moved.ccaas.find((s) => s.chaincode === 'gov-records' && s.mspId === 'RecordsBureauMSP')!;
    const connection = JSON.parse(
      files.get(`ccaas/native/recordsbureau.scenechain.example/gov-records/connection.json`)!,
    );
    expect(connection.address).to.equal(`10.77.9.11:${server.port}`);
    expect(files.get(`nodes/native/${server.host}.env`)).to.contain(
      `CORE_CHAINCODE_ADDRESS="10.77.9.11:${server.port}"`,
    );

    const settings = buildConnectionSettings(moved, '/work', 'native', 'cryptogen');
    expect(settings.orgs.RecordsBureauMSP.peers[0].endpoint).to.equal('10.77.9.11:11051');
    expect(settings.orgs.CitizenAgentMSP.peers[0].endpoint).to.equal('127.0.0.1:17051');
    expect(
      buildConnectionSettings(moved, '/work', 'docker', 'cryptogen').orgs.RecordsBureauMSP.peers[0].endpoint,
    ).to.equal('127.0.0.1:11051');
  });

  describe('network.sh --dry-run', () => {
    // Clear of a real fabric-small network (test:fabric, offset 0) and of the other dry-run tests (20000);
    // the highest port, 19061 + offset, stays below Linux's ephemeral range (32768-60999).
    const offset = 13000;
    const port = (base: number) => base + offset;
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'network-hosts-'));
      writeFileSync(path.join(dir, 'hosts'), hostsText);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    function network(...args: string[]) {
      return spawnSync(
        'bash',
        [
          networkScript,
          ...args,
          '--topology',
          topologyFile,
          '--hosts',
          path.join(dir, 'hosts'),
          '--port-offset',
          String(offset),
          '--dry-run',
        ],
        {
          cwd: repoRoot,
          encoding: 'utf8',
          env: { ...process.env, FABRIC_BIN: '', FABRIC_CFG_PATH: '', CCAAS_BUILDER_DIR: '' },
        },
      );
    }

    it("launches each org's processes through its launcher and reaches them at its address", () => {
      const work = path.join(dir, 'work');
      const result = network(
        'up',
        'createChannel',
        'deployCC',
        '-ccn',
        'gov-records',
        '--runtime',
        'native',
        '--work-dir',
        work,
      );
      expect(result.status, result.stderr).to.equal(0);
      const lines = result.stdout.split('\n').filter((line) => line.startsWith('+ '));
      const starts = lines.filter((line) => /; exec /.test(line));
      const launched = (pattern: RegExp) => starts.filter((line) => pattern.test(line));
      // A binary found in FABRIC_BIN or on PATH is printed with its folder, else by name.
      expect(launched(/exec ip netns exec ord (\S+\/)?orderer\)/)).to.have.length(3);
      expect(launched(/peer0\.recordsbureau\S*\.env; exec ip netns exec rb (\S+\/)?peer node start\)/)).to.have.length(
        1,
      );
      expect(launched(/peer0\.citizenagent\S*\.env; exec (\S+\/)?peer node start\)/)).to.have.length(1);
      expect(
        launched(
          new RegExp(`exec ip netns exec rb node \\S+ server --chaincode-address 10\\.77\\.9\\.11:${port(11061)} `),
        ),
      ).to.have.length(1);
      expect(
        launched(new RegExp(`exec node \\S+ server --chaincode-address 127\\.0\\.0\\.1:${port(17061)} `)),
      ).to.have.length(1);
      expect(
        lines.filter((line) => line.includes(` -o 10.77.9.10:${port(7053)} `) && /osnadmin channel join/.test(line)),
      ).to.have.length(1);
      expect(
        lines.filter((line) =>
          new RegExp(`CORE_PEER_ADDRESS=10\\.77\\.9\\.11:${port(11051)} \\S*peer channel join`).test(line),
        ),
      ).to.have.length(1);
      expect(
        lines.filter((line) =>
          new RegExp(`CORE_PEER_ADDRESS=127\\.0\\.0\\.1:${port(17051)} \\S*peer channel join`).test(line),
        ),
      ).to.have.length(1);
      const commit = lines.find((line) => /lifecycle chaincode commit/.test(line))!;
      expect(commit).to.contain(`-o 10.77.9.10:${port(7050)}`);
      expect(commit).to.contain(`--peerAddresses 10.77.9.11:${port(11051)}`);
      expect(commit).to.contain(`--peerAddresses 127.0.0.1:${port(17051)}`);
      const settings = JSON.parse(readFileSync(path.join(work, 'connection.json'), 'utf8'));
      expect(settings.orgs.RecordsBureauMSP.peers[0].endpoint).to.equal(`10.77.9.11:${port(11051)}`);
    });

    it('refuses --hosts with Docker, and a hosts file naming an org the topology lacks', () => {
      const docker = network('up', '--runtime', 'docker', '--work-dir', path.join(dir, 'w1'));
      expect(docker.status).to.equal(1);
      expect(docker.stderr).to.contain('--hosts places the nodes of the native runtime; add --runtime native');
      writeFileSync(path.join(dir, 'hosts'), 'NobodyMSP 10.0.0.1\n');
      const unknown = network('up', '--runtime', 'native', '--work-dir', path.join(dir, 'w2'));
      expect(unknown.status).to.not.equal(0);
      expect(unknown.stderr).to.contain('--hosts names NobodyMSP, which the topology does not have');
    });
  });
});
