import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadTopology } from '/work/main/network/devnet/src/topology/load';
import { generateCrypto } from '/work/main/network/devnet/src/identity';
async function main() {
  const topology = loadTopology('/work/main/network/topology.yaml');
  for (let i = 0; i < 4; i++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crypto-'));
    const t = performance.now(); const c = process.cpuUsage();
    await generateCrypto(topology, dir);
    const cu = process.cpuUsage(c); console.log('run', i, (performance.now() - t).toFixed(0), 'ms wall', ((cu.user + cu.system) / 1000).toFixed(0), 'ms cpu');
  }
}
main();
