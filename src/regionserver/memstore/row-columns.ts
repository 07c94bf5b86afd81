// One row's memstore cells, by column: the segment's row index for Gets. Each column keeps its
// versions newest last (the reverse of cell order), so a write with a fresh timestamp appends,
// and a Get reaches a column's newest version without stepping over the older ones. A row that
// takes thousands of updates (a Zipfian-hot key) stays as cheap to read and write as a cold one.
//
// Readers take a view (the column array and each column's length) and never copy cells. Writers
// keep views valid: they change arrays in place only by appending (a new newest version, a new
// last column), which a view's lengths hide; every other change (an insert in the middle, a
// replacement, a removal) builds new arrays and leaves the old ones to the views that hold them.
import { type Cell, compareColumns, compareWithoutRow } from '../../common/index.js';

/** A reader's stable picture of a row: `columns[i]` holds `lengths[i]` versions, newest last. */
export interface RowView {
  readonly columns: readonly (readonly Cell[])[];
  readonly lengths: readonly number[];
}

export class RowColumns {
  /** Columns in column order; each is non-empty and holds its versions newest last. */
  #columns: Cell[][] = [];

  get empty(): boolean {
    return this.#columns.length === 0;
  }

  /** Adds a cell; returns the equal cell (same key and sequence id) it replaced, if any. */
  add(cell: Cell): Cell | undefined {
    const columns = this.#columns;
    const at = findColumn(columns, cell);
    const versions = columns[at];
    if (versions === undefined || compareColumns(versions[0] as Cell, cell) !== 0) {
      if (at === columns.length) columns.push([cell]);
      else this.#columns = withSlot(columns, at, 0, [cell]);
      return undefined;
    }
    const newest = versions[versions.length - 1] as Cell;
    if (compareWithoutRow(cell, newest) < 0) {
      versions.push(cell);
      return undefined;
    }
    const slot = findVersion(versions, cell);
    const existing = versions[slot];
    const replacing = existing !== undefined && compareWithoutRow(existing, cell) === 0;
    this.#columns = withSlot(columns, at, 1, withSlot(versions, slot, replacing ? 1 : 0, cell));
    return replacing ? existing : undefined;
  }

  /** Takes out the cell equal to `cell` (same key and sequence id) and returns it, if present. */
  remove(cell: Cell): Cell | undefined {
    const columns = this.#columns;
    const at = findColumn(columns, cell);
    const versions = columns[at];
    if (versions === undefined) return undefined;
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
    const lengths = new Array<number>(columns.length);
    for (let i = 0; i < columns.length; i++) lengths[i] = (columns[i] as Cell[]).length;
    return { columns, lengths };
  }

  /** Every cell of the row in cell order (a copy). */
  cells(): Cell[] {
    const out: Cell[] = [];
    for (const versions of this.#columns) {
      for (let i = versions.length - 1; i >= 0; i--) out.push(versions[i] as Cell);
    }
    return out;
  }
}

/** The first column at or after `cell`'s column (columns.length when there is none). */
export function findColumn(columns: readonly (readonly Cell[])[], cell: Cell): number {
  const last = columns[columns.length - 1];
  if (last === undefined || compareColumns(last[0] as Cell, cell) < 0) return columns.length;
  let lo = 0;
  let hi = columns.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareColumns((columns[mid] as Cell[])[0] as Cell, cell) < 0) lo = mid + 1;
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
