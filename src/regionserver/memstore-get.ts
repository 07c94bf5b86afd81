// The Get fast path, pure: a plain Get of a whole family (newest version, no filter, no per-family
// limits) on a store whose every cell is in the active memstore (no store file, no snapshot) reads
// the row's index directly, without a StoreScanner, its heap and its matcher. It answers only when
// the result is plainly each column's newest cell: every newest cell a visible, unexpired Put inside
// the time range, and no family-wide marker in the row. Anything else (a marker, a write in flight,
// an expired or out-of-range newest version) goes the general way, which gives the same cells for
// the rows this path takes. YCSB's reads of a table not yet flushed are all of this kind.
import { type Cell, cellSizeBytes, CellType } from '../common/cell.js';
import type { TimeRange } from '../common/operations.js';
import { type Column, oldestOf, type RowView, versionOf } from './memstore/row-columns.js';
import { ROW_RESULT_BYTES_MAX } from './query/limits.js';
import { oldestUnexpiredTs } from './query/query-matcher.js';
import type { Store } from './store.js';

export interface PlainGet {
  readonly row: Buffer;
  readonly timeRange: TimeRange;
  readonly readPoint: number;
  readonly nowMs: number;
}

/**
 * Appends the store's cells of the row to `out` and returns true, or returns false (with `out`
 * unchanged) when the read needs the general path. The caller has checked that the read is plain:
 * one version, every qualifier, no filter, not raw, no per-family limit or offset.
 */
export function readMemstoreOnly(store: Store, get: PlainGet, out: Cell[]): boolean {
  if (store.files.length > 0 || store.memstore.snapshotInProgress) return false;
  const view = store.memstore.activeRowView(get.row);
  if (view === undefined) return true;
  if (hasFamilyMarker(view)) return false;
  const oldest = Math.max(get.timeRange.minTs, oldestUnexpiredTs(store.family, get.nowMs));
  const { maxTs } = get.timeRange;
  const start = out.length;
  let bytes = 0;
  for (let i = 0; i < view.count; i++) {
    const cell = versionOf(view.columns[i] as Column, view.lengths?.[i] ?? 1, 0) as Cell;
    bytes += cellSizeBytes(cell);
    if (
      cell.type !== CellType.Put ||
      cell.sequenceId > get.readPoint ||
      cell.timestamp < oldest ||
      cell.timestamp >= maxTs ||
      bytes > ROW_RESULT_BYTES_MAX
    ) {
      out.length = start;
      return false;
    }
    out.push(cell);
  }
  return true;
}

/**
 * Family-wide markers (DeleteFamily, DeleteFamilyVersion) carry the empty qualifier, so they sit in
 * the row's first column: true when that column holds anything but Puts.
 */
function hasFamilyMarker(view: RowView): boolean {
  const first = view.columns[0];
  if (view.count === 0 || first === undefined || oldestOf(first).qualifier.length > 0) return false;
  const length = view.lengths?.[0] ?? 1;
  for (let k = 0; k < length; k++) {
    if (versionOf(first, length, k)?.type !== CellType.Put) return true;
  }
  return false;
}
