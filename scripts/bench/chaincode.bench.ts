/**
 * `npm run bench:chaincode`: for each scenario chaincode on the dev network (real fabric-gateway client, one
 * devnet per scenario with only that chaincode), the committed submits/s of its main transactions, and how
 * the latency of its list and trace reads changes when its ledger grows from 10^3 to 10^5 records (seeded
 * with its batch transaction). The last line is one JSON object for tools: `listLatencyRatio` is the worst
 * ratio of a read's median latency at the large size to that at the small size (it should stay <= 1.5, since
 * every list is a range scan over an index and every trace walks only provenance links).
 *
 * Environment: BENCH_CHAINCODE_SIZES (default "1000,100000"), BENCH_CHAINCODE_SUBMITS (per transaction,
 * default 200), BENCH_CHAINCODE_IN_FLIGHT (default 8), BENCH_CHAINCODE_SCENARIOS (comma-separated; default
 * every chaincode network/topology.yaml deploys that has a workload here).
 */
import { startScenarioNetwork } from '../../test/chaincode/support/scenario-network';
import { deployedChaincodes } from '../../test/support/deployed-chaincodes';
import { medianLatency, quiet, seedInChunks, throughput, type Throughput } from './chaincode-measure';
import {
  govRecordsWorkload,
  patentsWorkload,
  SEED_CHUNK,
  supplyChainWorkload,
  type Workload,
} from './chaincode-workloads';

const SIZES = (process.env.BENCH_CHAINCODE_SIZES ?? '1000,100000').split(',').map(Number);
const SUBMITS = Number(process.env.BENCH_CHAINCODE_SUBMITS ?? 200);
const IN_FLIGHT = Number(process.env.BENCH_CHAINCODE_IN_FLIGHT ?? 8);
/** Seeding transactions in flight: seeding waits on round trips between chaincode and peer more than on CPU. */
const SEED_IN_FLIGHT = Number(process.env.BENCH_CHAINCODE_SEED_IN_FLIGHT ?? 4);
/** Pause after seeding, so the ledger's background compaction does not land in the read measurements. */
const QUIET_MS = Number(process.env.BENCH_CHAINCODE_QUIET_MS ?? 10_000);

const workloads: Record<string, () => Workload> = {
  'supply-chain': supplyChainWorkload,
  patents: patentsWorkload,
  'gov-records': govRecordsWorkload,
};

/** The scenarios asked for, or every deployed one with a workload (naming those without one). */
function scenariosToBench(): string[] {
  if (process.env.BENCH_CHAINCODE_SCENARIOS) return process.env.BENCH_CHAINCODE_SCENARIOS.split(',');
  const deployed = deployedChaincodes();
  const missing = deployed.filter((name) => !workloads[name]);
  if (missing.length > 0) process.stderr.write(`no workload for ${missing.join(', ')}: not measured\n`);
  return deployed.filter((name) => workloads[name]);
}

interface ScenarioReport {
  submits: Record<string, Throughput>;
  /** read → size → median ms */
  reads: Record<string, Record<number, number>>;
  /** read → median at largest size / median at smallest size */
  ratios: Record<string, number>;
  seedRecordsPerSecond: number;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function benchScenario(workload: Workload): Promise<ScenarioReport> {
  const network = await startScenarioNetwork([workload.chaincode]);
  const report: ScenarioReport = { submits: {}, reads: {}, ratios: {}, seedRecordsPerSecond: 0 };
  try {
    await workload.setup(network);
    let seeded = 0;
    let seedSeconds = 0;
    for (const [position, size] of SIZES.entries()) {
      const t0 = performance.now();
      await seedInChunks(seeded, size, SEED_CHUNK, SEED_IN_FLIGHT, (from, to) => workload.seed(from, to));
      seedSeconds += (performance.now() - t0) / 1000;
      seeded = size;
      await network.net.settle();
      await quiet(QUIET_MS);
      console.log(`${workload.chaincode}: ${size} ${workload.records} seeded (${round(seedSeconds, 1)} s so far)`);
      for (const [name, read] of Object.entries(workload.reads(size))) {
        const median = await medianLatency(read);
        (report.reads[name] ??= {})[size] = median;
        console.log(`  ${name.padEnd(40)} median ${round(median)} ms`);
      }
      if (position === 0) {
        for (const transaction of workload.transactions) {
          const result = await throughput(SUBMITS, IN_FLIGHT, (i) => transaction.run(i));
          report.submits[transaction.name] = result;
          console.log(
            `  submit ${transaction.name.padEnd(33)} ${round(result.perSecond, 1)}/s  p50 ${round(result.p50Ms)} ms  p95 ${round(result.p95Ms)} ms`,
          );
        }
      }
    }
    report.seedRecordsPerSecond = seeded / seedSeconds;
    const small = SIZES[0];
    const large = SIZES[SIZES.length - 1];
    for (const [name, bySize] of Object.entries(report.reads)) report.ratios[name] = bySize[large] / bySize[small];
    return report;
  } finally {
    await network.stop();
  }
}

async function main(): Promise<void> {
  const reports: Record<string, ScenarioReport> = {};
  for (const scenario of scenariosToBench()) {
    const make = workloads[scenario];
    if (!make) throw new Error(`unknown scenario ${scenario}; known: ${Object.keys(workloads).join(', ')}`);
    reports[scenario] = await benchScenario(make());
  }
  const ratios = Object.values(reports).flatMap((report) => Object.values(report.ratios));
  const summary = {
    sizes: SIZES,
    listLatencyRatio: round(Math.max(...ratios), 3),
    mainSubmitsPerSecond: Object.fromEntries(
      Object.entries(reports).map(([scenario, report]) => [
        scenario,
        round(Object.values(report.submits)[0].perSecond, 1),
      ]),
    ),
    submitsPerSecond: Object.fromEntries(
      Object.entries(reports).flatMap(([scenario, report]) =>
        Object.entries(report.submits).map(([name, result]) => [`${scenario}.${name}`, round(result.perSecond, 1)]),
      ),
    ),
    readRatios: Object.fromEntries(
      Object.entries(reports).flatMap(([scenario, report]) =>
        Object.entries(report.ratios).map(([name, ratio]) => [`${scenario}: ${name}`, round(ratio, 3)]),
      ),
    ),
    seedRecordsPerSecond: Object.fromEntries(
      Object.entries(reports).map(([scenario, report]) => [scenario, round(report.seedRecordsPerSecond, 1)]),
    ),
    inFlight: IN_FLIGHT,
    submitsPerTransaction: SUBMITS,
  };
  console.log(JSON.stringify(summary));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
