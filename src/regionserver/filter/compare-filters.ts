// HBase's CompareFilter family: RowFilter (by row key, once per row), FamilyFilter, QualifierFilter
// and ValueFilter (per cell). Each keeps what passes `op` against its comparator (comparator.ts).
import type { Cell } from '../../common/index.js';
import type { ComparatorSpec, CompareOp } from '../../common/filter/index.js';
import { type ByteTest, compileByteTest } from './comparator.js';
import { FilterCode } from './filter.js';
import { FilterBase } from './filter-base.js';

/** Decides on the row key; the row's cells then all go or all stay. */
export class RowFilter extends FilterBase {
  readonly #test: ByteTest;
  #filterOutRow = false;

  constructor(op: CompareOp, comparator: ComparatorSpec) {
    super();
    this.#test = compileByteTest(op, comparator);
  }

  override reset(): void {
    this.#filterOutRow = false;
  }

  override filterRowKey(row: Buffer): boolean {
    if (!this.#test.passes(row)) this.#filterOutRow = true;
    return this.#filterOutRow;
  }

  override filterCell(_cell: Cell): FilterCode {
    return this.#filterOutRow ? FilterCode.NextRow : FilterCode.Include;
  }

  override filterRow(): boolean {
    return this.#filterOutRow;
  }
}

/** A failing family skips the rest of the row in that family (HBase returns NEXT_ROW). */
export class FamilyFilter extends FilterBase {
  readonly #test: ByteTest;

  constructor(op: CompareOp, comparator: ComparatorSpec) {
    super();
    this.#test = compileByteTest(op, comparator);
  }

  override filterCell(cell: Cell): FilterCode {
    if (cell.family.length > 0 && !this.#test.passes(cell.family)) return FilterCode.NextRow;
    return FilterCode.Include;
  }
}

/** A failing qualifier skips the cell. */
export class QualifierFilter extends FilterBase {
  readonly #test: ByteTest;

  constructor(op: CompareOp, comparator: ComparatorSpec) {
    super();
    this.#test = compileByteTest(op, comparator);
  }

  override filterCell(cell: Cell): FilterCode {
    return this.#test.passes(cell.qualifier) ? FilterCode.Include : FilterCode.Skip;
  }
}

/** A failing value skips the cell. */
export class ValueFilter extends FilterBase {
  readonly #test: ByteTest;

  constructor(op: CompareOp, comparator: ComparatorSpec) {
    super();
    this.#test = compileByteTest(op, comparator);
  }

  override filterCell(cell: Cell): FilterCode {
    return this.#test.passes(cell.value) ? FilterCode.Include : FilterCode.Skip;
  }
}
