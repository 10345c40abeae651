/**
 * `npm run bench:devnet`: committed submits/s and evaluates/s of the dev network with p50/p95/p99 latency at
 * 1, 16 and 64 requests in flight (2-org AND endorsement, real fabric-gateway client in this process, chaincode
 * in its own processes), beside this machine's ECDSA P-256 sign and verify rates measured in the same run.
 * Measured with TLS on (as users run it), then on a plaintext network for comparison. The last line is one JSON
 * object for tools: the TLS figures at top level with `tls: true`, the plaintext ones under `plaintext`.
 */
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectGateway, loadTopology, startDevnet } from '@scenechain/devnet';
import { percentile } from './percentile';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const LEVELS = [1, 16, 64];
const SECONDS_PER_LEVEL = Number(process.env.BENCH_SECONDS ?? 4);

interface Stats {
  perSec: number;
  p50: number;
  p95: number;
  p99: number;
  count: number;
}

async function measure(inFlight: number, op: (i: number) => Promise<unknown>): Promise<Stats> {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS_PER_LEVEL * 1000;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await op(next++);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSec: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    count: latencies.length,
  };
}

function cryptoBaseline(): { signPerSec: number; verifyPerSec: number } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const message = Buffer.alloc(512, 7);
  const rate = (fn: () => void): number => {
    const end = performance.now() + 1000;
    let count = 0;
    while (performance.now() < end) {
      for (let i = 0; i < 100; i++) fn();
      count += 100;
    }
    return count;
  };
  const signature = sign('sha256', message, privateKey);
  return {
    signPerSec: rate(() => sign('sha256', message, privateKey)),
    verifyPerSec: rate(() => verify('sha256', message, publicKey, signature)),
  };
}

const fmt = (stats: Stats): string =>
  `${stats.perSec.toFixed(0).padStart(6)}/s  p50 ${stats.p50.toFixed(1)} ms  p95 ${stats.p95.toFixed(1)} ms  p99 ${stats.p99.toFixed(1)} ms  (${stats.count} ops)`;

type Results = Record<number, { submit: Stats; evaluate: Stats }>;

/** Runs every level against a fresh dev network serving TLS (as users run it) or plaintext. */
async function benchNetwork(tls: boolean): Promise<Results> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-bench-'));
  const started = performance.now();
  const devnet = await startDevnet({
    topology: loadTopology(path.join(REPO_ROOT, 'scripts', 'bench', 'devnet-bench.yaml'), REPO_ROOT),
    dataDir,
    ports: 'auto',
    tls: { enabled: tls },
  });
  const label = tls ? 'TLS' : 'plaintext';
  console.log(`${label}: dev network started in ${(performance.now() - started).toFixed(0)} ms`);
  // The org's TLS CA and host alias as an application uses them; a plain endpoint when TLS is off.
  const connection = connectGateway(devnet.org('Org1MSP'), devnet.identity('Org1MSP'));
  const contract = connection.gateway.getNetwork('benchchannel').getContract('probe');
  try {
    await contract.submitTransaction('put', 'warm', 'up'); // waits for both chaincode processes
    for (let i = 0; i < 200; i++) await contract.evaluateTransaction('get', 'warm');

    const results: Results = {};
    let run = 0;
    for (const inFlight of LEVELS) {
      const prefix = `k${run++}-`;
      const submit = await measure(inFlight, (i) => contract.submitTransaction('put', `${prefix}${i}`, 'value'));
      const evaluate = await measure(inFlight, () => contract.evaluateTransaction('get', 'warm'));
      results[inFlight] = { submit, evaluate };
      console.log(`${label.padEnd(9)} in flight ${String(inFlight).padStart(2)}  submit   ${fmt(submit)}`);
      console.log(`${label.padEnd(9)} in flight ${String(inFlight).padStart(2)}  evaluate ${fmt(evaluate)}`);
    }
    return results;
  } finally {
    connection.close();
    await devnet.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The JSON fields tools read: top level at 64 in flight, plus single-request latency. */
function figures(results: Results) {
  const top = results[64];
  return {
    submitPerSec: Math.round(top.submit.perSec),
    evaluatePerSec: Math.round(top.evaluate.perSec),
    submitP50Ms: Number(top.submit.p50.toFixed(2)),
    submitP99Ms: Number(top.submit.p99.toFixed(2)),
    evaluateP99Ms: Number(top.evaluate.p99.toFixed(2)),
    submitP50MsAt1: Number(results[1].submit.p50.toFixed(2)),
    evaluatePerSecAt1: Math.round(results[1].evaluate.perSec),
  };
}

async function main(): Promise<void> {
  const baseline = cryptoBaseline();
  console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`);
  console.log(
    `ECDSA P-256 (node:crypto, one core): ${baseline.signPerSec} signs/s, ${baseline.verifyPerSec} verifies/s`,
  );
  const tls = figures(await benchNetwork(true));
  const plaintext = figures(await benchNetwork(false));
  const cost = (withTls: number, without: number): string => `${(((without - withTls) / without) * 100).toFixed(1)}%`;
  console.log(
    `TLS cost at 64 in flight: submits/s ${cost(tls.submitPerSec, plaintext.submitPerSec)}, ` +
      `evaluates/s ${cost(tls.evaluatePerSec, plaintext.evaluatePerSec)}; ` +
      `single evaluate rate ${cost(tls.evaluatePerSecAt1, plaintext.evaluatePerSecAt1)}`,
  );
  console.log(
    JSON.stringify({
      ...tls,
      ecdsaSignPerSec: baseline.signPerSec,
      ecdsaVerifyPerSec: baseline.verifyPerSec,
      tls: true,
      plaintext,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
