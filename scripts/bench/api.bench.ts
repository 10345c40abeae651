/**
 * `npm run bench:api`: throughput and p50/p95/p99 latency of a submit route (POST /api/supply-chain/batches,
 * commit included) and an evaluate route (GET /api/supply-chain/batches/{id}) of the gateway app, beside the
 * same transactions called directly with @hyperledger/fabric-gateway as the same identity in the same run, and
 * the CLI's batch filing of 1,000 patent applications from a CSV file. Everything runs on this machine, each
 * part in its own process as in a deployment (api-server.ts): the dev network (chaincode in their own
 * processes), the gateway app connected to it by a connection.json, the load generators in this process, the
 * CLI as another process. The REST load generator is a closed loop of keep-alive HTTP requests, the direct one
 * the same loop of fabric-gateway calls to the same peer as the same identity, at the same number in flight,
 * alternating A-B-B-A. The last line is one JSON object.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { connectGateway } from '@scenechain/devnet';
import { latencyStats, type LatencyStats } from './percentile';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CHANNEL = 'public-services';
const PASSWORD = 'bench-password';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 16);
const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 1000);

interface Stats extends LatencyStats {
  errors: number;
}

interface Run {
  latencies: number[];
  errors: number;
  elapsed: number;
}

/** A closed loop: `inFlight` workers each run `op` back to back for `seconds`; failures are counted, not timed. */
async function run(inFlight: number, seconds: number, op: (i: number) => Promise<unknown>): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await op(next++);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { latencies, errors, elapsed: (performance.now() - started) / 1000 };
}

function statsOf(runs: Run[]): Stats {
  const latencies = runs.flatMap((r) => r.latencies);
  const elapsed = runs.reduce((sum, r) => sum + r.elapsed, 0);
  return { ...latencyStats(latencies, elapsed), errors: runs.reduce((sum, r) => sum + r.errors, 0) };
}

/**
 * Runs the direct and the REST variant in A-B-B-A order, SECONDS in all for each, so drift on a shared
 * machine (JIT warm-up, ledger growth, other processes) weighs on both alike.
 */
async function compare(
  inFlight: number,
  direct: (i: number) => Promise<unknown>,
  rest: (i: number) => Promise<unknown>,
): Promise<{ direct: Stats; rest: Stats }> {
  const half = SECONDS / 2;
  const d1 = await run(inFlight, half, direct);
  const r1 = await run(inFlight, half, rest);
  const r2 = await run(inFlight, half, (i) => rest(i + 1_000_000));
  const d2 = await run(inFlight, half, (i) => direct(i + 1_000_000));
  return { direct: statsOf([d1, d2]), rest: statsOf([r1, r2]) };
}

/** One JSON request over a keep-alive connection; rejects on a non-2xx answer. */
function httpJson(
  agent: http.Agent,
  base: URL,
  method: string,
  urlPath: string,
  token: string,
  body?: unknown,
): Promise<unknown> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path: urlPath,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((response.statusCode ?? 500) >= 300) reject(new Error(`${response.statusCode}: ${text}`));
          else resolve(JSON.parse(text));
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const fmt = (name: string, s: Stats) =>
  `${name.padEnd(22)} ${s.perSec.toFixed(0).padStart(6)}/s  p50 ${s.p50.toFixed(1).padStart(6)} ms  p95 ${s.p95.toFixed(1).padStart(6)} ms  p99 ${s.p99.toFixed(1).padStart(6)} ms  (${s.count} ok, ${s.errors} failed)`;

const overhead = (rest: Stats, direct: Stats) =>
  Math.round(((direct.perSec - rest.perSec) / direct.perSec) * 1000) / 10;

