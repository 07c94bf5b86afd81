// One memstore segment: writes append to an unsorted tail and to a per-row index; the sorted cell
// set absorbs the tail only when a scan or flush needs order (one sort and one linear merge instead
// of a sorted insert per write, whose cost is cache misses). Gets read their row from the index
// (row-columns.ts: by column, versions newest last).
// A row of one cell (a PE row, a fresh row of one column) is indexed by the cell itself, which
// spares the two objects per row (RowColumns and its array) that the garbage collector would
// otherwise mark on every cycle while the memstore fills.
// Invariant: every cell is in the row index and in exactly one of tail and sorted set, once.
import { type Cell, compareWithoutRow } from '../../common/index.js';
import { CellSet, compareKeys } from './cell-set.js';
import { RowColumns, type RowView } from './row-columns.js';
import { TailLog } from './tail.js';
import { tailOrder } from './tail-order.js';

/** Below this tail size (relative to the sorted set) a merge inserts one by one, not rebuilds. */
const MERGE_REBUILD_FRACTION = 16;

export class MemstoreSegment {
  #sorted = new CellSet();
  readonly #tail = new TailLog();
  /** Each row's cells: the cell itself while it is the row's only one. */
  readonly #byRow = new Map<string, Cell | RowColumns>();
  #size = 0;
  /**
   * The row Buffer added last and its latin1 string. The cells of one Put share their row's
   * Buffer, so all but the first reuse the string: the tail then holds one heap string per row
   * of a Put, not one per cell (a YCSB record of ten fields: a tenth of the strings, which the
   * collector marks on every mark-compact until the flush).
   */
  #lastRow: Buffer | undefined;
  #lastRowKey = '';

  get size(): number {
    return this.#size;
  }

  /** Adds a cell; false when it replaced an equal one (same key and sequence id). */
  add(cell: Cell): boolean {
    const row = this.#rowKey(cell.row);
    const entry = this.#byRow.get(row);
    let replaced: Cell | undefined;
    if (entry === undefined) {
      this.#byRow.set(row, cell);
    } else if (entry instanceof RowColumns) {
      replaced = entry.add(cell);
    } else if (compareWithoutRow(entry, cell) === 0) {
      this.#byRow.set(row, cell);
      replaced = entry;
    } else {
      const columns = RowColumns.holding(entry);
      columns.add(cell);
      this.#byRow.set(row, columns);
    }
    if (replaced !== undefined) {
      this.#replace(row, replaced, cell);
      return false;
    }
    this.#tail.push(row, cell);
    this.#size++;
    return true;
  }

  /** Takes an added cell back out; false when it is not here. */
  remove(cell: Cell): boolean {
    const row = this.#rowKey(cell.row);
    const entry = this.#byRow.get(row);
    let existing: Cell | undefined;
    if (entry instanceof RowColumns) {
      existing = entry.remove(cell);
      if (entry.empty) this.#byRow.delete(row);
    } else if (entry !== undefined && compareWithoutRow(entry, cell) === 0) {
      existing = entry;
      this.#byRow.delete(row);
    }
    if (existing === undefined) return false;
    if (!this.#tail.remove(existing)) this.#sorted.remove(existing);
    this.#size--;
    return true;
  }

  /** The row's cells in cell order (a copy). */
  rowCells(row: Buffer): Cell[] {
    const entry = this.#byRow.get(row.toString('latin1'));
    if (entry === undefined) return [];
    return entry instanceof RowColumns ? entry.cells() : [entry];
  }

  /** A reader's stable view of the row's cells (undefined: the row has none here). */
  rowView(row: Buffer): RowView | undefined {
    const entry = this.#byRow.get(row.toString('latin1'));
    if (entry === undefined) return undefined;
    return entry instanceof RowColumns
      ? entry.view()
      : { columns: [entry], count: 1, lengths: undefined };
  }

  /** Every cell in order: the tail is sorted and merged in first. */
  sorted(): CellSet {
    if (this.#tail.length === 0) return this.#sorted;
    const { rows, cells } = this.#tail.drain();
    const order = tailOrder(rows, cells);
    if (order.length * MERGE_REBUILD_FRACTION < this.#sorted.size) {
      for (const i of order) this.#sorted.add(cells[i] as Cell);
      return this.#sorted;
    }
    // Scanners of the old set keep it: what they lack is newer than their read point.
    this.#sorted = merge(this.#sorted, order, rows, cells);
    return this.#sorted;
  }

  *[Symbol.iterator](): IterableIterator<Cell> {
    yield* this.sorted();
  }

  #rowKey(row: Buffer): string {
    if (row !== this.#lastRow) {
      this.#lastRow = row;
      this.#lastRowKey = row.toString('latin1');
    }
    return this.#lastRowKey;
  }

  /** An equal cell was replaced in the row index: replace it where it sits. */
  #replace(row: string, old: Cell, cell: Cell): void {
    if (!this.#tail.replace(old, row, cell)) this.#sorted.add(cell);
  }
}

function merge(
  set: CellSet,
  order: readonly number[],
  rows: readonly string[],
  cells: readonly Cell[],
): CellSet {
  const outRows: string[] = [];
  const outCells: Cell[] = [];
  let next = 0;
  for (const [row, cell] of set.entries()) {
    while (next < order.length) {
      const i = order[next] as number;
      if (compareKeys(rows[i] as string, cells[i] as Cell, row, cell) >= 0) break;
      outRows.push(rows[i] as string);
      outCells.push(cells[i] as Cell);
      next++;
    }
    outRows.push(row);
    outCells.push(cell);
  }
  for (; next < order.length; next++) {
    const i = order[next] as number;
    outRows.push(rows[i] as string);
    outCells.push(cells[i] as Cell);
  }
  return CellSet.fromSorted(outRows, outCells);
}
