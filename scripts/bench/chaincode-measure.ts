/** Timing helpers of the chaincode benchmark: throughput at a fixed number in flight, and median latency. */
import { percentile } from './percentile';

export interface Throughput {
  readonly count: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

/** Runs `count` operations with `inFlight` of them outstanding at a time; every operation must succeed. */
export async function throughput(
  count: number,
  inFlight: number,
  op: (index: number) => Promise<unknown>,
): Promise<Throughput> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(inFlight, count) }, async () => {
      for (let index = next++; index < count; index = next++) {
        const t0 = performance.now();
        await op(index);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { count, perSecond: count / seconds, p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95) };
}

/**
 * Typical latency in ms of a call made alone: the lowest of `rounds` medians of `samples` sequential calls,
 * after `warmup` uncounted calls. Taking the best round keeps a burst of unrelated load on a shared machine
 * (another process, a compaction, a collection) from passing for a cost of the call itself.
 */
export async function medianLatency(
  op: () => Promise<unknown>,
  samples = 25,
  rounds = 3,
  warmup = 10,
): Promise<number> {
  for (let i = 0; i < warmup; i++) await op();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const t0 = performance.now();
      await op();
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    best = Math.min(best, percentile(latencies, 50));
  }
  return best;
}

/** Waits, so that work left over from seeding (ledger compaction, collections) does not land in a measurement. */
export function quiet(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Calls `seedChunk(from, to)` for consecutive chunks of [start, end), `inFlight` chunks at a time. A chunk
 * whose endorsement failed (nothing was written, e.g. a chaincode timeout on an overloaded machine) is tried
 * again, up to three times.
 */
export async function seedInChunks(
  start: number,
  end: number,
  chunk: number,
  inFlight: number,
  seedChunk: (from: number, to: number) => Promise<unknown>,
): Promise<void> {
  const chunks: [number, number][] = [];
  for (let from = start; from < end; from += chunk) chunks.push([from, Math.min(end, from + chunk)]);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(inFlight, chunks.length) }, async () => {
      for (let index = next++; index < chunks.length; index = next++)
        await withEndorsementRetry(() => seedChunk(...chunks[index]));
    }),
  );
}

async function withEndorsementRetry(call: () => Promise<unknown>, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await call();
      return;
    } catch (error) {
      // EndorseError: the proposal failed before ordering, so the ledger is unchanged and a retry is safe.
      if (attempt >= attempts || (error as Error).name !== 'EndorseError') throw error;
      console.log(`  seeding transaction not endorsed (${(error as Error).message}); retrying`);
    }
  }
}