async function main(): Promise<void> {
  console.log(
    `machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}, node ${process.version}; ${IN_FLIGHT} in flight, ${SECONDS} s per run`,
  );
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenechain-bench-cli-'));
  const children: ReturnType<typeof spawn>[] = [];
  const start = <T>(role: string, env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'api-server.ts'), role], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    return new Promise<T>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the bench ${role} exited with ${code}`)));
      createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as T));
    });
  };
  const net = await start<{
    connectionFile: string;
    endpoint: string;
    hostAlias: string;
    tlsCaCertPath: string;
    certPath: string;
    keyPath: string;
  }>('network');
  const ready = {
    ...net,
    ...(await start<{ url: string }>('app', {
      SCENECHAIN_CONNECTION: net.connectionFile,
      SCENECHAIN_DEMO_PASSWORD: PASSWORD,
      // A benchmark network: demo accounts and data, as the dev network has them.
      SCENECHAIN_DEMO_ACCOUNTS: '1',
      SCENECHAIN_DEMO_DATA: '1',
    })),
  };
  const base = new URL(ready.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const peer = {
    endpoint: ready.endpoint,
    hostAlias: ready.hostAlias,
    tlsRootCertPem: readFileSync(ready.tlsCaCertPath, 'utf8'),
  };
  const direct = connectGateway(peer, {
    mspId: 'ManufacturerMSP',
    certPem: readFileSync(ready.certPath, 'utf8'),
    keyPem: readFileSync(ready.keyPath, 'utf8'),
  });
  try {
    const login = async (username: string) =>
      (
        (await httpJson(agent, base, 'POST', '/api/auth/login', '', { username, password: PASSWORD })) as {
          token: string;
        }
      ).token;
    const token = await login('operator1');
    const rest = (method: string, urlPath: string, body?: unknown) =>
      httpJson(agent, base, method, urlPath, token, body);
    const contract = direct.gateway.getNetwork(CHANNEL).getContract('supply-chain');

    await rest('POST', '/api/supply-chain/products/register-product', {
      productId: 'P-BENCH',
      name: 'Bench',
      unit: 'kg',
    });
    await rest('POST', '/api/supply-chain/batches/commission-many', {
      batches: Array.from({ length: 50 }, (_, i) => ({
        batchId: `E-${i}`,
        productId: 'P-BENCH',
        quantity: 1,
        location: 'L',
      })),
    });
    const commission = (batchId: string) => ({ batchId, productId: 'P-BENCH', quantity: 1, location: 'L' });
    // Warm-up: JIT, connections, chaincode processes of every endorsing org.
    for (let i = 0; i < 50; i++) {
      await rest('GET', `/api/supply-chain/batches/E-${i}`);
      await contract.evaluateTransaction('getBatch', JSON.stringify({ batchId: `E-${i}` }));
    }
    await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        rest('POST', '/api/supply-chain/batches/commission', commission(`W-R-${i}`)),
      ),
    );
    await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        contract.submitTransaction('commission', JSON.stringify(commission(`W-D-${i}`))),
      ),
    );

    const evaluates = await compare(
      IN_FLIGHT,
      (i) => contract.evaluateTransaction('getBatch', JSON.stringify({ batchId: `E-${i % 50}` })),
      (i) => rest('GET', `/api/supply-chain/batches/E-${i % 50}`),
    );
    const [directEvaluate, restEvaluate] = [evaluates.direct, evaluates.rest];
    console.log(fmt('direct evaluate', directEvaluate));
    console.log(fmt('REST evaluate', restEvaluate));
    const submits = await compare(
      IN_FLIGHT,
      (i) => contract.submitTransaction('commission', JSON.stringify(commission(`D-${i}`))),
      (i) => rest('POST', '/api/supply-chain/batches/commission', commission(`R-${i}`)),
    );
    const [directSubmit, restSubmit] = [submits.direct, submits.rest];
    console.log(fmt('direct submit', directSubmit));
    console.log(fmt('REST submit', restSubmit));
    console.log(
      `REST overhead: evaluate ${overhead(restEvaluate, directEvaluate)}%, submit ${overhead(restSubmit, directSubmit)}%`,
    );

    // The CLI filing 1,000 applications from a CSV, as a separate process against the running app.
    const csv = path.join(dataDir, 'applications.csv');
    const rows = ['title,applicantName,ipcClasses,commitment'];
    for (let i = 0; i < APPLICATIONS; i++) {
      rows.push(
        `Bench invention ${i},Innovator Labs,G06F 16/27,${createHash('sha256').update(`bench-${i}`).digest('hex')}`,
      );
    }
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const applicantToken = await login('applicant1');
    const cliStarted = performance.now();
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        path.join(REPO_ROOT, 'gateway-app', 'dist', 'cli', 'main.js'),
        '--url',
        base.toString(),
        '--token',
        applicantToken,
        'file-patents',
        csv,
      ],
      { maxBuffer: 10 * 1024 * 1024 },
    );
    const cliSeconds = (performance.now() - cliStarted) / 1000;
    const filing = JSON.parse(stdout) as {
      filedNow: number;
      transactions: number;
      seconds: number;
      applicationsPerSecond: number;
    };
    console.log(
      `CLI file-patents: ${filing.filedNow} applications in ${filing.transactions} transactions, ${filing.seconds.toFixed(2)} s filing ` +
        `(${filing.applicationsPerSecond}/s), ${cliSeconds.toFixed(2)} s for the whole CLI process`,
    );

    const round = (n: number) => Math.round(n * 10) / 10;
    console.log(
      JSON.stringify({
        inFlight: IN_FLIGHT,
        seconds: SECONDS,
        restSubmitPerSec: round(restSubmit.perSec),
        directSubmitPerSec: round(directSubmit.perSec),
        restEvaluatePerSec: round(restEvaluate.perSec),
        directEvaluatePerSec: round(directEvaluate.perSec),
        restOverheadPct: Math.max(overhead(restSubmit, directSubmit), overhead(restEvaluate, directEvaluate)),
        restSubmitOverheadPct: overhead(restSubmit, directSubmit),
        restEvaluateOverheadPct: overhead(restEvaluate, directEvaluate),
        restSubmitMs: { p50: round(restSubmit.p50), p95: round(restSubmit.p95), p99: round(restSubmit.p99) },
        directSubmitMs: { p50: round(directSubmit.p50), p95: round(directSubmit.p95), p99: round(directSubmit.p99) },
        restEvaluateMs: { p50: round(restEvaluate.p50), p95: round(restEvaluate.p95), p99: round(restEvaluate.p99) },
        directEvaluateMs: {
          p50: round(directEvaluate.p50),
          p95: round(directEvaluate.p95),
          p99: round(directEvaluate.p99),
        },
        errors: restSubmit.errors + directSubmit.errors + restEvaluate.errors + directEvaluate.errors,
        cliApplications: filing.filedNow,
        cliApplicationsPerSec: filing.applicationsPerSecond,
        cliFilingSeconds: round(filing.seconds),
        cliTotalSeconds: round(cliSeconds),
      }),
    );
  } finally {
    agent.destroy();
    direct.close();
    for (const child of children.reverse()) {
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
