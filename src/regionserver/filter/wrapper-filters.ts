// The unary wrappers: SkipFilter drops a whole row when the wrapped filter refuses any of its
// cells; WhileMatchFilter ends the scan at the first row key, cell or row the wrapped one refuses.
import type { Cell } from '../../common/index.js';
import { type Filter, FilterCode } from './filter.js';

/** What both wrappers pass straight to the filter they wrap. */
abstract class WrappingFilter implements Filter {
  protected readonly inner: Filter;

  constructor(filter: Filter) {
    this.inner = filter;
  }

  abstract reset(): void;
  abstract filterAllRemaining(): boolean;
  abstract filterRowKey(row: Buffer): boolean;
  abstract filterCell(cell: Cell): FilterCode;
  abstract filterRow(): boolean;

  transformCell(cell: Cell): Cell {
    return this.inner.transformCell(cell);
  }

  hasFilterRow(): boolean {
    return true;
  }

  filterRowCells(cells: Cell[]): Cell[] {
    return this.inner.filterRowCells(cells);
  }

  nextCellHint(cell: Cell): Cell | undefined {
    return this.inner.nextCellHint(cell);
  }

  isFamilyEssential(family: Buffer): boolean {
    return this.inner.isFamilyEssential(family);
  }
}

/** Anything but Include from the wrapped filter marks the row, and filterRow then drops it. */
export class SkipFilter extends WrappingFilter {
  #filterRow = false;

  reset(): void {
    this.inner.reset();
    this.#filterRow = false;
  }

  filterAllRemaining(): boolean {
    return this.inner.filterAllRemaining();
  }

  /**
   * Asks the wrapped filter (HBase 2's SkipFilter does not, so there `SKIP RowFilter(...)` lets
   * every row through); a refused row key drops the row.
   */
  filterRowKey(row: Buffer): boolean {
    const drop = this.inner.filterRowKey(row);
    if (drop) this.#filterRow = true;
    return drop;
  }

  filterCell(cell: Cell): FilterCode {
    const code = this.inner.filterCell(cell);
    if (code !== FilterCode.Include) this.#filterRow = true;
    return code;
  }

  filterRow(): boolean {
    return this.#filterRow;
  }
}

/** Once the wrapped filter refuses anything, filterAllRemaining stays true: the scan ends. */
export class WhileMatchFilter extends WrappingFilter {
  #filterAllRemaining = false;

  reset(): void {
    this.inner.reset();
  }

  filterAllRemaining(): boolean {
    return this.#filterAllRemaining || this.inner.filterAllRemaining();
  }

  filterRowKey(row: Buffer): boolean {
    if (this.filterAllRemaining()) return true;
    const drop = this.inner.filterRowKey(row);
    if (drop) this.#filterAllRemaining = true;
    return drop;
  }

  filterCell(cell: Cell): FilterCode {
    const code = this.inner.filterCell(cell);
    if (code !== FilterCode.Include) this.#filterAllRemaining = true;
    return code;
  }

  filterRow(): boolean {
    const drop = this.inner.filterRow();
    if (drop) this.#filterAllRemaining = true;
    return drop;
  }
}
