// Test-only: a Filter whose per-cell answer, transform and hint are given as functions, and which
// records every cell it was asked about (to check what reaches the filter, and in what order).
import type { Cell } from '../../../src/common/index.js';
import { FilterCode } from '../../../src/regionserver/filter/filter.js';
import { FilterBase } from '../../../src/regionserver/filter/filter-base.js';

export interface TestFilterSpec {
  readonly filterCell?: (cell: Cell) => FilterCode;
  readonly transformCell?: (cell: Cell) => Cell;
  readonly nextCellHint?: (cell: Cell) => Cell | undefined;
  /** Answer of filterAllRemaining once this many cells were asked about. */
  readonly allRemainingAfterCells?: number;
}

export class TestFilter extends FilterBase {
  readonly seen: Cell[] = [];
  readonly #spec: TestFilterSpec;

  constructor(spec: TestFilterSpec = {}) {
    super();
    this.#spec = spec;
  }

  override filterAllRemaining(): boolean {
    const after = this.#spec.allRemainingAfterCells;
    return after !== undefined && this.seen.length >= after;
  }

  override filterCell(cell: Cell): FilterCode {
    this.seen.push(cell);
    return this.#spec.filterCell?.(cell) ?? FilterCode.Include;
  }

  override transformCell(cell: Cell): Cell {
    return this.#spec.transformCell?.(cell) ?? cell;
  }

  override nextCellHint(cell: Cell): Cell | undefined {
    return this.#spec.nextCellHint?.(cell);
  }
}
