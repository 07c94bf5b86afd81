// A CellScanner over one memstore segment (a CellSet that may still be taking writes). Every move
// is synchronous. Invariant: after an insert into the set, the cursor re-seeks just past the last
// cell it returned, so a scan never repeats or skips a cell that was there when it moved.
import { type Cell, compareCells, firstOnRow } from '../../common/index.js';
import type { CellScanner } from '../scanner.js';
import type { CellSet } from './cell-set.js';

export class SegmentScanner implements CellScanner {
  readonly #set: CellSet;
  #chunk = 0;
  #index = 0;
  #version: number;
  #current: Cell | undefined;
  #positioned = false;

  constructor(set: CellSet) {
    this.#set = set;
    this.#version = set.version;
  }

  peek(): Cell | undefined {
    if (this.#positioned && this.#version !== this.#set.version) this.#refresh();
    return this.#current;
  }

  next(): void {
    if (!this.#positioned) return;
    if (this.#version !== this.#set.version) this.#refresh();
    if (this.#current === undefined) return;
    [this.#chunk, this.#index] = this.#set.step(this.#chunk, this.#index);
    this.#current = this.#set.at(this.#chunk, this.#index);
  }

  seek(key: Cell): void {
    this.#positioned = true;
    this.#version = this.#set.version;
    [this.#chunk, this.#index] = this.#set.lowerBound(key);
    this.#current = this.#set.at(this.#chunk, this.#index);
  }

  reseek(key: Cell): void {
    // Walk a few cells before falling back to a search: reseeks usually land close by.
    for (let steps = 0; steps < 8; steps++) {
      const current = this.peek();
      if (current === undefined || compareCells(current, key) >= 0) return;
      this.next();
    }
    this.seek(key);
  }

  lastRowBefore(row: Buffer | undefined): Buffer | undefined {
    const before = row === undefined ? this.#set.last() : this.#set.lastBefore(firstOnRow(row));
    return before?.row;
  }

  close(): void {
    this.#current = undefined;
    this.#positioned = false;
  }

  /** The set changed under us: find the current cell again (it may have moved chunks). */
  #refresh(): void {
    const current = this.#current;
    this.#version = this.#set.version;
    if (current === undefined) {
      // At the end we stay there: a cell inserted after this scanner was made has a sequence id
      // above the reader's read point, so the reader could not see it anyway.
      return;
    }
    [this.#chunk, this.#index] = this.#set.lowerBound(current);
    this.#current = this.#set.at(this.#chunk, this.#index);
  }
}
