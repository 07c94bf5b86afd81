// A scan over one region: one StoreScanner per family, merged row by row (forward, or backward for
// reversed scans through lastRowBefore), each row filtered in HBase's order and cut into batches.
// Invariant: every row is read under the scanner's read point, taken once when it opened, so each
// returned row is one that existed (HBase's read-committed scans); the scanner holds its files.
import { type Cell, compareBytes, EMPTY_BYTES } from '../common/index.js';
import type { ScanSpec } from '../common/operations.js';
import { compileFilter } from './filter/index.js';
import type { Filter } from './filter/filter.js';
import { StoreScanner } from './query/index.js';
import { planRead, type ReadPlan, rowAfter } from './read-plan.js';
import type { RegionCore } from './region-core.js';
import { finishRow } from './region-read.js';
import type { StoreReadLease } from './store.js';

/** Get/Scan options passed through to every StoreScanner. */
export interface ReadOptionsExtra {
  readonly maxResultsPerFamily?: number;
  readonly rowOffsetPerFamily?: number;
}

export class RegionScanner {
  readonly #core: RegionCore;
  readonly #spec: ScanSpec;
  readonly #plan: ReadPlan;
  readonly #filter: Filter | undefined;
  readonly #leases: StoreReadLease[] = [];
  readonly #scanners: StoreScanner[] = [];
  readonly #reversed: boolean;
  #started = false;
  #done = false;
  /** The filter ended the scan (HBase's isFilterDone): no later region has rows for it either. */
  #filterDone = false;
  /** Reversed scans: the row last returned (the next one is below it). */
  #cursor: Buffer | undefined;
  #rows = 0;
  /** Cells of the current row not yet handed out (setBatch). */
  #pending: Cell[] = [];

  constructor(core: RegionCore, spec: ScanSpec) {
    core.checkOpen();
    this.#core = core;
    this.#spec = spec;
    this.#plan = planRead(core, spec);
    this.#reversed = spec.reversed ?? false;
    this.#filter =
      spec.filter === undefined ? undefined : compileFilter(spec.filter, core.rng, this.#reversed);
    const readPoint = core.mvcc.readPoint;
    const extra: ReadOptionsExtra = {
      ...(spec.maxResultsPerFamily === undefined
        ? {}
        : { maxResultsPerFamily: spec.maxResultsPerFamily }),
      ...(spec.rowOffsetPerFamily === undefined
        ? {}
        : { rowOffsetPerFamily: spec.rowOffsetPerFamily }),
    };
    for (const read of this.#plan.stores) {
      const lease = read.store.openRead({
        timeRange: this.#plan.timeRange,
        cacheBlocks: this.#plan.cacheBlocks,
      });
      this.#leases.push(lease);
      this.#scanners.push(
        new StoreScanner(lease.scanners, {
          family: read.store.family,
          qualifiers: read.qualifiers,
          timeRange: this.#plan.timeRange,
          maxVersions: this.#plan.maxVersions,
          raw: this.#plan.raw,
          readPoint,
          nowMs: core.clock.nowMs(),
          filter: this.#filter,
          ...extra,
        }),
      );
    }
  }

  /** The next result (a row, or part of one with setBatch); undefined when the scan is over. */
  /**
   * Runs `op` (a batch of next calls) counted as one of the region's operations in flight, so
   * that the region's close waits for it; NotServingRegion once the region is closing.
   */
  track<T>(op: () => Promise<T>): Promise<T> {
    return this.#core.track(op);
  }

  async next(): Promise<Cell[] | undefined> {
    if (this.#pending.length === 0) {
      const row = await this.#nextRow();
      if (row === undefined) return undefined;
      this.#pending = row;
    }
    const batch = this.#spec.batch;
    if (batch === undefined || this.#pending.length <= batch) {
      const out = this.#pending;
      this.#pending = [];
      return out;
    }
    return this.#pending.splice(0, batch);
  }

