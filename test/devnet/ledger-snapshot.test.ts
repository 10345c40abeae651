import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import * as tar from 'tar';
import { connectGateway, restoreSnapshot, verifyLedger, writeSnapshot } from '@scenechain/devnet';
import { startTestDevnet, TEST_TOPOLOGY } from '../support/devnet';
import { DEVNET_CLI, startDevnetCli } from '../support/devnet-cli';
import { connectClient } from '../support/fabric-client';
import { freePortOffset } from '../support/ports';

const run = promisify(execFile);
const CHANNEL = 'testchannel';
const utf8 = new TextDecoder();
/** Every port of the test topology, for --port-offset. */
const TOPOLOGY_PORTS = [7050, 7051, 7052, 9051, 9052, 11051, 11052, 9443, 9444, 9445, 9446];

async function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [DEVNET_CLI, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
}

/** User1 of Org1 from a data folder's cryptogen identities. */
function user1(dataDir: string) {
  const msp = path.join(
    dataDir,
    'crypto',
    'peerOrganizations',
    'org1.example.com',
    'users',
    'User1@org1.example.com',
    'msp',
  );
  return {
    mspId: 'Org1MSP',
    certPem: readFileSync(path.join(msp, 'signcerts', 'cert.pem'), 'utf8'),
    keyPem: readFileSync(path.join(msp, 'keystore', 'priv_sk'), 'utf8'),
  };
}

