import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../gateway-app/src/config/app-config';
import { formatDuration, ProgressRate } from '../../gateway-app/src/cli/progress';
import { freePort } from '../support/ports';
import { PASSWORD, startTestApp, type Json, type TestApp } from './support/test-app';

const CLI = path.join(REPO_ROOT, 'gateway-app', 'src', 'cli', 'main.ts');
const CHANNEL = 'public-services';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a CLI run: no token or password from the test's own shell, HOME in a temporary folder. */
function cliEnv(home: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: undefined, ...extra };
  for (const name of ['SCENECHAIN_TOKEN', 'SCENECHAIN_PASSWORD', 'SCENECHAIN_URL'])
    if (!(name in extra)) delete env[name];
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env;
}

/** Runs the real CLI as its own process (through tsx) with stdin closed. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', CLI, ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const jsonOf = (text: string): Json => JSON.parse(text);

describe('CLI: version, exit codes, checks before submitting, password prompt and stored token', function () {
  this.timeout(180_000);
  let t: TestApp;
  let url: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-cli-use-'));
  const home = path.join(dir, 'home');
  const height = () => t.devnet.height(CHANNEL);

  before(async () => {
    t = await startTestApp({ chaincodes: ['patents', 'supply-chain'], config: { port: await freePort() } });
    url = await t.app.listen();
  });
  after(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--version prints the app package version', async () => {
    const run = await runCli(['--version'], cliEnv(home));
    const { version } = jsonOf(readFileSync(path.join(REPO_ROOT, 'gateway-app', 'package.json'), 'utf8'));
    expect([run.code, run.stdout.trim()]).to.deep.equal([0, version]);
  });

  it('login keeps the token (0600, in ~/.config/scenechain) for later commands of that app only; logout revokes and forgets it', async () => {
    const env = cliEnv(home, { SCENECHAIN_PASSWORD: PASSWORD });
    const login = await runCli(['--url', url, 'login', 'operator1'], env);
    expect(login.code, login.stderr).to.equal(0);
    const file = path.join(home, '.config', 'scenechain', 'token');
    expect(jsonOf(login.stdout).savedTo).to.equal(file);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).to.equal(0o700);
    const me = await runCli(['--url', url, 'whoami'], cliEnv(home));
    expect(me.code, me.stderr).to.equal(0);
    expect(jsonOf(me.stdout).username).to.equal('operator1');
    // Another app (another URL) is not sent this token.
    const elsewhere = await runCli(['--url', url.replace('127.0.0.1', 'localhost'), 'whoami'], cliEnv(home));
    expect(jsonOf(elsewhere.stderr).error.code).to.equal('UNAUTHENTICATED');

    const token = jsonOf(readFileSync(file, 'utf8')).token as string;
    const logout = await runCli(['--url', url, 'logout'], cliEnv(home));
    expect(logout.code, logout.stderr).to.equal(0);
    expect(() => statSync(file)).to.throw();
    const revoked = await t.call('GET', '/api/auth/me', { token });
    expect(revoked.status).to.equal(401);
  });

  it('keeps the token under $XDG_CONFIG_HOME when it is set; a token the app no longer accepts asks for a new sign-in', async () => {
    const xdg = path.join(dir, 'xdg');
    const login = await runCli(
      ['--url', url, 'login', 'carrier1'],
      cliEnv(home, { XDG_CONFIG_HOME: xdg, SCENECHAIN_PASSWORD: PASSWORD }),
    );
    expect(jsonOf(login.stdout).savedTo).to.equal(path.join(xdg, 'scenechain', 'token'));
    await t.call('POST', '/api/auth/logout', { token: jsonOf(login.stdout).token });
    const me = await runCli(['--url', url, 'whoami'], cliEnv(home, { XDG_CONFIG_HOME: xdg }));
    expect(me.code).to.equal(1);
    expect(jsonOf(me.stderr).error.message).to.contain('sign in again');
  });

  it('asks for the password on a terminal without echoing it', async function () {
    const xdg = path.join(dir, 'prompt');
    const command = [process.execPath, '--require', 'tsx/cjs', CLI, '--url', url, 'login', 'applicant1']
      .map((word) => `'${word}'`)
      .join(' ');
    // util-linux `script` gives the CLI a pseudo-terminal as stdin; what we write is typed into it.
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: REPO_ROOT,
      env: cliEnv(home, { XDG_CONFIG_HOME: xdg }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let screen = '';
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        screen += chunk.toString();
        if (screen.includes('Password for applicant1: ')) resolve();
      });
      void exited.then(() => reject(new Error(`the CLI ended without asking:\n${screen}`)));
    });
    child.stdin.write(`${PASSWORD}\r`);
    expect(await exited, screen).to.equal(0);
    expect(screen).to.not.contain(PASSWORD);
    const answer = jsonOf(screen.slice(screen.indexOf('{')).replace(/\r/g, ''));
    expect(answer.user.username).to.equal('applicant1');
    const me = await runCli(['--url', url, 'whoami'], cliEnv(home, { XDG_CONFIG_HOME: xdg }));
    expect(jsonOf(me.stdout).username).to.equal('applicant1');
  });

  it('without a password and without a terminal, says how to give one', async () => {
    const run = await runCli(['--url', url, 'login', 'applicant1'], cliEnv(home));
    expect(run.code).to.equal(1);
    expect(jsonOf(run.stderr).error.message).to.contain('--password or SCENECHAIN_PASSWORD');
  });

  it('refuses a missing or malformed option before anything is sent, naming the option', async () => {
    const token = await t.login('operator1');
    const before = height();
    const missing = await runCli(
      ['--url', url, '--token', token, 'supply-chain', 'commission', '--batch-id', 'B-CLI-1', '--quantity', 'ten'],
      cliEnv(home),
    );
    expect(missing.code).to.equal(1);
    const error = jsonOf(missing.stderr).error;
    expect(error.code).to.equal('INVALID_ARGUMENT');
    expect(error.message).to.contain('missing required option --product-id');
    expect(error.message).to.contain('--quantity:');
    const badJson = await runCli(
      ['--url', url, '--token', token, 'supply-chain', 'commission', '--request', '{nope'],
      cliEnv(home),
    );
    expect(jsonOf(badJson.stderr).error.message).to.contain('--request takes JSON');
    expect(height()).to.equal(before);
  });

  it('refuses a CSV file with the wrong header before any submit, naming the expected columns', async () => {
    const token = await t.login('operator1');
    const csv = path.join(dir, 'wrong-header.csv');
    writeFileSync(csv, 'batch,reciever\nB-1,LogisticsMSP\n');
    const before = height();
    const run = await runCli(['--url', url, '--token', token, 'import-shipments', csv], cliEnv(home));
    expect(run.code).to.equal(1);
    const message = jsonOf(run.stderr).error.message as string;
    expect(message).to.contain('missing batchId, receiver');
    expect(message).to.contain('unknown batch, reciever');
    expect(message).to.contain('expected batchId, receiver (optional: quantity, splitBatchId)');
    expect(height()).to.equal(before);
  });

  it('exits 2 with a summary when every shipment row failed (unknown batches, a malformed quantity checked locally)', async () => {
    const token = await t.login('operator1');
    const csv = path.join(dir, 'shipments.csv');
    writeFileSync(csv, 'batchId,receiver,quantity\nB-NONE-1,LogisticsMSP,\nB-NONE-2,LogisticsMSP,lots\n');
    const run = await runCli(['--url', url, '--token', token, 'import-shipments', csv], cliEnv(home));
    expect(run.code, run.stderr).to.equal(2);
    const report = jsonOf(run.stdout);
    expect(report).to.include({ rows: 2, shippedNow: 0, shipmentsPerSecond: null });
    expect(report.failed.map((f: { row: number; code: string }) => [f.row, f.code])).to.deep.equal([
      [2, 'NOT_FOUND'],
      [3, 'INVALID_ARGUMENT'],
    ]);
    expect(run.stderr).to.contain('import-shipments: 0 done now, 0 done before, of 2 rows; 2 failed');
    expect(run.stderr).to.not.match(/NaN|0\/s/);
  });

  it('exits 2 when one application of a file-patents run was rejected, 0 once every row is done', async () => {
    const token = await t.login('applicant1');
    const csv = path.join(dir, 'applications.csv');
    const commitment = (i: number) => createHash('sha256').update(`cli-use-${i}`).digest('hex');
    const good = [0, 1, 2].map((i) => `Widget ${i},Innovator Labs,G06F 16/27,${commitment(i)}`);
    writeFileSync(
      csv,
      ['title,applicantName,ipcClasses,commitment', ...good, `Bad,Innovator Labs,NOT-IPC,${commitment(9)}`].join('\n'),
    );
    const run = await runCli(['--url', url, '--token', token, 'file-patents', csv], cliEnv(home));
    expect(run.code, run.stderr).to.equal(2);
    expect(jsonOf(run.stdout)).to.include({ rows: 4, filedNow: 3 });
    expect(run.stderr).to.contain('1 failed (line 5: ipcClasses');
    writeFileSync(csv, ['title,applicantName,ipcClasses,commitment', ...good].join('\n'));
    const again = await runCli(['--url', url, '--token', token, 'file-patents', csv], cliEnv(home));
    expect(again.code, again.stderr).to.equal(0);
    expect(jsonOf(again.stdout)).to.include({ alreadyDone: 3, filedNow: 0, applicationsPerSecond: null });
    expect(again.stderr).to.contain('none failed');
  });
});

describe('CLI progress rate and time left', () => {
  it('says it is measuring until a row of this run is done, then rate and ETA from this run only', () => {
    let now = 0;
    const rate = new ProgressRate(() => now);
    // A resumed job: 40 rows were done before; they took no time in this run.
    expect(rate.measure(40, 100)).to.deep.equal({ rate: 'measuring', eta: 'estimating' });
    now = 2_000;
    expect(rate.measure(40, 100)).to.deep.equal({ rate: 'measuring', eta: 'estimating' });
    now = 4_000;
    expect(rate.measure(50, 100)).to.deep.equal({ rate: '2.5 rows/s', eta: '20s' });
    now = 10_000;
    expect(rate.measure(100, 100)).to.deep.equal({ rate: '6.0 rows/s', eta: 'done' });
  });

  it('formats durations', () => {
    expect([formatDuration(0), formatDuration(59.4), formatDuration(185), formatDuration(7_860)]).to.deep.equal([
      '0s',
      '59s',
      '3m 05s',
      '2h 11m',
    ]);
  });
});
