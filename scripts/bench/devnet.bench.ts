/**
 * `npm run bench:devnet`: committed submits/s and evaluates/s of the dev network with p50/p95/p99 latency at
 * 1, 16, 64 and 128 requests in flight, as issue 17 measures a real Fabric network: TLS on, 2 orgs both
 * endorsing, fabric-samples' asset chaincode (CreateAsset / ReadAsset), and a closed-loop load generator in its
 * own process (the real fabric-gateway client, node:crypto signer). For each level it prints the CPU
 * milliseconds per transaction of the dev network process (this one), of each org's chaincode process and of
 * the load generator, beside this machine's ECDSA P-256 sign and verify rates measured in the same run, so
 * figures from a busy machine still compare as ratios. The last line is one JSON object for tools.
 *
 * BENCH_SECONDS (default 4) per level and mode; BENCH_LEVELS (e.g. `64`) to run fewer levels;
 * BENCH_PLAINTEXT=1 to measure a plaintext network too; BENCH_CPU_PROFILE=<file> to write a V8 CPU profile of
 * the dev network process while the submits at BENCH_CPU_PROFILE_LEVEL (default 64) in flight run.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { loadTopology, startDevnet } from '@scenechain/devnet';
import type { LoadReply, LoadRequest, LoadStats } from './devnet-load';
import { chaincodeProcesses, cpuMs, type ChaincodeProcess } from './proc-cpu';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const LEVELS = (process.env.BENCH_LEVELS ?? '1,16,64,128').split(',').map(Number);
const SECONDS_PER_LEVEL = Number(process.env.BENCH_SECONDS ?? 4);
const PROFILE_FILE = process.env.BENCH_CPU_PROFILE;
const PROFILED_LEVEL = Number(process.env.BENCH_CPU_PROFILE_LEVEL ?? 64);

interface Measured extends LoadStats {
  /** CPU ms per transaction: the dev network, each chaincode process (by org) and the load generator. */
  cpuMsPerTx: { devnet: number; chaincode: Record<string, number>; client: number };
}

type Results = Record<number, { submit: Measured; evaluate: Measured }>;

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

/** The load generator process and one request/answer at a time over its IPC channel. */
function startLoadGenerator(): { child: ChildProcess; ask(request: LoadRequest): Promise<LoadReply> } {
  const child = fork(path.join(__dirname, 'devnet-load.ts'), [], { execArgv: ['--require', 'tsx/cjs'] });
  const ask = (request: LoadRequest) =>
    new Promise<LoadReply>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (reply: LoadReply) => {
        child.off('exit', onExit);
        if (reply.kind === 'error') reject(new Error(`load generator: ${reply.message}`));
        else resolve(reply);
      });
      child.send(request);
    });
  return { child, ask };
}

/** Runs `body` under the V8 profiler and writes the profile to `file`. */
async function profiled<T>(file: string, body: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await body();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`CPU profile of the dev network process written to ${file}`);
  }
}

