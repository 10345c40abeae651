import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { networkScript, repoRoot } from './repo-topology';
import { createStubBin, type StubBin } from './support/stub-bin';

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
  /** Generated config plus state.env as `up` leaves them, and pid files for the given processes. */
  function fakeNetwork(runtime: 'native' | 'docker', processes: Record<string, ChildProcess>): void {
    const generated = spawnSync(
      'node',
      ['--require', 'tsx/cjs', 'scripts/fabric-config/cli.ts', 'generate', '--out', workDir],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(generated.status, generated.stderr).to.equal(0);
    writeFileSync(path.join(workDir, 'state.env'), `STATE_RUNTIME=${runtime}\nSTATE_CRYPTO=cryptogen\n`);
    mkdirSync(path.join(workDir, 'pids'));
    mkdirSync(path.join(workDir, 'crypto', 'peerOrganizations'), { recursive: true });
    writeFileSync(path.join(workDir, 'crypto', 'peerOrganizations', 'priv_sk'), 'secret');
    for (const [name, child] of Object.entries(processes)) {
      writeFileSync(path.join(workDir, 'pids', `${name}.pid`), `${child.pid}\nsleep\n`);
    }
  }

  /** network.sh in a child process the test does not block on, so Node reaps the sleepers meanwhile. */
  function networkAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn('bash', [networkScript, ...args, '--work-dir', workDir], { cwd: repoRoot, env });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.resume();
      child.on('close', (status) => resolve({ status, stderr }));
    });
  }

  describe('when things go wrong', () => {
    let stubs: StubBin | undefined;
    afterEach(() => stubs?.remove());

    it('succeeds and removes pid files, keys and the work dir when a process exits between the check and the kill', async () => {
      const [vanishing, peer] = [sleeper(), sleeper()];
      fakeNetwork('native', { 'orderer.example': vanishing, 'peer0.example': peer });
      // `ps` answers that the process runs `sleep` (the liveness check passes), then the process is gone
      // before network.sh signals it: the race an operator met as `kill: (26102) - No such process`.
      const realPs = spawnSync('bash', ['-c', 'command -v ps'], { encoding: 'utf8' }).stdout.trim();
      stubs = createStubBin({
        ps: [
          `if [ "$2" = ${vanishing.pid} ] && [ "$4" = command= ]; then`,
          `  kill -KILL ${vanishing.pid}`,
          `  n=0; while kill -0 ${vanishing.pid} 2>/dev/null && [ $n -lt 3000 ]; do sleep 0.01; n=$((n + 1)); done`,
          `  echo sleep; exit 0`,
          'fi',
          `exec ${realPs} "$@"`,
        ].join('\n'),
      });
      const down = await networkAsync(['down'], {
        ...process.env,
        FABRIC_BIN: '',
        PATH: `${stubs.dir}:${process.env.PATH}`,
      });
      expect(
        stubs.calls('ps').some((call) => call.args.includes(String(vanishing.pid))),
        'the race ran',
      ).to.equal(true);
      expect(down.status, down.stderr).to.equal(0);
      await exited(peer);
      expect(peer.signalCode).to.equal('SIGTERM');
      expect(existsSync(workDir), 'work dir with its keys and pid files').to.equal(false);
    });

    it('works on a docker network where docker cannot run (no compose plugin), and twice', async () => {
      const leftover = sleeper();
      fakeNetwork('docker', { 'peer0.example': leftover });
      // The docker CLI without its compose plugin, as the operator met it.
      stubs = createStubBin({
        docker: `if [ "$1" = compose ]; then echo "unknown shorthand flag: 'p' in -p" >&2; exit 125; fi; exit 1`,
      });
      const env = { ...process.env, FABRIC_BIN: '', PATH: `${stubs.dir}:${process.env.PATH}` };
      const down = await networkAsync(['down'], env);
      expect(down.status, down.stderr).to.equal(0);
      expect(down.stderr).to.contain('docker has no compose plugin');
      expect(down.stderr).to.not.contain('unknown shorthand flag');
      expect(stubs.calls('docker').filter((call) => call.args.includes('down'))).to.deep.equal([]);
      await exited(leftover);
      expect(existsSync(workDir)).to.equal(false);
      const again = await networkAsync(['down'], env);
      expect(again.status, again.stderr).to.equal(0);
      expect(again.stderr).to.contain(`no network in ${workDir}`);
    });

    it('cleans a work dir whose up died before writing its plan (pid files, keys, no network-plan.env)', async () => {
      const orphan = sleeper();
      mkdirSync(path.join(workDir, 'pids'));
      mkdirSync(path.join(workDir, 'crypto'));
      writeFileSync(path.join(workDir, 'pids', 'orderer.example.pid'), `${orphan.pid}\nsleep\n`);
      const down = await networkAsync(['down'], { ...process.env, FABRIC_BIN: '' });
      expect(down.status, down.stderr).to.equal(0);
      await exited(orphan);
      expect(existsSync(workDir) && readdirSync(workDir)).to.equal(false);
    });
  });
});
