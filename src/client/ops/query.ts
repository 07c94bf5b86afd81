// What Get and Scan share (HBase's Query): columns, versions, time range, filter and per-family
// paging. Invariant: every option is checked when set, so toSpec's ReadOptions are always valid.
import { checkFilterSpec } from '../../common/filter/check.js';
import type { FilterSpec } from '../../common/filter/spec.js';
import type { ReadOptions, TimeRange } from '../../common/operations.js';
import {
  type BytesLike,
  booleanArg,
  countArg,
  exactTimeRangeArg,
  familyArg,
  qualifierArg,
  timeRangeArg,
} from './checks.js';
import { ColumnSet } from './column-set.js';
import { ALL_VERSIONS } from './limits.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export abstract class Query {
  /** Made at the first column (most Gets of a hot loop name one, many name none). */
  #columns: ColumnSet | undefined;
  #timeRange: TimeRange | undefined;
  #maxVersions: number | undefined;
  #filter: FilterSpec | undefined;
  #cacheBlocks: boolean | undefined;
  #maxResultsPerFamily: number | undefined;
  #rowOffsetPerFamily: number | undefined;

  /** The whole family; replaces qualifiers of the family named before (as HBase). */
  addFamily(family: BytesLike): this {
    (this.#columns ??= new ColumnSet()).addFamily(familyArg(family));
    return this;
  }

  /** One column. After addFamily of the same family it narrows the family to named qualifiers. */
  addColumn(family: BytesLike, qualifier: BytesLike): this {
    (this.#columns ??= new ColumnSet()).addColumn(familyArg(family), qualifierArg(qualifier));
    return this;
  }

  /** Up to `versions` (>= 1) versions per column, newest first; capped by the family's VERSIONS. */
  readVersions(versions: number): this {
    this.#maxVersions = countArg(versions, 'versions', 1);
    return this;
  }

  /** Every version the family keeps. */
  readAllVersions(): this {
    this.#maxVersions = ALL_VERSIONS;
    return this;
  }

  /** Versions with timestamps in [minTs, maxTs) (ms); versions are counted inside the range. */
  setTimeRange(minTs: number, maxTs: number): this {
    this.#timeRange = timeRangeArg(minTs, maxTs);
    return this;
  }

  /** Only the version at exactly `timestamp`: [timestamp, timestamp + 1). */
  setTimestamp(timestamp: number): this {
    this.#timeRange = exactTimeRangeArg(timestamp);
    return this;
  }

  /** A server-side filter (common/filter: build a FilterSpec by hand or with parseFilter). */
  setFilter(filter: FilterSpec): this {
    this.#filter = checkFilterSpec(filter);
    return this;
  }

  /** At most `limit` cells per family per row (0 returns none). */
  setMaxResultsPerColumnFamily(limit: number): this {
    this.#maxResultsPerFamily = countArg(limit, 'max results per column family', 0);
    return this;
  }

  /** Skips the first `offset` cells of each family of each row. */
  setRowOffsetPerColumnFamily(offset: number): this {
    this.#rowOffsetPerFamily = countArg(offset, 'row offset per column family', 0);
    return this;
  }

  /** false: blocks read for this query are not kept in the block cache (full scans). */
  setCacheBlocks(cacheBlocks: boolean): this {
    this.#cacheBlocks = booleanArg(cacheBlocks, 'cacheBlocks');
    return this;
  }

  hasFamilies(): boolean {
    return this.#columns !== undefined && !this.#columns.isEmpty();
  }

  getFilter(): FilterSpec | undefined {
    return this.#filter;
  }

  /** 1 unless set. */
  getMaxVersions(): number {
    return this.#maxVersions ?? 1;
  }

  getTimeRange(): TimeRange | undefined {
    return this.#timeRange;
  }

  getCacheBlocks(): boolean {
    return this.#cacheBlocks ?? true;
  }

  /** The shared part of toSpec: only the options that were set. */
  protected readOptions(): Mutable<ReadOptions> {
    return this.readOptionsInto({});
  }

  /** Sets the options that were set on `out` (no copy: a Get's spec is made per read). */
  protected readOptionsInto<T extends Mutable<ReadOptions>>(out: T): T {
    if (this.#columns !== undefined && !this.#columns.isEmpty()) {
      out.columns = this.#columns.toSelections();
    }
    if (this.#timeRange !== undefined) out.timeRange = this.#timeRange;
    if (this.#maxVersions !== undefined) out.maxVersions = this.#maxVersions;
    if (this.#filter !== undefined) out.filter = this.#filter;
    if (this.#cacheBlocks !== undefined) out.cacheBlocks = this.#cacheBlocks;
    if (this.#maxResultsPerFamily !== undefined) {
      out.maxResultsPerFamily = this.#maxResultsPerFamily;
    }
    if (this.#rowOffsetPerFamily !== undefined) out.rowOffsetPerFamily = this.#rowOffsetPerFamily;
    return out;
  }

  /** Copies every shared option of `other` into this query (for clones). */
  protected copyQueryFrom(other: Query): void {
    this.#columns = undefined;
    if (other.#columns !== undefined) (this.#columns = new ColumnSet()).copyFrom(other.#columns);
    this.#timeRange = other.#timeRange;
    this.#maxVersions = other.#maxVersions;
    this.#filter = other.#filter;
    this.#cacheBlocks = other.#cacheBlocks;
    this.#maxResultsPerFamily = other.#maxResultsPerFamily;
    this.#rowOffsetPerFamily = other.#rowOffsetPerFamily;
  }
}
