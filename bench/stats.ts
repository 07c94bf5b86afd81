// Latency recording and percentiles for benchmarks (exact: sorted samples, not estimates).

export class LatencyRecorder {
  #samples: Float64Array;
  #count = 0;

  constructor(capacity = 1 << 20) {
    this.#samples = new Float64Array(capacity);
  }

  record(micros: number): void {
    if (this.#count === this.#samples.length) {
      const grown = new Float64Array(this.#samples.length * 2);
      grown.set(this.#samples);
      this.#samples = grown;
    }
    this.#samples[this.#count++] = micros;
  }

  get count(): number {
    return this.#count;
  }

  /** Percentile in µs, p in [0, 100]. */
  percentiles(...ps: number[]): number[] {
    const sorted = this.#samples.slice(0, this.#count).sort();
    return ps.map((p) => {
      if (sorted.length === 0) return Number.NaN;
      const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
      return sorted[Math.max(0, index)] ?? Number.NaN;
    });
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function formatRate(opsPerSecond: number): string {
  return Math.round(opsPerSecond).toLocaleString('en-US');
}
