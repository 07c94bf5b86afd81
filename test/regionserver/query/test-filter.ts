// Test-only: a Filter whose per-cell answer, transform and hint are given as functions, and which
// records every cell it was asked about (to check what reaches the filter, and in what order).
import type { Cell } from '../../../src/common/index.js';
import { type Filter, FilterCode } from '../../../src/regionserver/filter/filter.js';

export interface TestFilterSpec {
  readonly filterCell?: (cell: Cell) => FilterCode;
  readonly transformCell?: (cell: Cell) => Cell;
  readonly nextCellHint?: (cell: Cell) => Cell | undefined;
  /** Answer of filterAllRemaining once this many cells were asked about. */
  readonly allRemainingAfterCells?: number;
}

export class TestFilter implements Filter {
  readonly seen: Cell[] = [];
  readonly #spec: TestFilterSpec;

  constructor(spec: TestFilterSpec = {}) {
    this.#spec = spec;
  }

  reset(): void {}

  filterAllRemaining(): boolean {
    const after = this.#spec.allRemainingAfterCells;
    return after !== undefined && this.seen.length >= after;
  }

  filterRowKey(): boolean {
    return false;
  }

  filterCell(cell: Cell): FilterCode {
    this.seen.push(cell);
    return this.#spec.filterCell?.(cell) ?? FilterCode.Include;
  }

  transformCell(cell: Cell): Cell {
    return this.#spec.transformCell?.(cell) ?? cell;
  }

  hasFilterRow(): boolean {
    return false;
  }

  filterRowCells(cells: Cell[]): Cell[] {
    return cells;
  }

  filterRow(): boolean {
    return false;
  }

  nextCellHint(cell: Cell): Cell | undefined {
    return this.#spec.nextCellHint?.(cell);
  }

  isFamilyEssential(): boolean {
    return true;
  }
}
