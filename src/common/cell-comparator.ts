// HBase's cell order (CellComparatorImpl): row, family, qualifier ascending; timestamp, type code
// and sequence id descending; a "last on row" key after every cell of its row. Invariant: a total
// order (antisymmetric, transitive, zero only on equal keys), computed without allocating.
import { compareBytes, EMPTY_BYTES, toBytes } from './bytes.js';
import { type Cell, CellType, LATEST_TIMESTAMP, OLDEST_TIMESTAMP } from './cell.js';

/** Orders cells as HBase does; the value takes no part. Usable directly as a `sort` callback. */
export function compareCells(a: Cell, b: Cell): number {
  const byRow = compareBytes(a.row, b.row);
  if (byRow !== 0) return byRow;
  return compareWithoutRow(a, b);
}

export function compareRows(a: Cell, b: Cell): number {
  return compareBytes(a.row, b.row);
}

/** Family, then qualifier. */
export function compareColumns(a: Cell, b: Cell): number {
  const byFamily = compareBytes(a.family, b.family);
  if (byFamily !== 0) return byFamily;
  return compareBytes(a.qualifier, b.qualifier);
}

/**
 * Everything after the row. A key with no column and type Minimum is "last on row": there is no
 * lexicographically last column, so HBase gives that key the rule instead. Where HBase returns 1
 * when both sides are such keys (so compare(k, k) = 1), we go on to the remaining fields, which
 * keeps the order total; the two agree whenever exactly one side is last on row.
 */
export function compareWithoutRow(a: Cell, b: Cell): number {
  const aLast = isLastOnRowKey(a);
  if (aLast !== isLastOnRowKey(b)) return aLast ? 1 : -1;
  const byColumn = compareColumns(a, b);
  if (byColumn !== 0) return byColumn;
  // Newest version first; at equal timestamps delete markers (higher codes) before Puts; then the
  // newer write (higher sequence id) first.
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp ? -1 : 1;
  if (a.type !== b.type) return a.type > b.type ? -1 : 1;
  if (a.sequenceId !== b.sequenceId) return a.sequenceId > b.sequenceId ? -1 : 1;
  return 0;
}

/** True for the search key `lastOnRow` builds (HBase: empty family and qualifier, type Minimum). */
export function isLastOnRowKey(cell: Cell): boolean {
  return cell.type === CellType.Minimum && cell.family.length === 0 && cell.qualifier.length === 0;
}

// ---- Search keys: cells that are never stored, used to seek scanners and bound ranges ----

function searchKey(
  row: Uint8Array,
  family: Uint8Array,
  qualifier: Uint8Array,
  timestamp: number,
  type: CellType,
): Cell {
  return {
    row: asBuffer(row),
    family: asBuffer(family),
    qualifier: asBuffer(qualifier),
    timestamp,
    type,
    value: EMPTY_BYTES,
    sequenceId: 0,
  };
}

/** A Buffer as itself (the common case, checked first), any other bytes through toBytes. */
function asBuffer(bytes: Uint8Array): Buffer {
  return bytes instanceof Buffer ? bytes : toBytes(bytes);
}

/** Sorts before every cell of `row` (HBase `createFirstOnRow`: no column, latest, Maximum). */
export function firstOnRow(row: Uint8Array): Cell {
  return searchKey(row, EMPTY_BYTES, EMPTY_BYTES, LATEST_TIMESTAMP, CellType.Maximum);
}

/** Sorts after every cell of `row`, before every cell of later rows (HBase `createLastOnRow`). */
export function lastOnRow(row: Uint8Array): Cell {
  return searchKey(row, EMPTY_BYTES, EMPTY_BYTES, OLDEST_TIMESTAMP, CellType.Minimum);
}

/** Sorts before every version and marker of the column (HBase `createFirstOnRowCol`). */
export function firstOnColumn(row: Uint8Array, family: Uint8Array, qualifier: Uint8Array): Cell {
  return searchKey(row, family, qualifier, LATEST_TIMESTAMP, CellType.Maximum);
}

/**
 * Sorts after every version and marker of the column and before the next column (HBase
 * `createLastOnRowCol`). With an empty family it is `lastOnRow`.
 */
export function lastOnColumn(row: Uint8Array, family: Uint8Array, qualifier: Uint8Array): Cell {
  return searchKey(row, family, qualifier, OLDEST_TIMESTAMP, CellType.Minimum);
}
