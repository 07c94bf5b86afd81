// Filters that count columns or strip values: ColumnPaginationFilter and ColumnCountGetFilter
// (columns per row, across the row's families), FirstKeyOnlyFilter and KeyOnlyFilter.
import { type Cell, EMPTY_BYTES } from '../../common/index.js';
import { FilterCode } from './filter.js';
import { FilterBase } from './filter-base.js';

/** Columns offset .. offset+limit-1 of each row (each column counted once, newest version). */
export class ColumnPaginationFilter extends FilterBase {
  readonly #limit: number;
  readonly #offset: number;
  #count = 0;

  constructor(limit: number, offset: number) {
    super();
    this.#limit = limit;
    this.#offset = offset;
  }

  override reset(): void {
    this.#count = 0;
  }

  override filterCell(_cell: Cell): FilterCode {
    if (this.#count >= this.#offset + this.#limit) return FilterCode.NextRow;
    const code = this.#count < this.#offset ? FilterCode.NextCol : FilterCode.IncludeAndNextCol;
    this.#count++;
    return code;
  }
}

/**
 * The first `limit` columns of a row. As in HBase, the column past the limit turns
 * filterAllRemaining on, which ends the row (the driver answers NextRow); reset() clears it.
 */
export class ColumnCountGetFilter extends FilterBase {
  readonly #limit: number;
  #count = 0;

  constructor(limit: number) {
    super();
    this.#limit = limit;
  }

  override reset(): void {
    this.#count = 0;
  }

  override filterAllRemaining(): boolean {
    return this.#count > this.#limit;
  }

  override filterCell(_cell: Cell): FilterCode {
    this.#count++;
    return this.filterAllRemaining() ? FilterCode.NextCol : FilterCode.IncludeAndNextCol;
  }
}

/** The first cell of each row (row counting). */
export class FirstKeyOnlyFilter extends FilterBase {
  #found = false;

  override reset(): void {
    this.#found = false;
  }

  override filterCell(_cell: Cell): FilterCode {
    if (this.#found) return FilterCode.NextRow;
    this.#found = true;
    return FilterCode.Include;
  }
}

const LENGTH_BYTES = 4;

/** Keeps keys, drops values; with lengthAsValue the value becomes its length, a 4-byte int. */
export class KeyOnlyFilter extends FilterBase {
  readonly #lengthAsValue: boolean;

  constructor(lengthAsValue: boolean) {
    super();
    this.#lengthAsValue = lengthAsValue;
  }

  override transformCell(cell: Cell): Cell {
    if (!this.#lengthAsValue) return { ...cell, value: EMPTY_BYTES };
    const value = Buffer.alloc(LENGTH_BYTES);
    value.writeInt32BE(cell.value.length, 0);
    return { ...cell, value };
  }
}
