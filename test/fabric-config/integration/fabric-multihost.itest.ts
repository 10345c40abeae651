import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadTopology } from '../../../network/devnet/src/topology/load';
import type { ConnectionSettings } from '../../../scripts/fabric-config/connection-settings';
import { networkScript, repoRoot } from '../repo-topology';
import { missingFabricPrerequisites } from './fabric-prerequisites';
import { alive, runningProcesses } from './network-processes';
import { missingNamespaceSupport, NamespaceLab, type NamespaceHost } from './network-namespaces';
import { connectToOrg } from './real-gateway';

/*
 * `npm run test:fabric`: the native network spread over several hosts on one machine. Each org (the orderer
 * org included) gets its own Linux network namespace with its own address (network.sh --hosts, launcher
 * `ip netns exec`), so nothing works unless the scripts, the generated config and the certificates use each
 * org's address: the peers gossip across namespaces, the gateway gathers endorsements from two orgs, the
 * orderers (in their own namespace) order, every peer commits. Needs root, iproute2 and a Fabric 2.5 release
 * (FABRIC_BIN, as fabric-network.itest.ts); skips with the reason otherwise.
 */
const topologyFile = path.join(repoRoot, 'test', 'fixtures', 'topology', 'fabric-small.yaml');
/** Endorsed by RecordsBureau and another org (AND policy), so a submit crosses namespaces. */
const chaincode = 'gov-records';

