// The memstore's sorted structure: cells in compareCells order held in chunks of at most
// CELL_SET_CHUNK_CELLS_MAX, with each chunk's last cell as its search key. Each chunk keeps its
// cells' rows as latin1 strings beside them: string order on latin1 is unsigned byte order, and a
// string compare touches one object where a Buffer compare chases three (the cost of a random
// insert is memory latency, not arithmetic). Invariant: chunks are non-empty, internally sorted,
// and every cell of chunk i sorts before every cell of chunk i+1.
import { type Cell, compareWithoutRow } from '../../common/index.js';
import { CELL_SET_CHUNK_CELLS_MAX } from '../limits.js';

interface Chunk {
  /** rows[i] is cells[i].row as a latin1 string. */
  rows: string[];
  cells: Cell[];
}

export function compareKeys(rowA: string, a: Cell, rowB: string, b: Cell): number {
  if (rowA !== rowB) return rowA < rowB ? -1 : 1;
  return compareWithoutRow(a, b);
}

export class CellSet {
  readonly #chunks: Chunk[] = [];
  /** Each chunk's last row and cell, side by side, so the chunk search touches only these. */
  readonly #lastRows: string[] = [];
  readonly #lastCells: Cell[] = [];
  #size = 0;
  #version = 0;

  /** A set holding these cells, which must be sorted and distinct under compareCells. */
  static fromSorted(rows: readonly string[], cells: readonly Cell[]): CellSet {
    const set = new CellSet();
    // Chunks start half full, so that later inserts do not split every one of them at once.
    const step = Math.max(1, CELL_SET_CHUNK_CELLS_MAX >> 1);
    for (let start = 0; start < cells.length; start += step) {
      set.#chunks.push({
        rows: rows.slice(start, start + step),
        cells: cells.slice(start, start + step),
      });
      set.#lastRows.push('');
      set.#lastCells.push(cells[start] as Cell);
      set.#refreshLast(set.#chunks.length - 1);
    }
    set.#size = cells.length;
    return set;
  }

  get size(): number {
    return this.#size;
  }

  /** Changes on every insert or removal; cursors compare it to know they must re-seek. */
  get version(): number {
    return this.#version;
  }

  /** Inserts `cell`; a cell equal under compareCells (same key and sequence id) is replaced. */
  add(cell: Cell): void {
    this.#version++;
    const row = cell.row.toString('latin1');
    if (this.#chunks.length === 0) {
      this.#chunks.push({ rows: [row], cells: [cell] });
      this.#lastRows.push(row);
      this.#lastCells.push(cell);
      this.#size = 1;
      return;
    }
    const chunkIndex = this.#chunkFor(row, cell);
    const chunk = this.#chunks[chunkIndex] as Chunk;
    const at = lowerBound(chunk, row, cell);
    const existing = chunk.cells[at];
    if (
      existing !== undefined &&
      compareKeys(chunk.rows[at] as string, existing, row, cell) === 0
    ) {
      chunk.cells[at] = cell;
      this.#refreshLast(chunkIndex);
      return;
    }
    chunk.rows.splice(at, 0, row);
    chunk.cells.splice(at, 0, cell);
    this.#size++;
    if (chunk.cells.length > CELL_SET_CHUNK_CELLS_MAX) {
      const half = chunk.cells.length >> 1;
      const upper = { rows: chunk.rows.splice(half), cells: chunk.cells.splice(half) };
      this.#chunks.splice(chunkIndex + 1, 0, upper);
      this.#lastRows.splice(chunkIndex + 1, 0, '');
      this.#lastCells.splice(chunkIndex + 1, 0, cell);
      this.#refreshLast(chunkIndex + 1);
    }
    this.#refreshLast(chunkIndex);
  }

  #refreshLast(chunkIndex: number): void {
    const chunk = this.#chunks[chunkIndex] as Chunk;
    const last = chunk.cells.length - 1;
    this.#lastRows[chunkIndex] = chunk.rows[last] as string;
    this.#lastCells[chunkIndex] = chunk.cells[last] as Cell;
  }

  /** Removes the cell equal to `cell` under compareCells; false when absent. */
  remove(cell: Cell): boolean {
    if (this.#chunks.length === 0) return false;
    const row = cell.row.toString('latin1');
    const chunkIndex = this.#chunkFor(row, cell);
    const chunk = this.#chunks[chunkIndex] as Chunk;
    const at = lowerBound(chunk, row, cell);
    const existing = chunk.cells[at];
    if (
      existing === undefined ||
      compareKeys(chunk.rows[at] as string, existing, row, cell) !== 0
    ) {
      return false;
    }
    chunk.rows.splice(at, 1);
    chunk.cells.splice(at, 1);
    this.#size--;
    this.#version++;
    if (chunk.cells.length === 0) {
      this.#chunks.splice(chunkIndex, 1);
      this.#lastRows.splice(chunkIndex, 1);
      this.#lastCells.splice(chunkIndex, 1);
    } else {
      this.#refreshLast(chunkIndex);
    }
    return true;
  }

  /** The position of the first cell >= key: [chunk, index], or past the end. */
  lowerBound(key: Cell): [number, number] {
    if (this.#chunks.length === 0) return [0, 0];
    const row = key.row.toString('latin1');
    const chunkIndex = this.#chunkFor(row, key);
    const chunk = this.#chunks[chunkIndex] as Chunk;
    const at = lowerBound(chunk, row, key);
    if (at < chunk.cells.length) return [chunkIndex, at];
    return [chunkIndex + 1, 0];
  }

  /** The last cell < key, or undefined. */
  lastBefore(key: Cell): Cell | undefined {
    const [chunkIndex, index] = this.lowerBound(key);
    if (index > 0) return this.#chunks[chunkIndex]?.cells[index - 1];
    const previous = this.#chunks[chunkIndex - 1];
    return previous?.cells[previous.cells.length - 1];
  }

  /** The last cell of the set, or undefined. */
  last(): Cell | undefined {
    const chunk = this.#chunks[this.#chunks.length - 1];
    return chunk?.cells[chunk.cells.length - 1];
  }

  /** The cell at a position, or undefined past the end. */
  at(chunkIndex: number, index: number): Cell | undefined {
    return this.#chunks[chunkIndex]?.cells[index];
  }

  /** The position after [chunk, index] (past the end stays past the end). */
  step(chunkIndex: number, index: number): [number, number] {
    const chunk = this.#chunks[chunkIndex];
    if (chunk === undefined) return [chunkIndex, index];
    return index + 1 < chunk.cells.length ? [chunkIndex, index + 1] : [chunkIndex + 1, 0];
  }

  *[Symbol.iterator](): IterableIterator<Cell> {
    for (const chunk of this.#chunks) yield* chunk.cells;
  }

  /** Every cell with its row string, in order (for merging). */
  *entries(): IterableIterator<[string, Cell]> {
    for (const chunk of this.#chunks) {
      for (let i = 0; i < chunk.cells.length; i++) {
        yield [chunk.rows[i] as string, chunk.cells[i] as Cell];
      }
    }
  }

  /** The chunk whose range holds the key: the first chunk whose last cell is >= it, else the last. */
  #chunkFor(row: string, key: Cell): number {
    let lo = 0;
    let hi = this.#chunks.length - 1;
    const rows = this.#lastRows;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const lastRow = rows[mid] as string;
      const c =
        lastRow !== row
          ? lastRow < row
            ? -1
            : 1
          : compareWithoutRow(this.#lastCells[mid] as Cell, key);
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Index of the first cell >= key in a chunk. */
function lowerBound(chunk: Chunk, row: string, key: Cell): number {
  let lo = 0;
  let hi = chunk.cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(chunk.rows[mid] as string, chunk.cells[mid] as Cell, row, key) < 0)
      lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