describe('devnet ledger tools: snapshot and --fsync', function () {
  this.timeout(180_000);
  const root = mkdtempSync(path.join(os.tmpdir(), 'scenechain-snapshot-'));
  const source = path.join(root, 'source');
  const snapshot = path.join(root, 'ledger.snapshot.tgz');
  let height = 0;
  let values: Record<string, string> = {};
  let history = '';

  before(async () => {
    const net = await startTestDevnet({ dataDir: source });
    try {
      const client = connectClient(net, 'Org1MSP');
      try {
        const probe = client.contract(CHANNEL, 'probe');
        for (let i = 0; i < 5; i++) await probe.submitTransaction('put', `key-${i}`, `value-${i}`);
        for (let i = 0; i < 3; i++) await probe.submitTransaction('increment', 'counter');
        await probe.submitTransaction('del', 'key-4');
        values = Object.fromEntries(
          await Promise.all(
            ['key-0', 'key-3', 'counter'].map(async (key) => [
              key,
              utf8.decode(await probe.evaluateTransaction('get', key)),
            ]),
          ),
        );
        history = utf8.decode(await probe.evaluateTransaction('history', 'counter'));
      } finally {
        client.close();
      }
      height = net.height(CHANNEL);
    } finally {
      await net.stop();
    }
    await writeSnapshot({ dataDir: source, out: snapshot });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes a stopped network to one compressed file', async () => {
    const file = path.join(root, 'via-cli.tgz');
    const { code, stdout } = await cli(['--data-dir', source, 'snapshot', '--out', file]);
    expect(code).to.equal(0);
    expect(stdout).to.match(new RegExp(`^snapshot ${file}: \\d+ bytes, ${CHANNEL} at height ${height} \\(\\d+ ms\\)`));
    const entries: string[] = [];
    await tar.t({ file, onReadEntry: (entry) => void entries.push(entry.path) });
    expect(entries[0]).to.equal('scenechain-snapshot.json');
    // Chaincode logs stay behind: a restart does not need them.
    expect(existsSync(path.join(source, 'logs'))).to.equal(true);
    expect(entries.filter((entry) => entry.startsWith('data/logs'))).to.deep.equal([]);
    expect(entries).to.include.members(['data/ledger/CURRENT', 'data/crypto/ordererOrganizations/']);
    expect(entries.some((entry) => entry.startsWith('data/crypto/peerOrganizations/org1.example.com/users/'))).to.equal(
      true,
    );
  });

  it('starts a network from the snapshot with the same height, state, history and identities, and serves transactions', async () => {
    const restored = path.join(root, 'restored');
    const offset = await freePortOffset(TOPOLOGY_PORTS);
    const running = await startDevnetCli([
      '--topology',
      TEST_TOPOLOGY,
      '--data-dir',
      restored,
      'start',
      '--lazy',
      '--no-tls',
      '--from-snapshot',
      snapshot,
      '--port-offset',
      String(offset),
    ]);
    try {
      expect(running.output()).to.match(
        new RegExp(`note: restored ${snapshot} \\(${CHANNEL} at height ${height}\\) in \\d+ ms`),
      );
      expect(running.output()).to.include(`channel ${CHANNEL}: height ${height};`);
      // The restored identities are the ones the snapshot was taken with.
      expect(user1(restored).certPem).to.equal(user1(source).certPem);
      const connection = connectGateway(`127.0.0.1:${7051 + offset}`, user1(restored));
      try {
        const probe = connection.gateway.getNetwork(CHANNEL).getContract('probe');
        for (const [key, value] of Object.entries(values)) {
          expect(utf8.decode(await probe.evaluateTransaction('get', key)), key).to.equal(value);
        }
        expect(utf8.decode(await probe.evaluateTransaction('history', 'counter'))).to.equal(history);
        await probe.submitTransaction('put', 'after-restore', 'served');
        expect(utf8.decode(await probe.evaluateTransaction('get', 'after-restore'))).to.equal('served');
      } finally {
        connection.close();
      }
    } finally {
      expect(await running.stop()).to.equal(0);
    }
    const result = await verifyLedger({ dataDir: restored });
    expect(result.ok).to.equal(true);
    expect(result.channels[0].blocks).to.equal(height + 1);
  });

  it('--fsync: commits are reported once synced, and survive the process being killed', async () => {
    const dataDir = path.join(root, 'fsync');
    const offset = await freePortOffset(TOPOLOGY_PORTS);
    const running = await startDevnetCli([
      '--topology',
      TEST_TOPOLOGY,
      '--data-dir',
      dataDir,
      'start',
      '--lazy',
      '--no-tls',
      '--fsync',
      '--port-offset',
      String(offset),
    ]);
    let killed = false;
    try {
      expect(running.output()).to.include('ledger:     fsync: every block is on disk before its commit is reported');
      const connection = connectGateway(`127.0.0.1:${7051 + offset}`, user1(dataDir));
      try {
        const probe = connection.gateway.getNetwork(CHANNEL).getContract('probe');
        await probe.submitTransaction('put', 'durable', 'yes');
      } finally {
        connection.close();
      }
      // No clean shutdown: what the client was told is committed must be in the ledger.
      const exited = new Promise((resolve) => running.child.once('exit', resolve));
      running.child.kill('SIGKILL');
      await exited;
      killed = true;
    } finally {
      if (!killed) await running.stop();
    }
    const result = await verifyLedger({ dataDir });
    expect(result.ok).to.equal(true);
    expect(result.channels[0]).to.include({ blocks: 2, validTransactions: 1, stateKeys: 1 });
  });

  it('starts without --fsync by default and says so', async () => {
    const offset = await freePortOffset(TOPOLOGY_PORTS);
    const running = await startDevnetCli([
      '--topology',
      TEST_TOPOLOGY,
      '--data-dir',
      path.join(root, 'nofsync'),
      'start',
      '--lazy',
      '--no-tls',
      '--port-offset',
      String(offset),
    ]);
    expect(running.output()).to.include('ledger:     no fsync (fast; --fsync for power-loss durability)');
    expect(await running.stop()).to.equal(0);
  });

  it('refuses a truncated snapshot, a garbage file and a foreign archive, leaving the data folder untouched', async () => {
    const truncated = path.join(root, 'truncated.tgz');
    writeFileSync(truncated, readFileSync(snapshot).subarray(0, Math.floor(statSync(snapshot).size / 2)));
    const target = path.join(root, 'never');
    const error = await restoreSnapshot({ file: truncated, dataDir: target }).catch((err: Error) => err);
    expect((error as Error).message).to.match(
      new RegExp(`^${truncated} is not a readable dev network snapshot \\(truncated, or not a gzip tar\\): `),
    );
    const garbage = path.join(root, 'garbage.tgz');
    writeFileSync(garbage, 'this is not an archive at all\n'.repeat(100));
    expect(
      ((await restoreSnapshot({ file: garbage, dataDir: target }).catch((err: Error) => err)) as Error).message,
    ).to.match(new RegExp(`^${garbage} is not a readable dev network snapshot`));
    const foreignDir = path.join(root, 'foreign');
    mkdirSync(path.join(foreignDir, 'data'), { recursive: true });
    writeFileSync(path.join(foreignDir, 'data', 'notes.txt'), 'hello');
    const foreign = path.join(root, 'foreign.tgz');
    await tar.c({ cwd: foreignDir, file: foreign, gzip: true }, ['data']);
    expect(
      ((await restoreSnapshot({ file: foreign, dataDir: target }).catch((err: Error) => err)) as Error).message,
    ).to.equal(`${foreign} is not a dev network snapshot (no manifest)`);
    expect(existsSync(target)).to.equal(false);
    expect(readdirSync(root).filter((name) => name.includes('.restore-'))).to.deep.equal([]);

    // The CLI says the same and exits 1; a data folder that already holds something is refused.
    const viaCli = await cli([
      '--topology',
      TEST_TOPOLOGY,
      '--data-dir',
      target,
      'start',
      '--from-snapshot',
      truncated,
    ]);
    expect(viaCli.code).to.equal(1);
    expect(viaCli.stderr).to.include(`error: ${truncated} is not a readable dev network snapshot`);
    expect(existsSync(target)).to.equal(false);
    const busy = await restoreSnapshot({ file: snapshot, dataDir: source }).catch((err: Error) => err);
    expect((busy as Error).message).to.equal(
      `cannot restore a snapshot into ${source}: it is not empty (use a fresh data folder, or --reset to replace it)`,
    );
    const missing = await restoreSnapshot({ file: path.join(root, 'nope.tgz'), dataDir: target }).catch(
      (err: Error) => err,
    );
    expect((missing as Error).message).to.equal(`snapshot ${path.join(root, 'nope.tgz')} does not exist`);
  });

  it('refuses to snapshot what is not a stopped ledger', async () => {
    const missing = await cli([
      '--data-dir',
      path.join(root, 'nothing'),
      'snapshot',
      '--out',
      path.join(root, 'x.tgz'),
    ]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include(`error: data folder ${path.join(root, 'nothing')} does not exist`);
    const net = await startTestDevnet({ dataDir: path.join(root, 'running'), launch: 'lazy' });
    try {
      const error = await writeSnapshot({ dataDir: net.dataDir, out: path.join(root, 'running.tgz') }).catch(
        (err: Error) => err,
      );
      expect((error as Error).message).to.equal(
        `the ledger in ${net.dataDir} is in use by a running network: stop it first`,
      );
    } finally {
      await net.stop();
    }
    expect(existsSync(path.join(root, 'running.tgz'))).to.equal(false);
    const badOut = await writeSnapshot({ dataDir: source, out: path.join(root, 'no-such-folder', 'x.tgz') }).catch(
      (err: Error) => err,
    );
    expect((badOut as Error).message).to.equal(
      `cannot write ${path.join(root, 'no-such-folder', 'x.tgz')}: ${path.join(root, 'no-such-folder')} is not a folder`,
    );
  });
});
