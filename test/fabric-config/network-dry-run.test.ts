import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { networkScript, repoRoot, repoTopology } from './repo-topology';
import { freePort } from '../support/ports';

/*
 * `network.sh --dry-run` prints every command it would run. These tests read that output as the contract
 * with Fabric: which binaries are called, with which ports, policies, package IDs and orgs.
 */
const offset = 20000;
const topology = repoTopology();
const channel = topology.channels[0];
const peers = topology.orgs.flatMap((org) => org.peers.map((peer) => ({ org, peer })));

function network(args: string[], workDir: string): SpawnSyncReturns<string> {
  const env = { ...process.env, FABRIC_BIN: '', FABRIC_CFG_PATH: '', CCAAS_BUILDER_DIR: '' };
  return spawnSync('bash', [networkScript, ...args, '--dry-run', '--work-dir', workDir], {
    cwd: repoRoot,
    encoding: 'utf8',
    env,
  });
}

/** How bash's printf %q writes an argument, which is how the dry run prints it. */
function shellQuoted(text: string): string {
  return execFileSync('bash', ['-c', 'printf %q "$1"', '_', text], { encoding: 'utf8' });
}

function commandLines(output: string, pattern: RegExp): string[] {
  return output.split('\n').filter((line) => line.startsWith('+ ') && pattern.test(line));
}

