// A CellScanner over one row's memstore cells (a copy taken when it opened), for Gets: they need
// no sorted order beyond their row, which the segment's row index keeps. Synchronous throughout.
import { type Cell, compareBytes, compareCells } from '../../common/index.js';
import type { CellScanner } from '../scanner.js';

export class RowCellsScanner implements CellScanner {
  readonly #cells: readonly Cell[];
  #index: number;

  /** `cells`: one row's cells in cell order. The scanner starts past the end until it seeks. */
  constructor(cells: readonly Cell[]) {
    this.#cells = cells;
    this.#index = cells.length;
  }

  peek(): Cell | undefined {
    return this.#cells[this.#index];
  }

  next(): void {
    if (this.#index < this.#cells.length) this.#index++;
  }

  seek(key: Cell): void {
    let lo = 0;
    let hi = this.#cells.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareCells(this.#cells[mid] as Cell, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.#index = lo;
  }

  reseek(key: Cell): void {
    this.seek(key);
  }

  lastRowBefore(row: Buffer | undefined): Buffer | undefined {
    const mine = this.#cells[0]?.row;
    if (mine === undefined) return undefined;
    return row === undefined || compareBytes(mine, row) < 0 ? mine : undefined;
  }

  close(): void {
    this.#index = this.#cells.length;
  }
}