/** The text as a regular expression matching itself. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('real Fabric 2.5 network, each org in its own network namespace (native runtime)', function () {
  this.timeout(30 * 60_000);
  const topology = loadTopology(topologyFile);
  /** Every org of the topology by MSP ID, orderer org first, with the namespace it runs in. */
  const hosts = new Map<string, NamespaceHost>();
  const domains = new Map<string, string>();
  let lab: NamespaceLab | undefined;
  let workDir = '';
  let hostsDir = '';
  let started = false;
  let stopped = false;

  function network(...args: string[]): void {
    const result = spawnSync('bash', [networkScript, ...args, '--work-dir', workDir], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    expect(result.status, `network.sh ${args.join(' ')}`).to.equal(0);
  }

  /** A script's standard output (its progress goes to the terminal). */
  function outputOf(script: string, ...args: string[]): string {
    const result = spawnSync('bash', [script, ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    expect(result.status, `${path.basename(script)} ${args.join(' ')}`).to.equal(0);
    return result.stdout;
  }

  function settings(): ConnectionSettings {
    return JSON.parse(readFileSync(path.join(workDir, 'connection.json'), 'utf8')) as ConnectionSettings;
  }

  /** A gateway for one identity of an org, through the org's first peer as connection.json names it. */
  before(function () {
    const missing = [...missingNamespaceSupport(), ...missingFabricPrerequisites(process.env)];
    if (missing.length > 0) {
      console.log(`    skipped, this test needs:\n${missing.map((m) => `      - ${m}`).join('\n')}`);
      this.skip();
    }
    const orgs = [topology.ordererOrg, ...topology.orgs];
    lab = new NamespaceLab();
    const made = lab.create(orgs.map((_, k) => (k === 0 ? 'orderer' : `org${k}`)));
    orgs.forEach((org, k) => {
      hosts.set(org.mspId, made[k]);
      domains.set(org.domain, org.mspId);
    });
    workDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-multihost-'));
    hostsDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-hosts-'));
    writeFileSync(
      path.join(hostsDir, 'hosts'),
      [...hosts].map(([mspId, host]) => `${mspId} ${host.address} ip netns exec ${host.namespace}\n`).join(''),
    );
    console.log(
      `    ${[...hosts].map(([mspId, host]) => `${mspId} in ${host.namespace} at ${host.address}`).join(', ')}`,
    );
  });

  after(function () {
    // Namespaces, links and the work dir (private keys) go even when a test or `down` failed.
    try {
      if (started && !stopped) network('down');
    } finally {
      const problems = lab?.remove() ?? [];
      if (workDir) rmSync(workDir, { recursive: true, force: true });
      if (hostsDir) rmSync(hostsDir, { recursive: true, force: true });
      expect(problems, 'cleaning up the namespaces').to.deep.equal([]);
    }
  });

  it("comes up with every org's nodes and chaincode servers inside its namespace, on its address", () => {
    started = true;
    network(
      'up',
      'createChannel',
      'deployCC',
      '-ccn',
      chaincode,
      '--runtime',
      'native',
      '--topology',
      topologyFile,
      '--hosts',
      path.join(hostsDir, 'hosts'),
    );
    const processes = runningProcesses(workDir);
    const placed = [...processes].map(([name, pid]) => {
      const domain = [...domains.keys()].find((candidate) => name.endsWith(`.${candidate}`));
      return { name, expected: hosts.get(domains.get(domain ?? '') ?? '')?.namespace, actual: lab!.namespaceOf(pid) };
    });
    // One server per org that runs the chaincode.
    const servers = Object.values(settings().orgs).filter((org) => org.chaincodes.includes(chaincode)).length;
    expect(servers, 'orgs running the chaincode').to.be.greaterThan(1);
    expect(placed.filter((p) => p.name.includes('-ccaas.')).length, 'chaincode servers').to.equal(servers);
    expect(placed.length, 'orderers, peers and chaincode servers').to.equal(
      topology.ordererOrg.orderers.length + topology.orgs.flatMap((org) => org.peers).length + servers,
    );
    for (const { name, expected, actual } of placed) expect(actual, name).to.equal(expected);
    for (const org of Object.values(settings().orgs)) {
      for (const peer of org.peers) {
        expect(peer.endpoint, `${org.mspId} ${peer.name}`).to.equal(
          `${hosts.get(org.mspId)!.address}:${peer.endpoint.split(':')[1]}`,
        );
      }
    }
  });

  it('is idempotent and reports every node at its address, remembering --hosts from the first up', () => {
    const before = runningProcesses(workDir);
    network('up', 'createChannel', 'deployCC', '-ccn', chaincode);
    expect(runningProcesses(workDir)).to.deep.equal(before);
    const status = outputOf(networkScript, 'status', '--work-dir', workDir);
    const { address: ordererAddress } = hosts.get(topology.ordererOrg.mspId)!;
    for (const orderer of topology.ordererOrg.orderers) {
      expect(status).to.match(
        new RegExp(
          `${literal(`${orderer.name}.`)}\\S+ +${literal(`${ordererAddress}:${orderer.port}`)} .*running, healthy`,
        ),
      );
    }
    for (const org of topology.orgs) {
      const { address } = hosts.get(org.mspId)!;
      for (const peer of org.peers) {
        const node = `${literal(`${peer.name}.${org.domain}`)} +${literal(`${address}:${peer.port}`)}`;
        expect(status).to.match(new RegExp(`${node} +running, healthy`));
      }
    }
    const orgEnv = outputOf(path.join(repoRoot, 'scripts', 'org-env.sh'), 'CitizenAgentMSP', '--work-dir', workDir);
    expect(orgEnv).to.contain(`export CORE_PEER_ADDRESS=${hosts.get('CitizenAgentMSP')!.address}:`);
    expect(orgEnv).to.contain(`export ORDERER_ADDRESS=${ordererAddress}:${topology.ordererOrg.orderers[0].port}`);
  });

  it("commits a transaction endorsed in two orgs' namespaces and reads it back from another org", async () => {
    const { orgs, channels } = settings();
    const channel = channels.find((c) => c.chaincodes.includes(chaincode))!.name;
    const [issuerMsp, readerMsp] = ['RecordsBureauMSP', 'CitizenAgentMSP'];
    const registrar = Object.values(orgs[issuerMsp].users).find((user) => user.attrs.role === 'registrar')!;
    const recordId = `MH-${process.pid}-${Date.now()}`;
    const documentHash = createHash('sha256').update(recordId).digest('hex');
    const issuer = connectToOrg(settings(), issuerMsp, registrar);
    const reader = connectToOrg(settings(), readerMsp);
    try {
      const commit = await issuer.gateway
        .getNetwork(channel)
        .getContract(chaincode)
        .submitAsync('issue', {
          arguments: [JSON.stringify({ recordId, type: 'BUSINESS_LICENCE', subjectId: 'SUBJ-MH-1', documentHash })],
        });
      const status = await commit.getStatus();
      expect(status.successful, `commit status ${status.code}`).to.equal(true);
      // The AND policy held: another org's peer, in its own namespace, endorsed too.
      const readerNetwork = reader.gateway.getNetwork(channel);
      // Delivered by the reader's peer only once that peer committed the block.
      const blocks = await readerNetwork.getBlockEvents({ startBlock: status.blockNumber });
      try {
        for await (const block of blocks) {
          expect(block.getHeader()?.getNumber()).to.equal(Number(status.blockNumber));
          break;
        }
      } finally {
        blocks.close();
      }
      const answer = await readerNetwork
        .getContract(chaincode)
        .evaluateTransaction('verifyDocument', JSON.stringify({ documentHash }));
      const verdict = JSON.parse(Buffer.from(answer).toString('utf8')) as { verdict: string; issuer: string };
      expect(verdict).to.include({ verdict: 'VALID', issuer: issuerMsp });
    } finally {
      issuer.close();
      reader.close();
    }
  });

  it('comes down, stopping every process in every namespace, and leaves no namespace, veth or bridge', () => {
    const pids = [...runningProcesses(workDir).values()];
    expect(pids.length, 'processes of the network before down').to.be.greaterThan(0);
    network('down');
    stopped = true;
    expect(pids.filter(alive), 'processes still running').to.deep.equal([]);
    expect(lab!.remove(), 'removing the namespaces').to.deep.equal([]);
    expect(lab!.leftovers(), 'namespaces and links left').to.deep.equal([]);
  });
});
