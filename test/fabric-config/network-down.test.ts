import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { networkScript, repoRoot } from './repo-topology';

/*
 * `network.sh down` for real (no --dry-run) on a native work dir whose "nodes" are sleep processes: it must
 * stop every process its pid files name and still run that program, leave alone a pid whose program differs
 * (a recycled pid), and delete what it created.
 */
function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('scripts/network.sh down (native)', function () {
  this.timeout(60_000);
  let workDir: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'network-down-'));
  });
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
  });

  function sleeper(): ChildProcess {
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    children.push(child);
    return child;
  }

  it('stops every process it started, spares a pid running another program, and empties the work dir', async () => {
    const generated = spawnSync(
      'node',
      ['--require', 'tsx/cjs', 'scripts/fabric-config/cli.ts', 'generate', '--out', workDir],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(generated.status, generated.stderr).to.equal(0);
    writeFileSync(path.join(workDir, 'state.env'), 'STATE_RUNTIME=native\nSTATE_CRYPTO=cryptogen\n');
    mkdirSync(path.join(workDir, 'pids'));
    mkdirSync(path.join(workDir, 'crypto'));
    const [orderer, peer, stranger] = [sleeper(), sleeper(), sleeper()];
    const pidFile = (name: string, pid: number, program: string) =>
      writeFileSync(path.join(workDir, 'pids', `${name}.pid`), `${pid}\n${program}\n`);
    pidFile('orderer.example', orderer.pid!, 'sleep');
    pidFile('peer0.example', peer.pid!, 'sleep');
    // A pid file whose process now runs something else: down must not signal it.
    pidFile('peer1.example', stranger.pid!, 'orderer');

    const down = spawnSync('bash', [networkScript, 'down', '--work-dir', workDir], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, FABRIC_BIN: '' },
    });
    expect(down.status, down.stderr).to.equal(0);
    await Promise.all([exited(orderer), exited(peer)]);
    expect([orderer.signalCode, peer.signalCode]).to.deep.equal(['SIGTERM', 'SIGTERM']);
    expect(stranger.exitCode === null && stranger.signalCode === null, 'the stranger still runs').to.equal(true);
    expect(existsSync(workDir), 'work dir').to.equal(false);
  });
});
