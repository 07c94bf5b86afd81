// The part every query matcher shares (HBase's ScanQueryMatcher): the early checks, the delete
// check, and where "the next column" is. Invariant: the scanner calls `setToNewRow` before the
// first cell of every row and hands the matcher only that row's cells, in cell order.
import { EMPTY_BYTES } from '../../common/bytes.js';
import { type Cell, CellType } from '../../common/cell.js';
import { firstOnColumn, lastOnColumn } from '../../common/cell-comparator.js';
import { TTL_FOREVER_SECONDS, type FamilyDescriptor } from '../../common/operations.js';
import type { ColumnTracker } from './column-tracker.js';
import { DeleteResult, type DeleteTracker } from './delete-tracker.js';
import { MatchCode } from './match-code.js';

const MS_PER_SECOND = 1000;

/** HBase: expired when timestamp < now - TTL; TTL FOREVER expires nothing. */
export function oldestUnexpiredTs(family: FamilyDescriptor, nowMs: number): number {
  if (family.ttlSeconds >= TTL_FOREVER_SECONDS) return Number.NEGATIVE_INFINITY;
  return nowMs - family.ttlSeconds * MS_PER_SECOND;
}

export abstract class QueryMatcher {
  protected readonly columns: ColumnTracker;

  protected constructor(columns: ColumnTracker) {
    this.columns = columns;
  }

  /** What to do with this cell of the current row. */
  abstract match(cell: Cell): MatchCode;

  setToNewRow(): void {
    this.columns.reset();
    this.resetRow();
  }

  /** For SeekNextUsingHint: the filter's hint (undefined: just move on). */
  nextKeyHint(cell: Cell): Cell | undefined {
    void cell;
    return undefined;
  }

  /**
   * The key to reseek to for SeekNextCol. As HBase does since HBASE-18471, in the empty-qualifier
   * column we only step to the next older timestamp: DeleteFamily and DeleteFamilyVersion markers
   * live there, interleaved by timestamp with that column's own cells, and skipping them would
   * let later columns escape their masking.
   */
  keyForNextColumn(cell: Cell): Cell {
    if (cell.qualifier.length === 0 && cell.timestamp > 0) {
      return {
        row: cell.row,
        family: cell.family,
        qualifier: EMPTY_BYTES,
        timestamp: cell.timestamp - 1,
        type: CellType.Maximum,
        value: EMPTY_BYTES,
        sequenceId: 0,
      };
    }
    const hint = this.columns.columnHint();
    return hint === undefined
      ? lastOnColumn(cell.row, cell.family, cell.qualifier)
      : firstOnColumn(cell.row, cell.family, hint);
  }

  protected abstract resetRow(): void;

  /** The checks before delete handling; undefined means "go on". */
  protected preCheck(cell: Cell): MatchCode | undefined {
    if (this.columns.done()) return MatchCode.SeekNextRow;
    // Expired (and MIN_VERSIONS 0): so is every older version of the column.
    if (this.columns.isDone(cell.timestamp)) return this.columns.nextRowOrNextColumn(cell);
    return undefined;
  }

  /** Undefined when the Put is not deleted. */
  protected checkDeleted(deletes: DeleteTracker, put: Cell): MatchCode | undefined {
    if (deletes.isEmpty()) return undefined;
    switch (deletes.isDeleted(put)) {
      case DeleteResult.NotDeleted:
        return undefined;
      case DeleteResult.FamilyDeleted:
      case DeleteResult.ColumnDeleted:
        // Every older version of the column is deleted too.
        return this.columns.nextRowOrNextColumn(put);
      case DeleteResult.VersionDeleted:
      case DeleteResult.FamilyVersionDeleted:
        return MatchCode.Skip;
    }
  }
}
