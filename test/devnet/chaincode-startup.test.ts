import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { validateTopology, type DevnetOptions } from '@scenechain/devnet';
import { REPO_ROOT, startTestDevnet, TEST_TOPOLOGY } from '../support/devnet';
import { failure } from '../support/failure';
import { connectClient } from '../support/fabric-client';

const CHANNEL = 'testchannel';

/** The test topology with one chaincode `broken`, installed on Org1 only, from `chaincodePath`. */
function topologyWith(chaincodePath: string) {
  const raw = parse(readFileSync(TEST_TOPOLOGY, 'utf8')) as { channels: Array<{ chaincodes: unknown[] }> };
  raw.channels[0].chaincodes = [
    {
      name: 'broken',
      version: '1.0',
      path: chaincodePath,
      installedOn: ['Org1MSP'],
      endorsementPolicy: { signature: "OR('Org1MSP.peer')" },
    },
  ];
  return validateTopology(raw, REPO_ROOT);
}

/** Starts a dev network that must fail (in a data folder under `dir`) and returns its error. */
async function startFailure(dir: string, options: DevnetOptions): Promise<Error> {
  try {
    const started = await startTestDevnet({ ...options, dataDir: mkdtempSync(path.join(dir, 'net-')) });
    await started.dispose();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the dev network not to start');
}

describe('dev network: chaincode start-up errors name the chaincode and its folder', function () {
  this.timeout(120_000);
  let scratch: string;

  /** A chaincode folder outside the repository; `linkModules` gives it the repository's installed packages. */
  const folder = (name: string, files: Record<string, string>, linkModules = false): string => {
    const dir = path.join(scratch, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    }
    if (linkModules) symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    return dir;
  };
  const probePackage = (main: string, extra: object = {}): string =>
    JSON.stringify({
      name: 'broken',
      version: '1.0.0',
      main,
      dependencies: { 'fabric-contract-api': '2.5.8' },
      ...extra,
    });

  before(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'scenechain-startup-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('a folder that does not exist: names the path as written and what it resolved against', async () => {
    const error = await startFailure(scratch, { topology: topologyWith('chaincode/no-such-chaincode') });
    expect(error.message).to.include('chaincode broken:1.0 of Org1MSP');
    expect(error.message).to.include(path.join(REPO_ROOT, 'chaincode', 'no-such-chaincode'));
    expect(error.message).to.include(`path "chaincode/no-such-chaincode" resolved against ${REPO_ROOT}`);
    expect(error.message).to.include('does not exist');
  });

  it('a folder without package.json, or whose package.json has no "main"', async () => {
    const empty = folder('empty', {});
    const noPackage = await startFailure(scratch, { topology: topologyWith(empty) });
    expect(noPackage.message).to.include('chaincode broken:1.0 of Org1MSP').and.include(`${empty} has no package.json`);
    const noMain = folder('no-main', { 'package.json': '{ "name": "broken" }' });
    const error = await startFailure(scratch, { topology: topologyWith(noMain) });
    expect(error.message).to.include(`${path.join(noMain, 'package.json')} has no "main"`);
  });

  it('dependencies not installed: says to run npm install in the folder', async () => {
    const dir = folder('no-modules', { 'package.json': probePackage('index.js'), 'index.js': '' });
    const error = await startFailure(scratch, { topology: topologyWith(dir) });
    expect(error.message).to.include('chaincode broken:1.0 of Org1MSP');
    expect(error.message).to.include(`fabric-shim cannot be found from ${dir}`).and.include('npm install');
  });

  it('the built file missing: says to build it first', async () => {
    const dir = folder(
      'not-built',
      { 'package.json': probePackage('dist/index.js', { scripts: { build: 'tsc' } }) },
      true,
    );
    const error = await startFailure(scratch, { topology: topologyWith(dir) });
    expect(error.message).to.include(
      `"main" file dist/index.js (${path.join(dir, 'dist', 'index.js')}) does not exist`,
    );
    expect(error.message).to.include(`run \`npm run build\` in ${dir}`);
  });

  it('a process that exits before registering: its exit and the tail of its log', async () => {
    const dir = folder(
      'crashes',
      {
        'package.json': probePackage('index.js'),
        'index.js': "throw new Error('contract module failed: no config');\n",
      },
      true,
    );
    const error = await startFailure(scratch, { topology: topologyWith(dir) });
    expect(error.message).to.include(
      `chaincode broken:1.0 of Org1MSP (folder ${dir}) exited (code 1) before registering`,
    );
    expect(error.message).to.match(/last lines of its log .*Org1MSP-broken\.log:\n/);
    expect(error.message).to.include('contract module failed: no config');
  });

  it('with chaincode launched on first use, the client gets the same error', async () => {
    const net = await startTestDevnet({ topology: topologyWith('chaincode/no-such-chaincode'), launch: 'lazy' });
    const client = connectClient(net, 'Org1MSP');
    try {
      const error = await failure(client.contract(CHANNEL, 'broken').evaluateTransaction('get', 'x'));
      expect(JSON.stringify(error.details)).to.include('chaincode broken:1.0 of Org1MSP: folder');
      expect(JSON.stringify(error.details)).to.include('no-such-chaincode');
    } finally {
      client.close();
      await net.dispose();
    }
  });
});
