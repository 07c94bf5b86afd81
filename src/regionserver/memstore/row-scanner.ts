// A CellScanner over one row's memstore cells (a RowView taken when it opened), for Gets: they need
// no sorted order beyond their row, which the segment's row index keeps by column. A seek to the
// next column searches the columns, not the versions, so a row with thousands of versions costs a
// Get no more than one with a few. Synchronous throughout.
import {
  type Cell,
  compareBytes,
  compareColumns,
  compareWithoutRow,
  isLastOnRowKey,
} from '../../common/index.js';
import type { CellScanner } from '../scanner.js';
import { type Column, findColumn, oldestOf, type RowView, versionOf } from './row-columns.js';

export class RowCellsScanner implements CellScanner {
  readonly #row: Buffer;
  readonly #columns: readonly Column[];
  readonly #lengths: readonly number[] | undefined;
  readonly #count: number;
  /** The column at the cursor (count once exhausted). */
  #column: number;
  /** Versions into the column, newest first: 0 is its last element. */
  #version = 0;

  /** The scanner starts past the end until it seeks. */
  constructor(row: Buffer, view: RowView) {
    this.#row = row;
    this.#columns = view.columns;
    this.#lengths = view.lengths;
    this.#count = view.count;
    this.#column = view.count;
  }

  peek(): Cell | undefined {
    // Columns past the view's (added since it was taken) are not this reader's.
    if (this.#column >= this.#count) return undefined;
    const column = this.#columns[this.#column] as Column;
    return versionOf(column, this.#lengthOf(this.#column), this.#version);
  }

  next(): void {
    if (this.#column >= this.#count) return;
    this.#version++;
    if (this.#version >= this.#lengthOf(this.#column)) {
      this.#column++;
      this.#version = 0;
    }
  }

  seek(key: Cell): void {
    this.#version = 0;
    const byRow = compareBytes(key.row, this.#row);
    if (byRow < 0) {
      this.#column = 0;
      return;
    }
    if (byRow > 0 || isLastOnRowKey(key)) {
      this.#column = this.#count;
      return;
    }
    const at = Math.min(findColumn(this.#columns, key), this.#count);
    this.#column = at;
    if (at === this.#count) return;
    const column = this.#columns[at] as Column;
    if (compareColumns(oldestOf(column), key) !== 0) return;
    // The first version at or after the key, newest first. The ends answer the usual keys at once:
    // first on column (the newest version) and last on column (the next column).
    if (compareWithoutRow(oldestOf(column), key) < 0) {
      this.#column = at + 1;
      return;
    }
    if (!Array.isArray(column)) return;
    const length = this.#lengthOf(at);
    if (compareWithoutRow(column[length - 1] as Cell, key) >= 0) return;
    let lo = 1;
    let hi = length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareWithoutRow(column[length - 1 - mid] as Cell, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.#version = lo;
  }

  reseek(key: Cell): void {
    this.seek(key);
  }

  lastRowBefore(row: Buffer | undefined): Buffer | undefined {
    if (this.#count === 0) return undefined;
    const mine = this.#row;
    return row === undefined || compareBytes(mine, row) < 0 ? mine : undefined;
  }

  close(): void {
    this.#column = this.#count;
  }

  /** How many versions the view holds of column `i`. */
  #lengthOf(i: number): number {
    return this.#lengths === undefined ? 1 : (this.#lengths[i] as number);
  }
}
