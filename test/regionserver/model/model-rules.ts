// The reference model's rules, written from HBase's documented and coded behaviour as plain list
// filters (no heaps, no seeks, no trackers) and independently of src/regionserver/query: what a read
// returns from one row of one family, and what a flush or compaction keeps.
import {
  type Cell,
  CellType,
  compareBytes,
  compareCells,
  isDeleteType,
} from '../../../src/common/index.js';
import {
  type FamilyDescriptor,
  type TimeRange,
  TTL_FOREVER_SECONDS,
} from '../../../src/common/operations.js';

/** Cells with a timestamp below this have expired (TTL): now - TTL, or -Infinity for FOREVER. */
export function expiryFloor(family: FamilyDescriptor, nowMs: number): number {
  return family.ttlSeconds >= TTL_FOREVER_SECONDS
    ? Number.NEGATIVE_INFINITY
    : nowMs - family.ttlSeconds * 1000;
}

/** The marker kinds, by what they cover: DeleteFamily/DeleteColumn reach down to older versions. */
export function masks(marker: Cell, put: Cell): boolean {
  const sameColumn = compareBytes(marker.qualifier, put.qualifier) === 0;
  switch (marker.type) {
    case CellType.DeleteFamily:
      return marker.timestamp >= put.timestamp;
    case CellType.DeleteFamilyVersion:
      return marker.timestamp === put.timestamp;
    case CellType.DeleteColumn:
      return sameColumn && marker.timestamp >= put.timestamp;
    case CellType.Delete:
      return sameColumn && marker.timestamp === put.timestamp;
    default:
      return false;
  }
}

/** Consecutive runs of cells (sorted) sharing a qualifier. */
export function columnsOf(sorted: readonly Cell[]): Cell[][] {
  const columns: Cell[][] = [];
  for (const cell of sorted) {
    const current = columns[columns.length - 1];
    const head = current?.[0];
    if (current !== undefined && head !== undefined && head.qualifier.equals(cell.qualifier)) {
      current.push(cell);
    } else {
      columns.push([cell]);
    }
  }
  return columns;
}

export interface ModelReadRule {
  readonly nowMs: number;
  readonly timeRange: TimeRange;
  /** As requested: capped by the family's VERSIONS unless raw. */
  readonly maxVersions: number;
  readonly raw: boolean;
  /** Undefined: every qualifier. */
  readonly qualifiers: readonly Buffer[] | undefined;
  readonly maxResultsPerFamily?: number;
  readonly rowOffsetPerFamily?: number;
}

/** What a Get/Scan returns from these cells (one row, one family, all visible to the reader). */
export function readRowFamily(
  cells: readonly Cell[],
  family: FamilyDescriptor,
  rule: ModelReadRule,
): Cell[] {
  const sorted = [...cells].sort(compareCells);
  const result = rule.raw ? readRaw(sorted, rule) : readNormal(sorted, family, rule);
  const offset = rule.rowOffsetPerFamily ?? 0;
  const limit = rule.maxResultsPerFamily;
  return result.slice(offset, limit === undefined ? undefined : offset + limit);
}

function readNormal(
  sorted: readonly Cell[],
  family: FamilyDescriptor,
  rule: ModelReadRule,
): Cell[] {
  const floor = expiryFloor(family, rule.nowMs);
  const expired = (cell: Cell): boolean => cell.timestamp < floor;
  const { minTs, maxTs } = rule.timeRange;
  const inRange = (ts: number): boolean => ts >= minTs && ts < maxTs;
  // KEEP_DELETED_CELLS: only markers inside the range count (time travel); otherwise every marker
  // not older than the range counts. An expired marker counts only under MIN_VERSIONS.
  const seePast = family.keepDeletedCells !== 'FALSE';
  const markers = sorted.filter(
    (cell) =>
      isDeleteType(cell.type) &&
      (family.minVersions > 0 || !expired(cell)) &&
      (seePast ? inRange(cell.timestamp) : cell.timestamp >= minTs),
  );
  const maxVersions = Math.min(rule.maxVersions, family.maxVersions);
  const wanted = rule.qualifiers;
  const out: Cell[] = [];
  for (const column of columnsOf(sorted)) {
    const qualifier = (column[0] as Cell).qualifier;
    if (wanted !== undefined && !wanted.some((q) => q.equals(qualifier))) continue;
    let count = 0;
    let lastTs: number | undefined;
    for (const put of column) {
      if (isDeleteType(put.type) || !inRange(put.timestamp)) continue;
      if (markers.some((marker) => masks(marker, put))) continue;
      if (put.timestamp === lastTs) continue; // an older write of the same version
      count++;
      if (count > maxVersions) break;
      if (count > family.minVersions && expired(put)) break;
      out.push(put);
      lastTs = put.timestamp;
    }
  }
  return out;
}

/** Raw: markers too, nothing masked, no TTL; versions (Puts only) capped as requested. */
function readRaw(sorted: readonly Cell[], rule: ModelReadRule): Cell[] {
  if (rule.qualifiers !== undefined) throw new Error('a raw read cannot name qualifiers');
  const { minTs, maxTs } = rule.timeRange;
  const out: Cell[] = [];
  for (const column of columnsOf(sorted)) {
    let count = 0;
    let last: Cell | undefined;
    for (const cell of column) {
      if (cell.timestamp >= maxTs) continue;
      if (cell.timestamp < minTs) break;
      if (last !== undefined && last.timestamp === cell.timestamp && last.type === cell.type) {
        continue;
      }
      if (!isDeleteType(cell.type)) count++;
      if (count > rule.maxVersions) break;
      out.push(cell);
      last = cell;
    }
  }
  return out;
}
