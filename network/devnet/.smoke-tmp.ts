import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTopology } from '/work/main/network/devnet/src/topology/load';
import { generateCrypto } from '/work/main/network/devnet/src/identity';
async function main() {
  const topology = loadTopology('/work/main/network/topology.yaml');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crypto-'));
  await new Promise((r) => setTimeout(r, 200));
  const t = performance.now(); const c = process.cpuUsage();
  await generateCrypto(topology, dir);
  const cu = process.cpuUsage(c); console.log('first run', (performance.now() - t).toFixed(0), 'ms wall', ((cu.user + cu.system) / 1000).toFixed(0), 'ms cpu', dir);
  await new Promise((r) => setTimeout(r, 200));
}
main();
