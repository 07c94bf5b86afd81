// One memstore segment: writes append to an unsorted tail and to a per-row index; the sorted cell
// set absorbs the tail only when a scan or flush needs order (one sort and one linear merge instead
// of a sorted insert per write, whose cost is cache misses). Gets read their row from the index
// (row-columns.ts: by column, versions newest last).
// Invariant: every cell is in the row index and in exactly one of tail and sorted set, once.
import type { Cell } from '../../common/index.js';
import { CellSet, compareKeys } from './cell-set.js';
import { RowColumns, type RowView } from './row-columns.js';

/** Below this tail size (relative to the sorted set) a merge inserts one by one, not rebuilds. */
const MERGE_REBUILD_FRACTION = 16;

export class MemstoreSegment {
  #sorted = new CellSet();
  #tailRows: string[] = [];
  #tailCells: Cell[] = [];
  readonly #byRow = new Map<string, RowColumns>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds a cell; false when it replaced an equal one (same key and sequence id). */
  add(cell: Cell): boolean {
    const row = cell.row.toString('latin1');
    let columns = this.#byRow.get(row);
    if (columns === undefined) {
      columns = new RowColumns();
      this.#byRow.set(row, columns);
    }
    const replaced = columns.add(cell);
    if (replaced !== undefined) {
      this.#replace(row, replaced, cell);
      return false;
    }
    this.#tailRows.push(row);
    this.#tailCells.push(cell);
    this.#size++;
    return true;
  }

  /** Takes an added cell back out; false when it is not here. */
  remove(cell: Cell): boolean {
    const row = cell.row.toString('latin1');
    const columns = this.#byRow.get(row);
    const existing = columns?.remove(cell);
    if (columns === undefined || existing === undefined) return false;
    if (columns.empty) this.#byRow.delete(row);
    const inTail = this.#tailCells.lastIndexOf(existing);
    if (inTail >= 0) {
      this.#tailCells.splice(inTail, 1);
      this.#tailRows.splice(inTail, 1);
    } else {
      this.#sorted.remove(existing);
    }
    this.#size--;
    return true;
  }

  /** The row's cells in cell order (a copy). */
  rowCells(row: Buffer): Cell[] {
    return this.#byRow.get(row.toString('latin1'))?.cells() ?? [];
  }

  /** A reader's stable view of the row's cells (undefined: the row has none here). */
  rowView(row: Buffer): RowView | undefined {
    return this.#byRow.get(row.toString('latin1'))?.view();
  }

  /** Every cell in order: the tail is sorted and merged in first. */
  sorted(): CellSet {
    if (this.#tailCells.length === 0) return this.#sorted;
    const order = this.#tailCells.map((_, i) => i);
    const rows = this.#tailRows;
    const cells = this.#tailCells;
    order.sort((a, b) =>
      compareKeys(rows[a] as string, cells[a] as Cell, rows[b] as string, cells[b] as Cell),
    );
    this.#tailRows = [];
    this.#tailCells = [];
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

  /** An equal cell was replaced in the row index: replace it where it sits. */
  #replace(row: string, old: Cell, cell: Cell): void {
    const inTail = this.#tailCells.lastIndexOf(old);
    if (inTail >= 0) {
      this.#tailCells[inTail] = cell;
      this.#tailRows[inTail] = row;
    } else {
      this.#sorted.add(cell);
    }
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
