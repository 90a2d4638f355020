export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentiles of response times in ms. */
export function latencySummary(ms: number[]): LatencySummary {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10 : NaN);
  return { p50: at(50), p95: at(95), p99: at(99) };
}
