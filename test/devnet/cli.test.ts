import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { REPO_ROOT, TEST_TOPOLOGY } from '../support/devnet';

const CLI = path.join(REPO_ROOT, 'network', 'devnet', 'dist', 'cli.js');
const run = promisify(execFile);

describe('dev network CLI', function () {
  this.timeout(60_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-cli-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const global = ['--topology', TEST_TOPOLOGY, '--data-dir', dataDir];

  it('adds a user whose certificate carries Fabric CA attributes', async () => {
    const { stdout } = await run(process.execPath, [
      CLI,
      ...global,
      'add-user',
      '--org',
      'Org2MSP',
      '--name',
      'alice',
      '--attr',
      'role=inspector',
      'region=north',
    ]);
    const result = JSON.parse(stdout) as { mspDir: string; attrs: Record<string, string> };
    expect(result.attrs).to.deep.equal({ role: 'inspector', region: 'north' });
    expect(result.mspDir).to.equal(
      path.join(dataDir, 'crypto', 'peerOrganizations', 'org2.example.com', 'users', 'alice@org2.example.com', 'msp'),
    );
    const cert = readFileSync(path.join(result.mspDir, 'signcerts', 'alice@org2.example.com-cert.pem'), 'utf8');
    const { Certificate } = await import('@fidm/x509');
    const extension = Certificate.fromPEM(Buffer.from(cert)).extensions.find((ext) => ext.oid === '1.2.3.4.5.6.7.8.1');
    expect(JSON.parse(extension!.value.toString())).to.deep.equal({ attrs: { role: 'inspector', region: 'north' } });
  });

  it('refuses malformed attributes and unknown orgs with a clear message', async () => {
    const bad = await run(process.execPath, [
      CLI,
      ...global,
      'add-user',
      '--org',
      'Org1MSP',
      '--name',
      'bob',
      '--attr',
      'role',
    ])
      .then(() => undefined)
      .catch((err: { stderr: string; code: number }) => err);
    expect(bad?.code).to.equal(1);
    expect(bad?.stderr).to.include('attribute "role" must be name=value');
    const unknown = await run(process.execPath, [CLI, ...global, 'add-user', '--org', 'NopeMSP', '--name', 'bob'])
      .then(() => undefined)
      .catch((err: { stderr: string; code: number }) => err);
    expect(unknown?.stderr).to.include('NopeMSP');
  });

  it('starts, prints every gateway endpoint, and stops cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, [CLI, ...global, 'start', '--lazy'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start-up line:\n${output}`)), 30_000);
      child.stdout.on('data', () => {
        if (output.includes('Press Ctrl+C')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
    });
    for (const [mspId, port] of [
      ['Org1MSP', 7051],
      ['Org2MSP', 9051],
      ['Org3MSP', 11051],
    ] as const) {
      expect(output).to.match(new RegExp(`${mspId}\\s+gateway 127\\.0\\.0\\.1:${port}`));
    }
    // The test topology names no operations ports: the orderer gets 9443, the peers 9444... in topology order.
    expect(output).to.match(
      /Org3MSP\s+gateway \S+\s+\(peer0\.org3\.example\.com\)\s+operations http:\/\/127\.0\.0\.1:9446/,
    );
    expect(output).to.match(/orderer\s+operations http:\/\/127\.0\.0\.1:9443/);
    expect(output).to.include('channel testchannel: height 1');
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGINT');
    });
    expect(code).to.equal(0);
  });
});
