// Operation latencies in µs, in an HdrHistogram (3 significant digits, fixed memory whatever the
// operation count), with the exact min, max and mean beside it; mergeable across clients.
import { build, type Histogram } from 'hdr-histogram-js';
import { LATENCY_MAX_US } from './limits.js';

export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly stdDev: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly p9999: number;
  readonly p99999: number;
}

export class LatencyHistogram {
  readonly #histogram: Histogram = build({ numberOfSignificantValueDigits: 3 });
  #count = 0;
  #sum = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = 0;

  /** One operation's latency in µs (rounded; clamped to [0, LATENCY_MAX_US]). */
  record(micros: number): void {
    const us = Math.min(LATENCY_MAX_US, Math.max(0, Math.round(micros)));
    this.#histogram.recordValue(us);
    this.#count += 1;
    this.#sum += us;
    if (us < this.#min) this.#min = us;
    if (us > this.#max) this.#max = us;
  }

  get count(): number {
    return this.#count;
  }

  /** Adds every value of `other` to this one. */
  add(other: LatencyHistogram): void {
    if (other.#count === 0) return;
    this.#histogram.add(other.#histogram);
    this.#count += other.#count;
    this.#sum += other.#sum;
    this.#min = Math.min(this.#min, other.#min);
    this.#max = Math.max(this.#max, other.#max);
  }

  summary(): LatencySummary {
    if (this.#count === 0) {
      return {
        ...{ count: 0, mean: 0, min: 0, max: 0, stdDev: 0, p50: 0, p75: 0, p95: 0 },
        ...{ p99: 0, p999: 0, p9999: 0, p99999: 0 },
      };
    }
    // The histogram gives a bucket's top; the exact max bounds it.
    const at = (percentile: number): number =>
      Math.min(this.#max, this.#histogram.getValueAtPercentile(percentile));
    return {
      count: this.#count,
      mean: this.#sum / this.#count,
      min: this.#min,
      max: this.#max,
      stdDev: this.#histogram.stdDeviation,
      p50: at(50),
      p75: at(75),
      p95: at(95),
      p99: at(99),
      p999: at(99.9),
      p9999: at(99.99),
      p99999: at(99.999),
    };
  }

  /** Frees the histogram's memory (a no-op for the JS implementation, kept for WebAssembly). */
  destroy(): void {
    this.#histogram.destroy();
  }
}
