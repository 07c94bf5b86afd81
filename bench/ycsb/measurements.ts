// Latency and return-code bookkeeping as YCSB's Measurements and DBWrapper keep it: one HDR
// histogram (3 significant digits) of whole microseconds per operation name, a failed call
// measured under `NAME-FAILED`, and every call's Status counted under its operation's name.
import { build, type Histogram } from 'hdr-histogram-js';

/** YCSB's Status names this driver uses. */
export type Status = 'OK' | 'ERROR' | 'NOT_FOUND' | 'UNEXPECTED_STATE';

/** The percentiles reported: YCSB's default `hdrhistogram.percentiles` (50,95,99), plus 99.9. */
export const REPORTED_PERCENTILES = [50, 95, 99, 99.9] as const;

export interface MeasurementSummary {
  readonly name: string;
  readonly operations: number;
  readonly averageUs: number;
  readonly minUs: number;
  readonly maxUs: number;
  /** In the order of REPORTED_PERCENTILES. */
  readonly percentilesUs: readonly number[];
  /** Status name → calls, in first-seen order. */
  readonly returns: ReadonlyMap<string, number>;
}

class OneMeasurement {
  readonly name: string;
  readonly #histogram: Histogram = build({ numberOfSignificantValueDigits: 3 });
  readonly returns = new Map<string, number>();
  #sumUs = 0;
  #minUs = Number.POSITIVE_INFINITY;
  #maxUs = 0;

  constructor(name: string) {
    this.name = name;
  }

  measure(micros: number): void {
    this.#histogram.recordValue(micros);
    this.#sumUs += micros;
    if (micros < this.#minUs) this.#minUs = micros;
    if (micros > this.#maxUs) this.#maxUs = micros;
  }

  reportStatus(status: Status): void {
    this.returns.set(status, (this.returns.get(status) ?? 0) + 1);
  }

  summary(): MeasurementSummary {
    const operations = this.#histogram.totalCount;
    return {
      name: this.name,
      operations,
      averageUs: operations === 0 ? 0 : this.#sumUs / operations,
      minUs: operations === 0 ? 0 : this.#minUs,
      maxUs: this.#maxUs,
      percentilesUs: REPORTED_PERCENTILES.map((p) =>
        operations === 0 ? 0 : this.#histogram.getValueAtPercentile(p),
      ),
      returns: new Map(this.returns),
    };
  }

  destroy(): void {
    this.#histogram.destroy();
  }
}

export class Measurements {
  readonly #byName = new Map<string, OneMeasurement>();

  #get(name: string): OneMeasurement {
    let measurement = this.#byName.get(name);
    if (measurement === undefined) {
      measurement = new OneMeasurement(name);
      this.#byName.set(name, measurement);
    }
    return measurement;
  }

  /** DBWrapper.measure + reportStatus: the latency (µs, truncated as YCSB's int cast). */
  record(operation: string, status: Status, micros: number): void {
    const name = status === 'OK' ? operation : `${operation}-FAILED`;
    this.#get(name).measure(Math.max(0, Math.trunc(micros)));
    this.#get(operation).reportStatus(status);
  }

  /** A latency only (READ-MODIFY-WRITE's own measure, beside its READ and UPDATE). */
  measure(operation: string, micros: number): void {
    this.#get(operation).measure(Math.max(0, Math.trunc(micros)));
  }

  reportStatus(operation: string, status: Status): void {
    this.#get(operation).reportStatus(status);
  }

  /** Every measurement, in first-use order; FAILED ones after their operation. */
  summaries(): MeasurementSummary[] {
    return [...this.#byName.values()].map((m) => m.summary());
  }

  destroy(): void {
    for (const measurement of this.#byName.values()) measurement.destroy();
    this.#byName.clear();
  }
}
