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
import { findColumn, type RowView } from './row-columns.js';

export class RowCellsScanner implements CellScanner {
  readonly #row: Buffer;
  readonly #columns: readonly (readonly Cell[])[];
  readonly #lengths: readonly number[];
  /** The column at the cursor (lengths.length once exhausted). */
  #column: number;
  /** Versions into the column, newest first: 0 is its last element. */
  #version = 0;

  /** The scanner starts past the end until it seeks. */
  constructor(row: Buffer, view: RowView) {
    this.#row = row;
    this.#columns = view.columns;
    this.#lengths = view.lengths;
    this.#column = view.lengths.length;
  }

  peek(): Cell | undefined {
    const versions = this.#columns[this.#column];
    if (versions === undefined) return undefined;
    return versions[(this.#lengths[this.#column] as number) - 1 - this.#version];
  }

  next(): void {
    if (this.#column >= this.#lengths.length) return;
    this.#version++;
    if (this.#version >= (this.#lengths[this.#column] as number)) {
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
      this.#column = this.#lengths.length;
      return;
    }
    const at = Math.min(findColumn(this.#columns, key), this.#lengths.length);
    this.#column = at;
    const versions = this.#columns[at];
    if (versions === undefined || compareColumns(versions[0] as Cell, key) !== 0) return;
    // The first version at or after the key, newest first. The ends answer the usual keys at once:
    // first on column (the newest version) and last on column (the next column).
    const length = this.#lengths[at] as number;
    if (compareWithoutRow(versions[0] as Cell, key) < 0) {
      this.#column = at + 1;
      return;
    }
    if (compareWithoutRow(versions[length - 1] as Cell, key) >= 0) return;
    let lo = 1;
    let hi = length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareWithoutRow(versions[length - 1 - mid] as Cell, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo < length) {
      this.#version = lo;
    } else {
      this.#column = at + 1;
    }
  }

  reseek(key: Cell): void {
    this.seek(key);
  }

  lastRowBefore(row: Buffer | undefined): Buffer | undefined {
    if (this.#lengths.length === 0) return undefined;
    const mine = this.#row;
    return row === undefined || compareBytes(mine, row) < 0 ? mine : undefined;
  }

  close(): void {
    this.#column = this.#lengths.length;
  }
}
