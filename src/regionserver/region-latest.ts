// Reads a region's newest visible versions of one column: what "delete the latest version",
// increment, append and checkAndMutate look at, under the current read point.
import { type Cell, CellType } from '../common/index.js';
import type { TimeRange } from '../common/operations.js';
import { planRead } from './read-plan.js';
import type { RegionCore } from './region-core.js';
import { readOneRow } from './region-read.js';

/** The timestamps of up to `count` newest visible versions of family:qualifier. */
export async function newestTimestamps(
  core: RegionCore,
  row: Buffer,
  family: Buffer,
  qualifier: Buffer,
  count: number,
): Promise<number[]> {
  const cells = await readColumns(core, row, family, [qualifier], count);
  return cells.filter((c) => c.type === CellType.Put).map((c) => c.timestamp);
}

/** The newest visible versions (up to maxVersions) of some columns of one family. */
export async function readColumns(
  core: RegionCore,
  row: Buffer,
  family: Buffer,
  qualifiers: readonly Buffer[],
  maxVersions: number,
  timeRange?: TimeRange,
): Promise<Cell[]> {
  const plan = planRead(core, {
    columns: [{ family, qualifiers }],
    maxVersions,
    ...(timeRange === undefined ? {} : { timeRange }),
  });
  return readOneRow(core, row, plan, undefined, core.mvcc.readPoint, {});
}