  /** True once the scan's filter has said no row after this one passes (filterAllRemaining). */
  get filterDone(): boolean {
    return this.#filterDone;
  }

  close(): void {
    this.#done = true;
    for (const scanner of this.#scanners) scanner.close();
    for (const lease of this.#leases) lease.release();
    this.#leases.length = 0;
  }

  async #nextRow(): Promise<Cell[] | undefined> {
    while (!this.#done) {
      if (this.#spec.limit !== undefined && this.#rows >= this.#spec.limit) break;
      const row = this.#reversed ? await this.#previousRow() : await this.#forwardRow();
      if (row === undefined) break;
      if (this.#pastStop(row)) break;
      const cells = await this.#readRow(row);
      if (cells === 'stop') {
        this.#filterDone = true;
        break;
      }
      if (cells.length === 0) continue;
      this.#rows++;
      return cells;
    }
    this.close();
    return undefined;
  }

  async #forwardRow(): Promise<Buffer | undefined> {
    if (!this.#started) {
      this.#started = true;
      const start = this.#spec.startRow ?? EMPTY_BYTES;
      const from =
        this.#spec.startRowInclusive === false && start.length > 0 ? rowAfter(start) : start;
      for (const scanner of this.#scanners) await scanner.seekToRow(from);
    }
    let min: Buffer | undefined;
    for (const scanner of this.#scanners) {
      const row = scanner.peekRow();
      if (row !== undefined && (min === undefined || compareBytes(row, min) < 0)) min = row;
    }
    return min;
  }

  async #previousRow(): Promise<Buffer | undefined> {
    let below: Buffer | undefined;
    if (!this.#started) {
      this.#started = true;
      const start = this.#spec.startRow ?? EMPTY_BYTES;
      // Reversed: the start row is the largest; inclusive unless told otherwise.
      if (start.length > 0)
        below = this.#spec.startRowInclusive === false ? start : rowAfter(start);
    } else {
      below = this.#cursor;
      if (below === undefined) return undefined;
    }
    let max: Buffer | undefined;
    for (const scanner of this.#scanners) {
      const row = await scanner.lastRowBefore(below);
      if (row !== undefined && (max === undefined || compareBytes(row, max) > 0)) max = row;
    }
    this.#cursor = max;
    if (max === undefined) return undefined;
    for (const scanner of this.#scanners) await scanner.seekToRow(max);
    return max;
  }

  #pastStop(row: Buffer): boolean {
    const stop = this.#spec.stopRow;
    if (stop === undefined || stop.length === 0) return false;
    const c = compareBytes(row, stop);
    const inclusive = this.#spec.stopRowInclusive ?? false;
    if (this.#reversed) return inclusive ? c < 0 : c <= 0;
    return inclusive ? c > 0 : c >= 0;
  }

  /** Reads `row` from every store positioned on it; 'stop' when the filter ends the scan. */
  async #readRow(row: Buffer): Promise<Cell[] | 'stop'> {
    const filter = this.#filter;
    if (filter !== undefined) {
      filter.reset();
      if (filter.filterAllRemaining()) return 'stop';
      if (filter.filterRowKey(row)) {
        if (!this.#reversed) await this.#skipRow(row);
        return [];
      }
    }
    const cells: Cell[] = [];
    for (const scanner of this.#scanners) {
      const at = scanner.peekRow();
      if (at !== undefined && at.equals(row)) await scanner.readRow(cells);
    }
    const kept = finishRow(filter, cells);
    if (kept.length === 0 && filter?.filterAllRemaining() === true) return 'stop';
    return kept;
  }

  async #skipRow(row: Buffer): Promise<void> {
    const next = rowAfter(row);
    for (const scanner of this.#scanners) {
      const at = scanner.peekRow();
      if (at !== undefined && at.equals(row)) await scanner.seekToRow(next);
    }
  }
}
