import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTopology, startDevnet, type Devnet, type DevnetOptions } from '@scenechain/devnet';
import { freePort } from './ports';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const TEST_TOPOLOGY = path.join(REPO_ROOT, 'test', 'fixtures', 'topology', 'devnet-test.yaml');

/** A dev network in a fresh temporary folder on free loopback ports; `dispose` stops it and removes the folder. */
export async function startTestDevnet(
  options: DevnetOptions & { topologyFile?: string } = {},
): Promise<Devnet & { dispose(): Promise<void> }> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'scenechain-devnet-'));
  const devnet = await startDevnet({
    topology: loadTopology(options.topologyFile ?? TEST_TOPOLOGY, REPO_ROOT),
    ports: freePort,
    ...options,
    dataDir,
  });
  return Object.assign(devnet, {
    async dispose() {
      await devnet.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
