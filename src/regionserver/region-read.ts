// Gets: one row of a region under the MVCC read point, every family through its StoreScanner, the
// filter driven in HBase's order (reset, filterAllRemaining, filterRowKey, per-cell in the store
// scanners, then filterRowCells and filterRow). Invariant: a Get sees a whole row as of one point.
import { type Cell, LimitExceededError } from '../common/index.js';
import type { GetSpec } from '../common/operations.js';
import { compileFilter } from './filter/index.js';
import type { Filter } from './filter/filter.js';
import { ROW_CELLS_MAX } from './limits.js';
import { StoreScanner } from './query/index.js';
import { planRead, type ReadPlan, type StoreRead } from './read-plan.js';
import type { RegionCore } from './region-core.js';
import type { ReadOptionsExtra } from './region-scanner.js';

export async function getRow(core: RegionCore, spec: GetSpec): Promise<Cell[]> {
  core.checkRow(spec.row);
  const plan = planRead(core, spec);
  const filter = spec.filter === undefined ? undefined : compileFilter(spec.filter, core.rng);
  return readOneRow(core, spec.row, plan, filter, core.mvcc.readPoint, spec);
}

/** The row's cells as one read; [] when the filter drops it or nothing matches. */
export async function readOneRow(
  core: RegionCore,
  row: Buffer,
  plan: ReadPlan,
  filter: Filter | undefined,
  readPoint: number,
  extra: ReadOptionsExtra,
): Promise<Cell[]> {
  if (filter !== undefined) {
    filter.reset();
    if (filter.filterAllRemaining() || filter.filterRowKey(row)) return [];
  }
  const cells: Cell[] = [];
  for (const read of plan.stores) {
    await readStoreRow(core, row, plan, read, filter, readPoint, extra, cells);
    if (cells.length > ROW_CELLS_MAX) {
      throw new LimitExceededError(`row has over ${ROW_CELLS_MAX} cells (ROW_CELLS_MAX)`);
    }
  }
  return finishRow(filter, cells);
}

async function readStoreRow(
  core: RegionCore,
  row: Buffer,
  plan: ReadPlan,
  read: StoreRead,
  filter: Filter | undefined,
  readPoint: number,
  extra: ReadOptionsExtra,
  out: Cell[],
): Promise<void> {
  const qualifier = read.qualifiers?.length === 1 ? read.qualifiers[0] : undefined;
  const lease = read.store.openRead({
    row,
    ...(qualifier === undefined ? {} : { qualifier }),
    timeRange: plan.timeRange,
    cacheBlocks: plan.cacheBlocks,
  });
  try {
    const scanner = new StoreScanner(lease.scanners, {
      family: read.store.family,
      qualifiers: read.qualifiers,
      timeRange: plan.timeRange,
      maxVersions: plan.maxVersions,
      raw: plan.raw,
      readPoint,
      nowMs: core.clock.nowMs(),
      filter,
      ...extra,
    });
    await scanner.seekToRow(row);
    const at = scanner.peekRow();
    if (at !== undefined && at.equals(row)) await scanner.readRow(out);
    scanner.close();
  } finally {
    lease.release();
  }
}

/** The end-of-row filter steps; the cells that remain (none when the row is dropped). */
export function finishRow(filter: Filter | undefined, cells: Cell[]): Cell[] {
  if (filter === undefined || !filter.hasFilterRow() || cells.length === 0) return cells;
  const kept = filter.filterRowCells(cells);
  // As HBase's RegionScanner: filterRow is asked only about a row that still has cells.
  return kept.length === 0 || filter.filterRow() ? [] : kept;
}