const fmt = (m: Measured): string => {
  const chaincode = Object.entries(m.cpuMsPerTx.chaincode)
    .map(([org, ms]) => `${org} ${ms.toFixed(2)}`)
    .join(', ');
  return (
    `${m.perSec.toFixed(0).padStart(6)}/s  p50 ${m.p50.toFixed(1)} ms  p95 ${m.p95.toFixed(1)} ms  ` +
    `p99 ${m.p99.toFixed(1)} ms  (${m.count} ops)  CPU ms/tx: devnet ${m.cpuMsPerTx.devnet.toFixed(2)}, ` +
    `chaincode ${chaincode}, client ${m.cpuMsPerTx.client.toFixed(2)}`
  );
};

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
  const load = startLoadGenerator();
  try {
    const org = devnet.org('Org1MSP');
    // The org's TLS CA and host alias as an application uses them; a plain endpoint when TLS is off.
    const peer = { endpoint: org.endpoint, tlsRootCertPem: org.tlsRootCertPem, hostAlias: org.hostAlias };
    await load.ask({
      kind: 'connect',
      peer,
      identity: devnet.identity('Org1MSP'),
      channel: 'benchchannel',
      chaincode: 'basic',
    });
    await load.ask({ kind: 'warm' });
    const chaincodes = chaincodeProcesses(process.pid);
    if (chaincodes.length === 0) throw new Error('no chaincode process found under the dev network');

    const run = async (mode: 'submit' | 'evaluate', inFlight: number, keyPrefix: string): Promise<Measured> => {
      const pids = [process.pid, load.child.pid!, ...chaincodes.map((c: ChaincodeProcess) => c.pid)];
      const before = pids.map(cpuMs);
      const request: LoadRequest = { kind: 'run', mode, inFlight, seconds: SECONDS_PER_LEVEL, keyPrefix };
      const go = () => load.ask(request);
      const reply =
        PROFILE_FILE && mode === 'submit' && inFlight === PROFILED_LEVEL
          ? await profiled(PROFILE_FILE, go)
          : await go();
      if (reply.kind !== 'stats') throw new Error(`load generator answered ${reply.kind}`);
      const perTx = pids.map((pid, i) => (cpuMs(pid) - before[i]) / reply.stats.count);
      const chaincode = Object.fromEntries(chaincodes.map((c, i) => [c.mspId, perTx[2 + i]]));
      return { ...reply.stats, cpuMsPerTx: { devnet: perTx[0], client: perTx[1], chaincode } };
    };

    const results: Results = {};
    for (const [index, inFlight] of LEVELS.entries()) {
      const submit = await run('submit', inFlight, `k${index}-`);
      const evaluate = await run('evaluate', inFlight, '');
      results[inFlight] = { submit, evaluate };
      const level = `${label.padEnd(9)} in flight ${String(inFlight).padStart(3)}`;
      console.log(`${level}  submit   ${fmt(submit)}`);
      if (submit.steps) {
        const { endorse, submit: toOrderer, commitStatus } = submit.steps;
        console.log(
          `${level}  submit steps p50: endorse ${endorse.toFixed(1)} ms, submit ${toOrderer.toFixed(1)} ms, ` +
            `commit status ${commitStatus.toFixed(1)} ms`,
        );
      }
      console.log(`${level}  evaluate ${fmt(evaluate)}`);
      console.log(`${level}  load average ${os.loadavg()[0].toFixed(2)}`);
    }
    return results;
  } finally {
    load.child.disconnect();
    await devnet.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const round2 = (n: number): number => Number(n.toFixed(2));

/** The JSON fields tools read: top level at 64 in flight (or the highest level run), plus per-level figures. */
function figures(results: Results) {
  const levels = Object.keys(results).map(Number);
  const top = results[64] ?? results[Math.max(...levels)];
  const first = results[1] ?? results[Math.min(...levels)];
  const perLevel = (m: Measured) => ({
    perSec: Math.round(m.perSec),
    p50Ms: round2(m.p50),
    p99Ms: round2(m.p99),
    devnetCpuMsPerTx: round2(m.cpuMsPerTx.devnet),
    chaincodeCpuMsPerTx: Object.fromEntries(Object.entries(m.cpuMsPerTx.chaincode).map(([k, v]) => [k, round2(v)])),
    ...(m.steps && {
      stepsP50Ms: {
        endorse: round2(m.steps.endorse),
        submit: round2(m.steps.submit),
        commitStatus: round2(m.steps.commitStatus),
      },
    }),
  });
  return {
    submitPerSec: Math.round(top.submit.perSec),
    evaluatePerSec: Math.round(top.evaluate.perSec),
    submitP50Ms: round2(top.submit.p50),
    submitP99Ms: round2(top.submit.p99),
    evaluateP99Ms: round2(top.evaluate.p99),
    submitP50MsAt1: round2(first.submit.p50),
    evaluatePerSecAt1: Math.round(first.evaluate.perSec),
    levels: Object.fromEntries(
      levels.map((n) => [n, { submit: perLevel(results[n].submit), evaluate: perLevel(results[n].evaluate) }]),
    ),
  };
}

async function main(): Promise<void> {
  const baseline = cryptoBaseline();
  console.log(`machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}`);
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `ECDSA P-256 (node:crypto, one core): ${baseline.signPerSec} signs/s, ${baseline.verifyPerSec} verifies/s`,
  );
  const tls = figures(await benchNetwork(true));
  const plaintext = process.env.BENCH_PLAINTEXT === '1' ? figures(await benchNetwork(false)) : undefined;
  console.log(
    JSON.stringify({
      ...tls,
      ecdsaSignPerSec: baseline.signPerSec,
      ecdsaVerifyPerSec: baseline.verifyPerSec,
      loadAverage: round2(os.loadavg()[0]),
      tls: true,
      ...(plaintext && { plaintext }),
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
