import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { loadTopology } from '/work/main/network/devnet/src/topology/load';
import { generateCrypto } from '/work/main/network/devnet/src/identity';
const session = new Session(); session.connect();
const post = (m: string, p?: object) => new Promise<any>((res, rej) => session.post(m, p, (e, r) => (e ? rej(e) : res(r))));
async function main() {
  const topology = loadTopology('/work/main/network/topology.yaml');
  const which = Number(process.env.RUN ?? 0);
  for (let i = 0; i <= which; i++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crypto-'));
    if (i === which) { await post('Profiler.enable'); await post('Profiler.setSamplingInterval', { interval: 200 }); await post('Profiler.start'); }
    const t = performance.now();
    await generateCrypto(topology, dir);
    console.log('run', i, (performance.now() - t).toFixed(0));
    if (i === which) { const { profile } = await post('Profiler.stop'); writeFileSync('/tmp/idproto/win.cpuprofile', JSON.stringify(profile)); }
  }
}
main();
