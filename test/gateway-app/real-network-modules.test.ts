import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Devnet } from '@scenechain/devnet';
import { devnetConnectionSettings } from '../../gateway-app/src/fabric/devnet-connection-settings';
import { freePort } from '../support/ports';
import { CHANNEL, PASSWORD, startScenarioDevnet } from './support/test-app';
import { REPO_ROOT } from '../support/devnet';

/**
 * `npm start` against a real network (a connection.json; here one describing a dev network in this process)
 * runs in a process of its own; as it exits, a preloaded reporter lists the dev network package's modules it
 * loaded. There must be none: the app depends on the dev network only when it starts one.
 */
describe('gateway app: a run on a real network never loads the dev network package', function () {
  this.timeout(180_000);
  let devnet: Devnet;
  let dir: string;

  before(async () => {
    devnet = await startScenarioDevnet(['gov-records']);
    dir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-modules-'));
  });
  after(async () => {
    await devnet?.stop();
    if (devnet) rmSync(devnet.dataDir, { recursive: true, force: true });
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves from connection.json with no @scenechain/devnet module in require.cache', async () => {
    const connectionFile = path.join(dir, 'connection.json');
    writeFileSync(connectionFile, JSON.stringify(devnetConnectionSettings(devnet, CHANNEL)));
    const child = spawn(
      process.execPath,
      [
        '--require',
        'tsx/cjs',
        '--require',
        path.join(__dirname, 'support', 'devnet-module-report.ts'),
        path.join(REPO_ROOT, 'gateway-app', 'src', 'main.ts'),
      ],
      {
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          SCENECHAIN_CONNECTION: connectionFile,
          SCENECHAIN_APP_DATA: path.join(dir, 'app'),
          SCENECHAIN_DEMO_PASSWORD: PASSWORD,
          SCENECHAIN_DEMO_ACCOUNTS: '1',
          SCENECHAIN_DEMO_DATA: '0',
          PORT: String(await freePort()),
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('is serving on')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then(() => reject(new Error(`the app exited before serving:\n${output.slice(-4000)}`)));
    });
    // It answers from the real-network path (the health check names the network kind).
    const url = /serving on (\S+)/.exec(output)![1];
    const health = (await (await fetch(`${url}/health`)).json()) as { network: string };
    expect(health.network).to.equal('fabric');
    child.kill('SIGTERM');
    expect(await exited, output.slice(-4000)).to.equal(0);

    const line = output.split('\n').find((l) => l.startsWith('DEVNET_MODULES '));
    expect(line, output.slice(-4000)).to.be.a('string');
    const report = JSON.parse(line!.slice('DEVNET_MODULES '.length)) as {
      root: string;
      resolved: string;
      loaded: string[];
    };
    // The reporter looks where the package really is, so a load would be seen.
    expect(report.resolved.startsWith(report.root), JSON.stringify(report)).to.equal(true);
    expect(report.loaded).to.deep.equal([]);
  });
});
