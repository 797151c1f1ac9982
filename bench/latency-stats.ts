export interface LatencyStats {
  requests: number;
  p50_ms: number;
  p99_ms: number;
  mean_ms: number;
}

/** Calls `call` one request at a time, after a warm-up, and reports latency percentiles. */
export async function measureLatency(call: () => Promise<unknown>, requests: number, warmup = 200): Promise<LatencyStats> {
  for (let i = 0; i < warmup; i++) await call();
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]);
  return { requests, p50_ms: at(0.5), p99_ms: at(0.99), mean_ms: round(samples.reduce((s, x) => s + x, 0) / samples.length) };
}

export function added(through: LatencyStats, direct: LatencyStats) {
  return { p50_ms: round(through.p50_ms - direct.p50_ms), p99_ms: round(through.p99_ms - direct.p99_ms) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
