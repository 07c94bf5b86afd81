// Gets: one row of a region under the MVCC read point, every family through its StoreScanner, the
// filter driven in HBase's order (reset, filterAllRemaining, filterRowKey, per-cell in the store
// scanners, then filterRowCells and filterRow). Invariant: a Get sees a whole row as of one point.
import { bytesEqual, type Cell, LimitExceededError } from '../common/index.js';
import type { GetSpec } from '../common/operations.js';
import { compileFilter } from './filter/index.js';
import type { Filter } from './filter/filter.js';
import { ROW_CELLS_MAX } from './limits.js';
import { StoreScanner } from './query/index.js';
import { readMemstoreOnly } from './memstore-get.js';
import { planRead, type ReadPlan, type StoreRead } from './read-plan.js';
import type { RegionCore } from './region-core.js';
import type { ReadOptionsExtra } from './region-scanner.js';

export function getRow(core: RegionCore, spec: GetSpec): Cell[] | Promise<Cell[]> {
  core.checkRow(spec.row);
  const plan = planRead(core, spec);
  const filter = spec.filter === undefined ? undefined : compileFilter(spec.filter, core.rng);
  return readOneRow(core, spec.row, plan, filter, core.mvcc.readPoint, spec);
}

/**
 * The row's cells as one read; [] when the filter drops it or nothing matches. A promise only
 * when some store had to wait for a file: a row served from the memstore and the block cache
 * costs none.
 */
export function readOneRow(
  core: RegionCore,
  row: Buffer,
  plan: ReadPlan,
  filter: Filter | undefined,
  readPoint: number,
  extra: ReadOptionsExtra,
): Cell[] | Promise<Cell[]> {
  if (filter !== undefined) {
    filter.reset();
    if (filter.filterAllRemaining() || filter.filterRowKey(row)) return [];
  }
  const read: RowRead = { core, row, plan, filter, readPoint, extra, cells: [] };
  return readStoresFrom(read, 0);
}

interface RowRead {
  readonly core: RegionCore;
  readonly row: Buffer;
  readonly plan: ReadPlan;
  readonly filter: Filter | undefined;
  readonly readPoint: number;
  readonly extra: ReadOptionsExtra;
  readonly cells: Cell[];
}

function readStoresFrom(read: RowRead, first: number): Cell[] | Promise<Cell[]> {
  const stores = read.plan.stores;
  for (let i = first; i < stores.length; i++) {
    const waiting = readStoreRow(read, stores[i] as StoreRead);
    if (waiting !== undefined) {
      return waiting.then(() => {
        checkRowSize(read.cells);
        return readStoresFrom(read, i + 1);
      });
    }
    checkRowSize(read.cells);
  }
  return finishRow(read.filter, read.cells);
}

function checkRowSize(cells: readonly Cell[]): void {
  if (cells.length > ROW_CELLS_MAX) {
    throw new LimitExceededError(`row has over ${ROW_CELLS_MAX} cells (ROW_CELLS_MAX)`);
  }
}

/** One store's cells of the row, appended to read.cells; its files are held until it is done. */
function readStoreRow(read: RowRead, store: StoreRead): void | Promise<void> {
  const { core, row, plan, extra } = read;
  const qualifiers = store.qualifiers;
  if (
    isPlain(read, store) &&
    readMemstoreOnly(
      store.store,
      { row, timeRange: plan.timeRange, readPoint: read.readPoint, nowMs: core.clock.nowMs() },
      read.cells,
    )
  ) {
    return;
  }
  const lease = store.store.openRead({
    row,
    qualifier: qualifiers?.length === 1 ? qualifiers[0] : undefined,
    timeRange: plan.timeRange,
    cacheBlocks: plan.cacheBlocks,
  });
  let scanner: StoreScanner | undefined;
  let waiting: void | Promise<void> = undefined;
  try {
    scanner = new StoreScanner(lease.scanners, {
      family: store.store.family,
      qualifiers,
      timeRange: plan.timeRange,
      maxVersions: plan.maxVersions,
      raw: plan.raw,
      readPoint: read.readPoint,
      nowMs: core.clock.nowMs(),
      filter: read.filter,
      maxResultsPerFamily: extra.maxResultsPerFamily,
      rowOffsetPerFamily: extra.rowOffsetPerFamily,
      singleRow: true,
    });
    const open = scanner;
    const seeking = open.seekToRow(row);
    waiting =
      seeking === undefined
        ? readIfAtRow(open, row, read.cells)
        : seeking.then(() => readIfAtRow(open, row, read.cells));
  } finally {
    if (waiting === undefined) {
      scanner?.close();
      lease.release();
    }
  }
  if (waiting === undefined) return;
  const opened = scanner;
  return waiting.finally(() => {
    opened?.close();
    lease.release();
  });
}

/** One version of every qualifier, nothing filtered, limited or offset: memstore-get.ts may serve it. */
function isPlain(read: RowRead, store: StoreRead): boolean {
  const { plan, extra } = read;
  return (
    read.filter === undefined &&
    !plan.raw &&
    store.qualifiers === undefined &&
    Math.min(plan.maxVersions, store.store.family.maxVersions) === 1 &&
    extra.maxResultsPerFamily === undefined &&
    (extra.rowOffsetPerFamily ?? 0) === 0
  );
}

function readIfAtRow(scanner: StoreScanner, row: Buffer, out: Cell[]): void | Promise<void> {
  const at = scanner.peekRow();
  if (at !== undefined && bytesEqual(at, row)) return scanner.readRow(out);
}

/** The end-of-row filter steps; the cells that remain (none when the row is dropped). */
export function finishRow(filter: Filter | undefined, cells: Cell[]): Cell[] {
  if (filter === undefined || !filter.hasFilterRow() || cells.length === 0) return cells;
  const kept = filter.filterRowCells(cells);
  // As HBase's RegionScanner: filterRow is asked only about a row that still has cells.
  return kept.length === 0 || filter.filterRow() ? [] : kept;
}
