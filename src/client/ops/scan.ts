// HBase's Scan: rows from a start row toward a stop row, forward or reversed, plus the client's
// paging settings (caching, result size) that never reach the ScanSpec. Invariant: the row bounds
// toSpec gives select exactly the rows the calls describe, in either direction (see rowBounds).
import { compareBytes, EMPTY_BYTES, prefixEndKey } from '../../common/bytes.js';
import type { ScanSpec } from '../../common/operations.js';
import { type BytesLike, booleanArg, boundaryRowArg, countArg, rowArg } from './checks.js';
import {
  SCAN_CACHING_ROWS_DEFAULT,
  SCAN_CACHING_ROWS_MAX,
  SCAN_RESULT_BYTES_DEFAULT,
  SCAN_RESULT_BYTES_MAX,
} from './limits.js';
import { Query } from './query.js';

/**
 * Where a scan starts and stops, in scan order: forward, start is the smaller key; reversed, the
 * larger. An empty start is the table's first row (last when reversed); an empty stop, no stop.
 */
export interface RowBounds {
  readonly startRow: Buffer;
  readonly startRowInclusive: boolean;
  readonly stopRow: Buffer;
  readonly stopRowInclusive: boolean;
}

export class Scan extends Query {
  #bounds: RowBounds = {
    startRow: EMPTY_BYTES,
    startRowInclusive: true,
    stopRow: EMPTY_BYTES,
    stopRowInclusive: false,
  };
  /** Set by setRowPrefixFilter until a bound is set again: the bounds then follow the direction. */
  #prefix: Buffer | undefined;
  #reversed = false;
  #raw: boolean | undefined;
  #batch: number | undefined;
  #limit: number | undefined;
  #caching = SCAN_CACHING_ROWS_DEFAULT;
  #maxResultSize = SCAN_RESULT_BYTES_DEFAULT;

  /** The first row, inclusive unless told (reversed: the largest row; empty: the table's end). */
  withStartRow(row: BytesLike, inclusive = true): this {
    const startRow = boundaryRowArg(row, 'start row');
    const startRowInclusive = booleanArg(inclusive, 'start row inclusive');
    this.#bounds = { ...this.rowBounds(), startRow, startRowInclusive };
    this.#prefix = undefined;
    return this;
  }

  /** Where to stop, exclusive unless told (reversed: the smallest row; empty: no stop). */
  withStopRow(row: BytesLike, inclusive = false): this {
    const stopRow = boundaryRowArg(row, 'stop row');
    const stopRowInclusive = booleanArg(inclusive, 'stop row inclusive');
    this.#bounds = { ...this.rowBounds(), stopRow, stopRowInclusive };
    this.#prefix = undefined;
    return this;
  }

  /**
   * Only rows starting with `prefix`, as bounds (no filter): start = prefix, stop = the next prefix
   * as HBase computes it (trailing 0xFF bytes dropped, the last byte left plus one; none for an
   * all-0xFF prefix). Unlike HBase, it also works reversed: the bounds follow setReversed, before
   * or after. An empty prefix is the whole table. A later withStartRow or withStopRow replaces one
   * bound and keeps the other as it stands.
   */
  setRowPrefixFilter(prefix: BytesLike): this {
    const p = boundaryRowArg(prefix, 'row prefix');
    this.#prefix = p;
    this.#bounds = {
      startRow: p,
      startRowInclusive: true,
      stopRow: prefixEndKey(p),
      stopRowInclusive: false,
    };
    return this;
  }

  /** Rows in descending order; the start row is then the larger key. */
  setReversed(reversed: boolean): this {
    this.#reversed = booleanArg(reversed, 'reversed');
    return this;
  }

  /** Delete markers and deleted cells too. */
  setRaw(raw: boolean): this {
    this.#raw = booleanArg(raw, 'raw');
    return this;
  }

  /** Rows per scanner call (client-side; default SCAN_CACHING_ROWS_DEFAULT). */
  setCaching(rows: number): this {
    this.#caching = countArg(rows, 'caching', 1, SCAN_CACHING_ROWS_MAX);
    return this;
  }

  /** Bytes of rows per scanner call (client-side; default SCAN_RESULT_BYTES_DEFAULT). */
  setMaxResultSize(bytes: number): this {
    this.#maxResultSize = countArg(bytes, 'max result size', 1, SCAN_RESULT_BYTES_MAX);
    return this;
  }

  /** At most `cells` cells per Result, splitting wide rows (which voids row consistency). */
  setBatch(cells: number): this {
    this.#batch = countArg(cells, 'batch', 1);
    return this;
  }

  /** At most `rows` rows in all. */
  setLimit(rows: number): this {
    this.#limit = countArg(rows, 'limit', 1);
    return this;
  }

  /** One row only (setLimit(1)). */
  setOneRowLimit(): this {
    return this.setLimit(1);
  }

  /** The effective bounds in scan order (a prefix's bounds turned round when reversed). */
  rowBounds(): RowBounds {
    const prefix = this.#prefix;
    if (prefix === undefined || !this.#reversed) return this.#bounds;
    const end = prefixEndKey(prefix);
    return {
      startRow: end,
      startRowInclusive: end.length === 0,
      stopRow: prefix,
      stopRowInclusive: true,
    };
  }

  getStartRow(): Buffer {
    return this.rowBounds().startRow;
  }

  includeStartRow(): boolean {
    return this.rowBounds().startRowInclusive;
  }

  getStopRow(): Buffer {
    return this.rowBounds().stopRow;
  }

  includeStopRow(): boolean {
    return this.rowBounds().stopRowInclusive;
  }

  isReversed(): boolean {
    return this.#reversed;
  }

  isRaw(): boolean {
    return this.#raw ?? false;
  }

  getCaching(): number {
    return this.#caching;
  }

  getMaxResultSize(): number {
    return this.#maxResultSize;
  }

  getBatch(): number | undefined {
    return this.#batch;
  }

  getLimit(): number | undefined {
    return this.#limit;
  }

  /** A copy with every option (HBase's `new Scan(scan)`). */
  clone(): Scan {
    const copy = new Scan();
    copy.copyQueryFrom(this);
    copy.#bounds = this.#bounds;
    copy.#prefix = this.#prefix;
    copy.#reversed = this.#reversed;
    copy.#raw = this.#raw;
    copy.#batch = this.#batch;
    copy.#limit = this.#limit;
    copy.#caching = this.#caching;
    copy.#maxResultSize = this.#maxResultSize;
    return copy;
  }

  /** A copy whose limit is `rows` (>= 1), or none; a resuming scanner passes the rows left. */
  withLimit(rows: number | undefined): Scan {
    const copy = this.clone();
    copy.#limit = rows === undefined ? undefined : countArg(rows, 'limit', 1);
    return copy;
  }

  /**
   * A copy that selects exactly the rows of this scan after `lastRow` in scan order (forward:
   * greater; reversed: smaller): the start becomes `lastRow`, exclusive, unless the current start
   * is already past it. Everything else is kept, the limit too: the scanner lowers it with
   * withLimit by the rows it already returned. For whole rows only: with setBatch, a scanner that
   * stopped inside a row resumes at that row (withStartRow(row, true)) and skips the cells it has.
   */
  resumeAfter(lastRow: Buffer): Scan {
    const last = rowArg(lastRow, 'last row');
    const bounds = this.rowBounds();
    const copy = this.clone();
    copy.#prefix = undefined;
    copy.#bounds = this.#isPastStart(last, bounds)
      ? { ...bounds, startRow: last, startRowInclusive: false }
      : bounds;
    return copy;
  }

  toSpec(): ScanSpec {
    const { startRow, startRowInclusive, stopRow, stopRowInclusive } = this.rowBounds();
    const spec: { -readonly [K in keyof ScanSpec]: ScanSpec[K] } = this.readOptions();
    if (startRow.length > 0) Object.assign(spec, { startRow, startRowInclusive });
    if (stopRow.length > 0) Object.assign(spec, { stopRow, stopRowInclusive });
    if (this.#reversed) spec.reversed = true;
    if (this.#raw !== undefined) spec.raw = this.#raw;
    if (this.#limit !== undefined) spec.limit = this.#limit;
    if (this.#batch !== undefined) spec.batch = this.#batch;
    return spec;
  }

  /** `row` is at or after the start in scan order (so starting after it drops nothing wanted). */
  #isPastStart(row: Buffer, bounds: RowBounds): boolean {
    if (bounds.startRow.length === 0) return true;
    const c = compareBytes(row, bounds.startRow);
    return this.#reversed ? c <= 0 : c >= 0;
  }
}
