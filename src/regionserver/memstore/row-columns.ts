// One row's memstore cells, by column: the segment's row index for Gets. A column of one version
// is the cell itself (a row of single versions costs what a plain list of its cells would); a
// column of more keeps its versions newest last (the reverse of cell order), so a write with a
// fresh timestamp appends, and a Get reaches a column's newest version without stepping over the
// older ones. A row that takes thousands of updates (a Zipfian-hot key) stays as cheap to read
// and write as a cold one.
//
// Readers take a view (the column array and each column's length) and never copy cells. Writers
// keep views valid: they change arrays in place only by appending (a new newest version, which
// may turn a lone cell into [cell, newer]; a new last column), which a view's lengths hide; every
// other change (an insert in the middle, a replacement, a removal) builds new arrays and leaves
// the old ones to the views that hold them.
import { type Cell, compareColumns, compareWithoutRow } from '../../common/index.js';

/** One column: its only version, or its versions newest last. */
export type Column = Cell | Cell[];

/**
 * A reader's stable picture of a row: its first `count` columns, `columns[i]` holding `lengths[i]`
 * versions newest last (no `lengths`: one version each, the common case, with no array made).
 */
export interface RowView {
  readonly columns: readonly Column[];
  readonly count: number;
  readonly lengths: readonly number[] | undefined;
}

/** A column's oldest version (any version names the column). */
export function oldestOf(column: Column): Cell {
  return Array.isArray(column) ? (column[0] as Cell) : column;
}

/** The `k`-th newest of the column's first `length` versions. */
export function versionOf(column: Column, length: number, k: number): Cell | undefined {
  if (Array.isArray(column)) return column[length - 1 - k];
  return k === 0 ? column : undefined;
}

export class RowColumns {
  /** Columns in column order. */
  #columns: Column[] = [];

  /** A row whose first cell is `cell`. */
  static holding(cell: Cell): RowColumns {
    const row = new RowColumns();
    row.#columns.push(cell);
    return row;
  }

  get empty(): boolean {
    return this.#columns.length === 0;
  }

  /** Adds a cell; returns the equal cell (same key and sequence id) it replaced, if any. */
  add(cell: Cell): Cell | undefined {
    const columns = this.#columns;
    const at = findColumn(columns, cell);
    const column = columns[at];
    if (column === undefined || compareColumns(oldestOf(column), cell) !== 0) {
      if (at === columns.length) columns.push(cell);
      else this.#columns = withSlot(columns, at, 0, cell);
      return undefined;
    }
    if (!Array.isArray(column)) {
      const order = compareWithoutRow(cell, column);
      if (order < 0) columns[at] = [column, cell];
      else this.#columns = withSlot(columns, at, 1, order === 0 ? cell : [cell, column]);
      return order === 0 ? column : undefined;
    }
    if (compareWithoutRow(cell, column[column.length - 1] as Cell) < 0) {
      column.push(cell);
      return undefined;
    }
    const slot = findVersion(column, cell);
    const existing = column[slot];
    const replacing = existing !== undefined && compareWithoutRow(existing, cell) === 0;
    this.#columns = withSlot(columns, at, 1, withSlot(column, slot, replacing ? 1 : 0, cell));
    return replacing ? existing : undefined;
  }

  /** Takes out the cell equal to `cell` (same key and sequence id) and returns it, if present. */
  remove(cell: Cell): Cell | undefined {
    const columns = this.#columns;
    const at = findColumn(columns, cell);
    const column = columns[at];
    if (column === undefined) return undefined;
    const versions = Array.isArray(column) ? column : [column];
    const slot = findVersion(versions, cell);
    const existing = versions[slot];
    if (existing === undefined || compareWithoutRow(existing, cell) !== 0) return undefined;
    this.#columns =
      versions.length === 1
        ? withSlot(columns, at, 1)
        : withSlot(columns, at, 1, withSlot(versions, slot, 1));
    return existing;
  }

  /** What a reader sees from now on, however the row changes after. */
  view(): RowView {
    const columns = this.#columns;
    const count = columns.length;
    let lengths: number[] | undefined;
    for (let i = 0; i < count; i++) {
      const column = columns[i] as Column;
      if (!Array.isArray(column)) continue;
      lengths ??= new Array<number>(count).fill(1);
      lengths[i] = column.length;
    }
    return { columns, count, lengths };
  }

  /** Every cell of the row in cell order (a copy). */
  cells(): Cell[] {
    const out: Cell[] = [];
    for (const column of this.#columns) {
      if (!Array.isArray(column)) out.push(column);
      else for (let i = column.length - 1; i >= 0; i--) out.push(column[i] as Cell);
    }
    return out;
  }
}

/** The first column at or after `cell`'s column (columns.length when there is none). */
export function findColumn(columns: readonly Column[], cell: Cell): number {
  const last = columns[columns.length - 1];
  if (last === undefined || compareColumns(oldestOf(last), cell) < 0) return columns.length;
  let lo = 0;
  let hi = columns.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareColumns(oldestOf(columns[mid] as Column), cell) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * In one column's versions (newest last), the first index whose cell is at or before `cell` in
 * cell order: where `cell` is, or goes.
 */
function findVersion(versions: readonly Cell[], cell: Cell): number {
  let lo = 0;
  let hi = versions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareWithoutRow(versions[mid] as Cell, cell) > 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A copy of `items` with `drop` items at `at` replaced by `insert` (if given). */
function withSlot<T>(items: readonly T[], at: number, drop: number, insert?: T): T[] {
  const out = items.slice(0, at);
  if (insert !== undefined) out.push(insert);
  for (let i = at + drop; i < items.length; i++) out.push(items[i] as T);
  return out;
}
