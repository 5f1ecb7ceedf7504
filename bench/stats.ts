// Latency statistics for the bench.

/** The q-th percentile (0–100) of latencies, from the histogram of every response (1 ms buckets). */
export function percentile(latencies: number[], q: number): number {
  if (latencies.length === 0) throw new Error("no responses");
  const buckets = new Map<number, number>();
  for (const l of latencies) buckets.set(Math.ceil(l), (buckets.get(Math.ceil(l)) ?? 0) + 1);
  const rank = Math.ceil((q / 100) * latencies.length);
  let seen = 0;
  for (const [ms, n] of [...buckets.entries()].sort((a, b) => a[0] - b[0])) {
    seen += n;
    if (seen >= rank) return ms;
  }
  throw new Error("unreachable");
}
