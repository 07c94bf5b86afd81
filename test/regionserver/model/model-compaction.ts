// The reference model's flush and compaction rules (HBase's retain-deletes and drop-deletes
// compactions), as a walk over each column's cells with plain verdicts: keep, drop, or "drop the
// rest of this column". Written independently of src/regionserver/query.
import { type Cell, CellType, compareCells, isDeleteType } from '../../../src/common/index.js';
import type { FamilyDescriptor } from '../../../src/common/operations.js';
import { columnsOf, expiryFloor, masks } from './model-rules.js';

export interface ModelCompaction {
  /** retain: flush and minor compaction; drop: major compaction. */
  readonly mode: 'retain' | 'drop';
  readonly nowMs: number;
  /** Cells above it are kept as they are and their markers mask nothing. */
  readonly smallestReadPoint: number;
  /** The smallest Put timestamp of the input files (LATEST_TIMESTAMP if none); drop mode only. */
  readonly earliestPutTs: number;
  readonly timeToPurgeDeletesMs: number;
}

type Verdict = 'keep' | 'drop' | 'drop-column';

/** The cells a flush or compaction writes, in cell order. */
export function compactCells(
  cells: readonly Cell[],
  family: FamilyDescriptor,
  rule: ModelCompaction,
): Cell[] {
  const sorted = [...cells].sort(compareCells);
  const out: Cell[] = [];
  let start = 0;
  while (start < sorted.length) {
    const row = (sorted[start] as Cell).row;
    let end = start;
    while (end < sorted.length && (sorted[end] as Cell).row.equals(row)) end++;
    compactRow(sorted.slice(start, end), family, rule, out);
    start = end;
  }
  return out;
}

function compactRow(
  sorted: readonly Cell[],
  family: FamilyDescriptor,
  rule: ModelCompaction,
  out: Cell[],
): void {
  const floor = expiryFloor(family, rule.nowMs);
  const expired = (cell: Cell): boolean => cell.timestamp < floor;
  const kdc = family.keepDeletedCells;
  /** The markers that mask in this compaction, in the order they were met. */
  const masking: Cell[] = [];
  for (const column of columnsOf(sorted)) {
    const emptyQualifier = (column[0] as Cell).qualifier.length === 0;
    let count = 0;
    let last: Cell | undefined;
    // In the empty-qualifier column (where family markers live) giving up on the column only
    // drops the rest of the current timestamp, so family markers further down are still met.
    let skipTs: number | undefined;

    const versions = (cell: Cell): Verdict => {
      if (cell.sequenceId > rule.smallestReadPoint) return 'keep';
      if (last !== undefined && last.timestamp === cell.timestamp && last.type === cell.type) {
        return 'drop';
      }
      if (!isDeleteType(cell.type)) count++;
      if (count > family.maxVersions) return 'drop-column';
      if (count > family.minVersions && expired(cell)) return 'drop-column';
      last = cell;
      return 'keep';
    };

    const marker = (cell: Cell): Verdict => {
      if (cell.sequenceId > rule.smallestReadPoint) return 'keep';
      // KEEP_DELETED_CELLS keeps deleted cells: its markers mask nothing (in TTL mode, once
      // expired they mask again).
      if (kdc === 'FALSE' || (kdc === 'TTL' && expired(cell))) masking.push(cell);
      if (rule.mode === 'retain') return 'keep';
      const purge = rule.timeToPurgeDeletesMs;
      if (purge > 0 && rule.nowMs - cell.timestamp <= purge) return 'keep';
      if (kdc === 'TRUE' || (kdc === 'TTL' && !expired(cell))) {
        return cell.timestamp < rule.earliestPutTs ? 'drop-column' : versions(cell);
      }
      return 'drop';
    };

    const put = (cell: Cell): Verdict => {
      const by = (type: CellType): boolean =>
        masking.some((m) => m.type === type && masks(m, cell));
      if (by(CellType.DeleteFamily)) return 'drop-column';
      if (by(CellType.DeleteFamilyVersion)) return 'drop';
      if (by(CellType.DeleteColumn)) return 'drop-column';
      if (by(CellType.Delete)) return 'drop';
      return versions(cell);
    };

    for (const cell of column) {
      if (skipTs !== undefined && cell.timestamp === skipTs) continue;
      let verdict: Verdict;
      if (family.minVersions <= 0 && expired(cell)) verdict = 'drop-column';
      else verdict = isDeleteType(cell.type) ? marker(cell) : put(cell);
      if (verdict === 'keep') out.push(cell);
      if (verdict !== 'drop-column') continue;
      if (!emptyQualifier) break;
      skipTs = cell.timestamp;
    }
  }
}