describe('scripts/network.sh --dry-run', function () {
  this.timeout(240_000);
  let workDir: string;

  beforeEach(() => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'network-dry-run-'));
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it('native: starts every node on loopback, creates the channel and deploys every chaincode as a service', () => {
    const result = network(
      ['up', 'createChannel', 'deployCC', '--runtime', 'native', '--port-offset', String(offset)],
      workDir,
    );
    expect(result.status, result.stderr).to.equal(0);
    const out = result.stdout;

    expect(commandLines(out, /cryptogen generate/)).to.have.length(1);
    // cryptogen cannot write attributes: the topology's users come from the orgs' cryptogen CAs.
    expect(commandLines(out, /cli\.ts issue-users --topology \S+ --work-dir /)).to.have.length(1);
    // A binary found in FABRIC_BIN or on PATH is printed with its folder, else by name.
    expect(commandLines(out, /exec (\S+\/)?orderer\)/)).to.have.length(topology.ordererOrg.orderers.length);
    expect(commandLines(out, /exec (\S+\/)?peer node start\)/)).to.have.length(peers.length);
    for (const orderer of topology.ordererOrg.orderers) {
      const join = commandLines(
        out,
        new RegExp(
          `osnadmin channel join --channelID ${channel.name} .* -o 127\\.0\\.0\\.1:${orderer.adminPort! + offset} `,
        ),
      );
      expect(join, orderer.name).to.have.length(1);
    }
    for (const { peer } of peers) {
      const joins = commandLines(
        out,
        new RegExp(`CORE_PEER_ADDRESS=127\\.0\\.0\\.1:${peer.port + offset} \\S*peer channel join`),
      );
      expect(joins, `${peer.name} ${peer.port}`).to.have.length(1);
    }

    for (const chaincode of channel.chaincodes) {
      const approvals = commandLines(out, new RegExp(`approveformyorg .*--name ${chaincode.name} `));
      expect(approvals, chaincode.name).to.have.length(channel.orgs.length);
      const policy = (chaincode.endorsementPolicy as { signature: string }).signature;
      for (const approval of approvals) {
        expect(approval).to.contain(`--signature-policy ${shellQuoted(policy)}`);
        expect(approval).to.contain(`--sequence ${chaincode.sequence}`);
        if (chaincode.collectionsConfig) {
          expect(approval).to.contain(`--collections-config ${path.join(repoRoot, chaincode.collectionsConfig)}`);
        }
      }
      // Orgs that run the chaincode approve with their own package ID, and serve exactly that ID.
      const installers = chaincode.installedOn ?? channel.orgs;
      const withPackage = approvals.filter((line) => line.includes('--package-id'));
      expect(withPackage).to.have.length(installers.length);
      for (const line of withPackage) {
        const packageId = /--package-id (\S+)/.exec(line)![1];
        expect(packageId).to.match(new RegExp(`^${chaincode.name}_${chaincode.version}:[0-9a-f]{64}$`));
        expect(commandLines(out, new RegExp(`server .*--chaincode-id ${packageId} `)), packageId).to.have.length(1);
      }
      expect(commandLines(out, new RegExp(`lifecycle chaincode install .*/${chaincode.name}-ccaas\\.`))).to.have.length(
        installers.length,
      );
      const commits = commandLines(out, new RegExp(`lifecycle chaincode commit .*--name ${chaincode.name} `));
      expect(commits).to.have.length(1);
      expect(commits[0].match(/--peerAddresses/g)).to.have.length(channel.orgs.length);
    }

    // Nothing ran: no keys, no processes; the connection settings were written for the gateway app.
    expect(existsSync(path.join(workDir, 'crypto'))).to.equal(false);
    expect(existsSync(path.join(workDir, 'pids'))).to.equal(false);
    const settings = JSON.parse(readFileSync(path.join(workDir, 'connection.json'), 'utf8'));
    expect(settings.orgs.RegulatorMSP.peers[0].endpoint).to.equal(`127.0.0.1:${7051 + offset}`);
  });

  it('docker with Fabric CA and CouchDB: compose files per option, users registered with their role', () => {
    const args = [
      'up',
      'createChannel',
      '--runtime',
      'docker',
      '--ca',
      '-s',
      'couchdb',
      '--port-offset',
      String(offset),
    ];
    const result = network(args, workDir);
    expect(result.status, result.stderr).to.equal(0);
    const out = result.stdout;
    const peerStarts = commandLines(
      out,
      /docker compose .*compose-couch\.yaml .*compose-ca\.yaml .* up -d couchdb\.peer0/,
    );
    expect(peerStarts).to.have.length(peers.length);
    for (const org of topology.orgs) {
      for (const user of org.users) {
        const attrs = Object.entries(user.attrs).map(([key, value]) => `${key}=${value}:ecert`);
        const register = commandLines(
          out,
          new RegExp(`fabric-ca-client register --id\\.name ${user.name}@${org.domain} `),
        );
        expect(register, user.name).to.have.length(1);
        expect(register[0]).to.contain(`--id.attrs ${shellQuoted(attrs.join(','))}`);
      }
    }
    expect(commandLines(out, /exec peer node start/)).to.have.length(0);
    expect(commandLines(out, /docker run --rm --entrypoint cat hyperledger\/fabric-peer:2\.5/)).to.have.length(1);
  });

  it('addOrg: a majority of the other members signs the config update', () => {
    const result = network(
      ['addOrg', '--org', 'BankMSP', '--runtime', 'native', '--port-offset', String(offset)],
      workDir,
    );
    expect(result.status, result.stderr).to.equal(0);
    const others = channel.orgs.length - 1;
    const majority = Math.floor(others / 2) + 1;
    expect(commandLines(result.stdout, /peer channel signconfigtx/)).to.have.length(majority - 1);
    expect(commandLines(result.stdout, /peer channel update -f \S+envelope\.pb/)).to.have.length(1);
    expect(commandLines(result.stdout, /configtxgen .*-printOrg BankMSP/)).to.have.length(1);
    expect(commandLines(result.stdout, /cli\.ts channel-add-org .*--anchor 127\.0\.0\.1:43051/)).to.have.length(1);
  });

  it('refuses to start when a port is taken, naming it, before starting anything', async () => {
    const port = await freePort();
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const busy = (server.address() as net.AddressInfo).port;
    try {
      const key = `orderer.${topology.ordererOrg.domain}:operations`;
      const result = network(
        ['up', '--runtime', 'native', '--port-offset', String(offset), '--port', `${key}=${busy}`],
        workDir,
      );
      expect(result.status).to.equal(1);
      expect(result.stderr).to.contain(
        `port ${busy} (orderer.${topology.ordererOrg.domain} (operations)) is already in use`,
      );
      expect(commandLines(result.stdout, /exec |cryptogen|docker compose/)).to.deep.equal([]);
    } finally {
      server.close();
    }
  });

  it('rejects unknown options and port keys with a clear message', () => {
    const runtime = network(['up', '--runtime', 'podman'], workDir);
    expect(runtime.status).to.equal(1);
    expect(runtime.stderr).to.contain("--runtime must be docker or native, got 'podman'");
    const key = network(['up', '--port', 'peer9.nowhere.example=7000'], workDir);
    expect(key.status).to.not.equal(0);
    expect(key.stderr).to.contain('--port peer9.nowhere.example: no service has this port key');
  });
});
