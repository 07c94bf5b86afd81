// A memstore segment's unsorted tail: the rows and cells written since its last sort, in order,
// kept in chunks of TAIL_CHUNK_ENTRIES. One array of a memstore's 100,000 and more cells is
// copied each time it grows by half, and in V8 an array that large lives in the large-object
// space, where every new backing store is fresh memory, faulted in page by page (about half of a
// segment's add in isolation). Chunks stay in the heap's ordinary pages, which the collector
// reuses, and are never copied. Pure.
import type { Cell } from '../../common/index.js';

/** Entries of one chunk: 32 KiB of pointers, well under V8's large-object threshold. */
export const TAIL_CHUNK_ENTRIES = 4096;

export class TailLog {
  #rowChunks: string[][] = [];
  #cellChunks: Cell[][] = [];
  #rows: string[] = [];
  #cells: Cell[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(row: string, cell: Cell): void {
    if (this.#rowChunks.length === 0 || this.#cells.length >= TAIL_CHUNK_ENTRIES) {
      this.#rows = [];
      this.#cells = [];
      this.#rowChunks.push(this.#rows);
      this.#cellChunks.push(this.#cells);
    }
    this.#rows.push(row);
    this.#cells.push(cell);
    this.#length++;
  }

  /** Replaces the last entry holding `old` (by identity); false when there is none. */
  replace(old: Cell, row: string, cell: Cell): boolean {
    const found = this.#lastOf(old);
    if (found === undefined) return false;
    (this.#rowChunks[found.chunk] as string[])[found.at] = row;
    (this.#cellChunks[found.chunk] as Cell[])[found.at] = cell;
    return true;
  }

  /** Removes the last entry holding `cell` (by identity); false when there is none. */
  remove(cell: Cell): boolean {
    const found = this.#lastOf(cell);
    if (found === undefined) return false;
    (this.#rowChunks[found.chunk] as string[]).splice(found.at, 1);
    (this.#cellChunks[found.chunk] as Cell[]).splice(found.at, 1);
    this.#length--;
    return true;
  }

  /** Every entry in the order pushed, as two parallel arrays; the tail is then empty. */
  drain(): { rows: string[]; cells: Cell[] } {
    const rows = new Array<string>(this.#length);
    const cells = new Array<Cell>(this.#length);
    let n = 0;
    this.#rowChunks.forEach((chunkRows, c) => {
      const chunkCells = this.#cellChunks[c] as Cell[];
      for (let i = 0; i < chunkRows.length; i++, n++) {
        rows[n] = chunkRows[i] as string;
        cells[n] = chunkCells[i] as Cell;
      }
    });
    this.#rowChunks = [];
    this.#cellChunks = [];
    this.#rows = [];
    this.#cells = [];
    this.#length = 0;
    return { rows, cells };
  }

  #lastOf(cell: Cell): { chunk: number; at: number } | undefined {
    for (let chunk = this.#cellChunks.length - 1; chunk >= 0; chunk--) {
      const at = (this.#cellChunks[chunk] as Cell[]).lastIndexOf(cell);
      if (at >= 0) return { chunk, at };
    }
    return undefined;
  }
}
