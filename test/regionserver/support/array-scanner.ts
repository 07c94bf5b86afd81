// A CellScanner over an array of cells, for unit tests: the cells are copied and sorted
// (compareCells), and the cursor starts on the first cell. With `async: true` every move returns a
// promise, as a store file scanner reading blocks would, to exercise callers' await paths.
import { type Cell, compareBytes, compareCells, firstOnRow } from '../../../src/common/index.js';
import type { CellScanner } from '../../../src/regionserver/scanner.js';

export interface ArrayScannerOptions {
  /** Every move and lastRowBefore answer through a resolved promise. Default false. */
  readonly async?: boolean;
}

export class ArrayScanner implements CellScanner {
  readonly #cells: readonly Cell[];
  readonly #async: boolean;
  #index = 0;
  #closed = false;
  /** Moves made (next, seek, reseek), for tests that check seeks save work. */
  moves = 0;

  constructor(cells: readonly Cell[], options: ArrayScannerOptions = {}) {
    this.#cells = [...cells].sort(compareCells);
    this.#async = options.async ?? false;
  }

  get cells(): readonly Cell[] {
    return this.#cells;
  }

  get closed(): boolean {
    return this.#closed;
  }

  peek(): Cell | undefined {
    return this.#closed ? undefined : this.#cells[this.#index];
  }

  next(): void | Promise<void> {
    this.moves++;
    if (this.#index < this.#cells.length) this.#index++;
    return this.#settle();
  }

  seek(key: Cell): void | Promise<void> {
    this.moves++;
    this.#index = this.#lowerBound(key, 0);
    return this.#settle();
  }

  reseek(key: Cell): void | Promise<void> {
    this.moves++;
    const current = this.#cells[this.#index];
    if (current !== undefined && compareCells(current, key) < 0) {
      this.#index = this.#lowerBound(key, this.#index);
    }
    return this.#settle();
  }

  lastRowBefore(row: Buffer | undefined): Buffer | undefined | Promise<Buffer | undefined> {
    const end = row === undefined ? this.#cells.length : this.#lowerBound(firstOnRow(row), 0);
    const found = this.#cells[end - 1]?.row;
    if (found !== undefined && row !== undefined && compareBytes(found, row) >= 0) {
      throw new Error('lastRowBefore found a row that is not before the key');
    }
    return this.#async ? Promise.resolve(found) : found;
  }

  close(): void {
    this.#closed = true;
  }

  #settle(): void | Promise<void> {
    return this.#async ? Promise.resolve() : undefined;
  }

  /** The first index >= from whose cell is >= key. */
  #lowerBound(key: Cell, from: number): number {
    let lo = from;
    let hi = this.#cells.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareCells(this.#cells[mid] as Cell, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
