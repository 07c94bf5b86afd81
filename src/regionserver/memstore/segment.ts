// One memstore segment: writes append to an unsorted tail and to a per-row index; the sorted cell
// set absorbs the tail only when a scan or flush needs order (one sort and one linear merge instead
// of a sorted insert per write, whose cost is cache misses). Gets read their row from the index
// (row-columns.ts: by column, versions newest last).
// A row of one cell (a PE row, a fresh row of one column) is indexed by the cell itself, which
// spares the two objects per row (RowColumns and its array) that the garbage collector would
// otherwise mark on every cycle while the memstore fills.
// The index is built lazily: a write that cannot meet an equal cell (same key and sequence id)
// goes to a pending log, and the index takes the pending cells in only when something reads it (a
// Get, a removal). Equal cells share a sequence id; while the sequence ids written never go down,
// the cells of one id are one run of adds, and a map of the run's cells by row finds the equal
// cell a write replaces. So a write-only spell (PE's random
// writes, a load) never probes a map of 100,000 rows, two cache misses per write; a sequence id
// going down (a restored snapshot, a replay) makes the segment index every write at once.
// Invariant: every cell is in exactly one of tail and sorted set, once, and in exactly one of the
// row index and the pending log; no pending cell has an equal cell in the segment.
import { assert, type Cell, compareWithoutRow } from '../../common/index.js';
import { CellSet, compareKeys } from './cell-set.js';
import { RowColumns, type RowView } from './row-columns.js';
import { TailLog } from './tail.js';
import { tailOrder } from './tail-order.js';

/** Below this tail size (relative to the sorted set) a merge inserts one by one, not rebuilds. */
const MERGE_REBUILD_FRACTION = 16;
/** A row's cells in one run compared with each new one; past this, the row's writes are indexed. */
const RUN_ROW_CELLS_MAX = 16;
/** #checkRun's answer when a write must go into the index at once (and a row's mark for it). */
const INDEX_NOW: unique symbol = Symbol('index now');

export class MemstoreSegment {
  #sorted = new CellSet();
  readonly #tail = new TailLog();
  /** Each row's cells: the cell itself while it is the row's only one. */
  readonly #byRow = new Map<string, Cell | RowColumns>();
  /** Cells added but not yet in #byRow, in the order added. */
  readonly #pending = new TailLog();
  /** Whether writes may wait in #pending: until a sequence id goes down. */
  #lazy = true;
  /** The sequence id of the current run of adds, and the cells that run has written, by row. */
  #runSequenceId = -1;
  #runCells = new Map<string, Cell | Cell[] | typeof INDEX_NOW>();
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
    if (this.#lazy) {
      const verdict = this.#checkRun(row, cell);
      if (verdict === undefined) {
        this.#pending.push(row, cell);
        this.#tail.push(row, cell);
        this.#size++;
        return true;
      }
      if (verdict !== INDEX_NOW) {
        // An equal cell of this run: it is pending, or indexed by a catch-up since.
        if (!this.#pending.replace(verdict, row, cell)) this.#index(row, cell);
        this.#replace(row, verdict, cell);
        return false;
      }
      this.#catchUp();
    }
    const replaced = this.#index(row, cell);
    if (replaced !== undefined) {
      this.#replace(row, replaced, cell);
      return false;
    }
    this.#tail.push(row, cell);
    this.#size++;
    return true;
  }

  /**
   * Checks `cell` against the current run's cells of its row: undefined when it has no equal
   * there (nor anywhere in the segment), so its indexing may wait; the equal cell it replaces;
   * or INDEX_NOW when the run cannot tell (a sequence id went down, a row of too many cells).
   */
  #checkRun(row: string, cell: Cell): Cell | typeof INDEX_NOW | undefined {
    const sequenceId = cell.sequenceId;
    if (sequenceId !== this.#runSequenceId) {
      if (sequenceId < this.#runSequenceId) {
        this.#lazy = false;
        return INDEX_NOW;
      }
      this.#runSequenceId = sequenceId;
      if (this.#runCells.size > 0) this.#runCells = new Map();
    }
    const seen = this.#runCells.get(row);
    if (seen === undefined) {
      this.#runCells.set(row, cell);
      return undefined;
    }
    if (seen === INDEX_NOW) return INDEX_NOW;
    if (!Array.isArray(seen)) {
      if (compareWithoutRow(seen, cell) === 0) {
        this.#runCells.set(row, cell);
        return seen;
      }
      this.#runCells.set(row, [seen, cell]);
      return undefined;
    }
    for (let i = 0; i < seen.length; i++) {
      const other = seen[i] as Cell;
      if (compareWithoutRow(other, cell) === 0) {
        seen[i] = cell;
        return other;
      }
    }
    if (seen.length >= RUN_ROW_CELLS_MAX) {
      // The row's later cells of this run go into the index, which alone then knows them all.
      this.#runCells.set(row, INDEX_NOW);
      return INDEX_NOW;
    }
    seen.push(cell);
    return undefined;
  }

  /** Puts the cell in the row index; returns the equal cell it replaced there, if any. */
  #index(row: string, cell: Cell): Cell | undefined {
    const entry = this.#byRow.get(row);
    if (entry === undefined) {
      this.#byRow.set(row, cell);
      return undefined;
    }
    if (entry instanceof RowColumns) return entry.add(cell);
    if (compareWithoutRow(entry, cell) === 0) {
      this.#byRow.set(row, cell);
      return entry;
    }
    const columns = RowColumns.holding(entry);
    columns.add(cell);
    this.#byRow.set(row, columns);
    return undefined;
  }

  /** Indexes the pending cells. */
  #catchUp(): void {
    if (this.#pending.length === 0) return;
    const { rows, cells } = this.#pending.drain();
    for (let i = 0; i < cells.length; i++) {
      const replaced = this.#index(rows[i] as string, cells[i] as Cell);
      if (replaced !== undefined) assert(false, 'a pending memstore cell had an equal cell');
    }
  }

  /** Takes an added cell back out; false when it is not here. */
  remove(cell: Cell): boolean {
    this.#catchUp();
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
    this.#forgetInRun(row, existing);
    this.#size--;
    return true;
  }

  /** A removed cell leaves the run's cells too, so that a later equal write is not a replacement. */
  #forgetInRun(row: string, cell: Cell): void {
    const seen = this.#runCells.get(row);
    if (seen === cell) this.#runCells.delete(row);
    else if (Array.isArray(seen) && seen.includes(cell)) {
      this.#runCells.set(
        row,
        seen.filter((c) => c !== cell),
      );
    }
  }

  /** The row's cells in cell order (a copy). */
  rowCells(row: Buffer): Cell[] {
    this.#catchUp();
    const entry = this.#byRow.get(row.toString('latin1'));
    if (entry === undefined) return [];
    return entry instanceof RowColumns ? entry.cells() : [entry];
  }

  /** A reader's stable view of the row's cells (undefined: the row has none here). */
  rowView(row: Buffer): RowView | undefined {
    this.#catchUp();
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
