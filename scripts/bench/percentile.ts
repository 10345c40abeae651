/** The p-th percentile of ascending latencies (nearest rank); 0 for an empty run. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface LatencyStats {
  perSec: number;
  p50: number;
  p95: number;
  p99: number;
  count: number;
}

/** Throughput and latency percentiles of the calls that completed in `elapsedSeconds`. */
export function latencyStats(latencies: readonly number[], elapsedSeconds: number): LatencyStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    perSec: sorted.length / elapsedSeconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    count: sorted.length,
  };
}
