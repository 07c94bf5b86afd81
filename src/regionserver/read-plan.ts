// How a Get or Scan spec becomes per-store reads, pure: which families, which qualifiers, the time
// range, the version count and the validation of every option (a bad option is a typed error
// before any I/O).
import {
  compareBytes,
  InvalidArgumentError,
  LATEST_TIMESTAMP,
  toStringBinary,
} from '../common/index.js';
import type { ReadOptions, TimeRange } from '../common/operations.js';
import type { RegionCore } from './region-core.js';
import type { Store } from './store.js';

/** Every timestamp: [0, LATEST_TIMESTAMP] (HBase's allTime; the max is exclusive but never set). */
export const ALL_TIME: TimeRange = { minTs: 0, maxTs: LATEST_TIMESTAMP };

export interface StoreRead {
  readonly store: Store;
  /** Sorted, deduplicated; undefined = every qualifier. */
  readonly qualifiers: readonly Buffer[] | undefined;
}

export interface ReadPlan {
  readonly stores: readonly StoreRead[];
  readonly timeRange: TimeRange;
  readonly maxVersions: number;
  readonly raw: boolean;
  readonly cacheBlocks: boolean;
}

export function planRead(core: RegionCore, options: ReadOptions): ReadPlan {
  const timeRange = options.timeRange ?? ALL_TIME;
  validateTimeRange(timeRange);
  const maxVersions = options.maxVersions ?? 1;
  if (!Number.isSafeInteger(maxVersions) || maxVersions < 1) {
    throw new InvalidArgumentError(`maxVersions is ${maxVersions}; it must be an integer >= 1`);
  }
  checkCount('maxResultsPerFamily', options.maxResultsPerFamily);
  checkCount('rowOffsetPerFamily', options.rowOffsetPerFamily);
  return {
    stores: planStores(core, options),
    timeRange,
    maxVersions,
    raw: options.raw ?? false,
    cacheBlocks: options.cacheBlocks ?? true,
  };
}

function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new InvalidArgumentError(`${name} is ${value}; it must be an integer >= 0`);
  }
}

function planStores(core: RegionCore, options: ReadOptions): StoreRead[] {
  const columns = options.columns ?? [];
  if (columns.length === 0) {
    return core.storeList.map((store) => ({ store, qualifiers: undefined }));
  }
  const only = columns[0];
  if (columns.length === 1 && only !== undefined) {
    // The common read of one family, whole (YCSB's) or some of its columns (PE's): no grouping.
    return [{ store: core.store(only.family), qualifiers: sortUnique(only.qualifiers) }];
  }
  const byFamily = new Map<Store, Buffer[] | undefined>();
  for (const column of columns) {
    const store = core.store(column.family);
    const previous = byFamily.get(store);
    if (column.qualifiers === undefined || (byFamily.has(store) && previous === undefined)) {
      byFamily.set(store, undefined);
    } else {
      byFamily.set(store, [...(previous ?? []), ...column.qualifiers]);
    }
  }
  return core.storeList
    .filter((store) => byFamily.has(store))
    .map((store) => ({ store, qualifiers: sortUnique(byFamily.get(store)) }));
}

function sortUnique(qualifiers: readonly Buffer[] | undefined): readonly Buffer[] | undefined {
  if (qualifiers === undefined || qualifiers.length < 2) return qualifiers;
  const sorted = [...qualifiers].sort(compareBytes);
  return sorted.filter((q, i) => i === 0 || compareBytes(sorted[i - 1] as Buffer, q) !== 0);
}

function validateTimeRange(range: TimeRange): void {
  const ok =
    Number.isSafeInteger(range.minTs) &&
    Number.isSafeInteger(range.maxTs) &&
    range.minTs >= 0 &&
    range.minTs <= range.maxTs;
  if (!ok) {
    throw new InvalidArgumentError(
      `time range [${range.minTs}, ${range.maxTs}) is invalid; ` +
        'it needs integers 0 <= min <= max',
    );
  }
}

/** The smallest row key after `row` (row + 0x00): seeking there skips the rest of `row`. */
export function rowAfter(row: Buffer): Buffer {
  const next = Buffer.alloc(row.length + 1);
  row.copy(next);
  return next;
}

export function describeRow(row: Buffer): string {
  return `"${toStringBinary(row)}"`;
}
