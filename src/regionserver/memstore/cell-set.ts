// The memstore's sorted structure: cells in compareCells order held in chunks of at most
// CELL_SET_CHUNK_CELLS_MAX, with each chunk's last cell as its search key. Invariant: chunks are
// non-empty, internally sorted, and every cell of chunk i sorts before every cell of chunk i+1.
// Cursors survive inserts by remembering the set's version and re-seeking after a change.
import { assert, type Cell, compareCells } from '../../common/index.js';
import { CELL_SET_CHUNK_CELLS_MAX } from '../limits.js';

export class CellSet {
  readonly #chunks: Cell[][] = [];
  #size = 0;
  #version = 0;

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
    if (this.#chunks.length === 0) {
      this.#chunks.push([cell]);
      this.#size = 1;
      return;
    }
    const chunkIndex = this.#chunkFor(cell);
    const chunk = this.#chunks[chunkIndex] as Cell[];
    const at = lowerBound(chunk, cell);
    const existing = chunk[at];
    if (existing !== undefined && compareCells(existing, cell) === 0) {
      chunk[at] = cell;
      return;
    }
    chunk.splice(at, 0, cell);
    this.#size++;
    if (chunk.length > CELL_SET_CHUNK_CELLS_MAX) {
      const upper = chunk.splice(chunk.length >> 1);
      this.#chunks.splice(chunkIndex + 1, 0, upper);
    }
  }

  /** Removes the cell equal to `cell` under compareCells; false when absent. */
  remove(cell: Cell): boolean {
    if (this.#chunks.length === 0) return false;
    const chunkIndex = this.#chunkFor(cell);
    const chunk = this.#chunks[chunkIndex] as Cell[];
    const at = lowerBound(chunk, cell);
    const existing = chunk[at];
    if (existing === undefined || compareCells(existing, cell) !== 0) return false;
    chunk.splice(at, 1);
    this.#size--;
    this.#version++;
    if (chunk.length === 0) this.#chunks.splice(chunkIndex, 1);
    return true;
  }

  /** The position of the first cell >= key: [chunk, index], or past the end. */
  lowerBound(key: Cell): [number, number] {
    if (this.#chunks.length === 0) return [0, 0];
    const chunkIndex = this.#chunkFor(key);
    const chunk = this.#chunks[chunkIndex] as Cell[];
    const at = lowerBound(chunk, key);
    if (at < chunk.length) return [chunkIndex, at];
    return [chunkIndex + 1, 0];
  }

  /** The last cell < key, or undefined. */
  lastBefore(key: Cell): Cell | undefined {
    const [chunkIndex, index] = this.lowerBound(key);
    if (index > 0) return this.#chunks[chunkIndex]?.[index - 1];
    const previous = this.#chunks[chunkIndex - 1];
    return previous?.[previous.length - 1];
  }

  /** The last cell of the set, or undefined. */
  last(): Cell | undefined {
    const chunk = this.#chunks[this.#chunks.length - 1];
    return chunk?.[chunk.length - 1];
  }

  /** The cell at a position, or undefined past the end. */
  at(chunkIndex: number, index: number): Cell | undefined {
    return this.#chunks[chunkIndex]?.[index];
  }

  /** The position after [chunk, index]. */
  step(chunkIndex: number, index: number): [number, number] {
    const chunk = this.#chunks[chunkIndex];
    assert(chunk !== undefined, 'stepping past the end of a cell set');
    return index + 1 < chunk.length ? [chunkIndex, index + 1] : [chunkIndex + 1, 0];
  }

  *[Symbol.iterator](): IterableIterator<Cell> {
    for (const chunk of this.#chunks) yield* chunk;
  }

  /** The chunk whose range holds `key`: the first chunk whose last cell is >= key, else the last. */
  #chunkFor(key: Cell): number {
    let lo = 0;
    let hi = this.#chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.#chunks[mid] as Cell[];
      if (compareCells(chunk[chunk.length - 1] as Cell, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Index of the first cell >= key in a sorted array. */
function lowerBound(cells: readonly Cell[], key: Cell): number {
  let lo = 0;
  let hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareCells(cells[mid] as Cell, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
