import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { networkScript, repoRoot, repoTopology } from './repo-topology';
import { freePort } from '../support/ports';
import { createStubBin, fabricStubs, type StubBin } from './support/stub-bin';

/*
 * What `up` checks before it starts anything, run for real with fake Fabric and Docker executables: a
 * machine without Docker, a port that is taken, binaries of another Fabric release. A first `up` that fails
 * these checks leaves nothing in the work dir, so `down` and `status` do not take it for a (Docker) network.
 */
describe('scripts/network.sh up: checks before anything starts', function () {
  this.timeout(120_000);
  const topology = repoTopology();
  let workDir: string;
  let stubs: StubBin;

  function network(args: string[]): SpawnSyncReturns<string> {
    return spawnSync('bash', [networkScript, ...args, '--work-dir', workDir], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, FABRIC_BIN: stubs.dir, PATH: `${stubs.dir}:${process.env.PATH}`, FABRIC_CFG_PATH: '' },
    });
  }

  function expectNothingRecorded(): void {
    expect(existsSync(workDir) ? readdirSync(workDir) : [], 'work dir entries').to.deep.equal([]);
    const status = network(['status']);
    expect(status.status, status.stderr).to.equal(0);
    expect(status.stderr).to.contain(`no network in ${workDir}`);
    const down = network(['down']);
    expect(down.status, down.stderr).to.equal(0);
    expect(down.stderr).to.contain(`no network in ${workDir}`);
    expect(stubs.calls('docker').filter((call) => call.args.includes('down'))).to.deep.equal([]);
  }

  beforeEach(() => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'network-up-'));
  });
  afterEach(() => {
    stubs.remove();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('docker runtime without a Docker daemon: names the native runtime instead of Docker errors', () => {
    stubs = createStubBin({
      ...fabricStubs(),
      docker: `case $1 in info) echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock.' >&2; exit 1;; esac`,
    });
    const up = network(['up']);
    expect(up.status).to.equal(1);
    expect(up.stderr).to.contain('the docker runtime cannot run here: the Docker daemon is not reachable');
    expect(up.stderr).to.contain('--runtime native');
    expect(up.stderr).to.not.contain('Cannot connect to the Docker daemon');
    expectNothingRecorded();
  });

  it('docker runtime with no docker at all says so', function () {
    stubs = createStubBin(fabricStubs());
    if (existsSync('/usr/bin/docker') || existsSync('/bin/docker')) this.skip();
    const up = spawnSync('bash', [networkScript, 'up', '--work-dir', workDir], {
      cwd: repoRoot,
      encoding: 'utf8',
      // Only the folders of bash, node and the usual tools: no docker whatever the machine has.
      env: { ...process.env, FABRIC_BIN: stubs.dir, PATH: `${stubs.dir}:/usr/bin:/bin` },
    });
    expect(up.status).to.equal(1);
    expect(up.stderr).to.contain('the docker runtime cannot run here: docker is not installed');
    expectNothingRecorded();
  });

  it('native: a taken port stops up and records nothing that later commands would read', async () => {
    stubs = createStubBin(fabricStubs());
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const busy = await freePort();
      server.close();
      await new Promise<void>((resolve) => server.listen(busy, '127.0.0.1', resolve));
      const key = `orderer.${topology.ordererOrg.domain}:operations`;
      const up = network(['up', '--runtime', 'native', '--port-offset', '20000', '--port', `${key}=${busy}`]);
      expect(up.status).to.equal(1);
      expect(up.stderr).to.contain(
        `port ${busy} (orderer.${topology.ordererOrg.domain} (operations)) is already in use`,
      );
      expect(stubs.calls('cryptogen')).to.deep.equal([]);
      expect(stubs.calls('orderer')).to.deep.equal([]);
      expectNothingRecorded();
    } finally {
      server.close();
    }
  });

  it('refuses binaries of another Fabric release, naming both', () => {
    stubs = createStubBin(fabricStubs('2.4.9'));
    const up = network(['up', '--runtime', 'native', '--port-offset', '20000']);
    expect(up.status).to.equal(1);
    expect(up.stderr).to.contain(`${stubs.dir}/peer is Fabric 2.4.9; these scripts need Fabric 2.5.x binaries`);
    expect(stubs.calls('peer').map((call) => call.args)).to.deep.equal([['version']]);
    expectNothingRecorded();
  });

  it('accepts any 2.5 patch release', () => {
    stubs = createStubBin(fabricStubs('2.5.12'));
    const up = network(['up', '--runtime', 'native', '--port-offset', '20000']);
    // Stops after the checks, at what a stub cannot provide: identities (cryptogen wrote none).
    expect(up.status).to.not.equal(0);
    expect(up.stderr).to.contain('no CA ca.');
    expect(up.stderr).to.not.contain('these scripts need Fabric');
    expect(stubs.calls('cryptogen')).to.have.length(1);
    expect(stubs.calls('peer').map((call) => call.args)).to.deep.include(['version']);
  });
});
