// Filters that test one column's value: SingleColumnValueFilter (the row stays or goes on it),
// SingleColumnValueExcludeFilter (same, without the tested column), ColumnValueFilter (only the
// matching cells of that column) and DependentColumnFilter (cells whose timestamp the column has).
import { bytesEqual, type Cell } from '../../common/index.js';
import type { ComparatorSpec, CompareOp } from '../../common/filter/index.js';
import { type ByteTest, compileByteTest } from './comparator.js';
import { FilterCode } from './filter.js';
import { FilterBase } from './filter-base.js';

export interface ColumnTest {
  readonly family: Buffer;
  readonly qualifier: Buffer;
  readonly op: CompareOp;
  readonly comparator: ComparatorSpec;
}

function isColumn(cell: Cell, family: Buffer, qualifier: Buffer): boolean {
  return bytesEqual(cell.family, family) && bytesEqual(cell.qualifier, qualifier);
}

/**
 * The row passes when the column's value passes (its newest version, or any version when
 * latestVersionOnly is false). A row without the column passes unless filterIfMissing.
 */
export class SingleColumnValueFilter extends FilterBase {
  protected readonly family: Buffer;
  protected readonly qualifier: Buffer;
  readonly #test: ByteTest;
  readonly #filterIfMissing: boolean;
  readonly #latestVersionOnly: boolean;
  #foundColumn = false;
  #matchedColumn = false;

  constructor(column: ColumnTest, filterIfMissing: boolean, latestVersionOnly: boolean) {
    super();
    this.family = column.family;
    this.qualifier = column.qualifier;
    this.#test = compileByteTest(column.op, column.comparator);
    this.#filterIfMissing = filterIfMissing;
    this.#latestVersionOnly = latestVersionOnly;
  }

  override reset(): void {
    this.#foundColumn = false;
    this.#matchedColumn = false;
  }

  override filterCell(cell: Cell): FilterCode {
    if (this.#matchedColumn) return FilterCode.Include;
    if (this.#latestVersionOnly && this.#foundColumn) return FilterCode.NextRow;
    if (!isColumn(cell, this.family, this.qualifier)) return FilterCode.Include;
    this.#foundColumn = true;
    if (!this.#test.passes(cell.value)) {
      return this.#latestVersionOnly ? FilterCode.NextRow : FilterCode.Include;
    }
    this.#matchedColumn = true;
    return FilterCode.Include;
  }

  override hasFilterRow(): boolean {
    return true;
  }

  override filterRow(): boolean {
    return this.#foundColumn ? !this.#matchedColumn : this.#filterIfMissing;
  }

  /** With filterIfMissing, only the tested family decides whether a row can pass. */
  override isFamilyEssential(family: Buffer): boolean {
    return !this.#filterIfMissing || bytesEqual(family, this.family);
  }
}

/** SingleColumnValueFilter that leaves the tested column out of the rows it returns. */
export class SingleColumnValueExcludeFilter extends SingleColumnValueFilter {
  override filterRowCells(cells: Cell[]): Cell[] {
    return cells.filter((cell) => !isColumn(cell, this.family, this.qualifier));
  }
}

/** Only the column's cells whose value passes; every other column is skipped. */
export class ColumnValueFilter extends FilterBase {
  readonly #family: Buffer;
  readonly #qualifier: Buffer;
  readonly #test: ByteTest;
  #columnFound = false;

  constructor(column: ColumnTest) {
    super();
    this.#family = column.family;
    this.#qualifier = column.qualifier;
    this.#test = compileByteTest(column.op, column.comparator);
  }

  override reset(): void {
    this.#columnFound = false;
  }

  override filterCell(cell: Cell): FilterCode {
    if (!isColumn(cell, this.#family, this.#qualifier)) {
      return this.#columnFound ? FilterCode.NextRow : FilterCode.NextCol;
    }
    this.#columnFound = true;
    return this.#test.passes(cell.value) ? FilterCode.Include : FilterCode.Skip;
  }

  override isFamilyEssential(family: Buffer): boolean {
    return bytesEqual(family, this.#family);
  }
}

export interface DependentColumn {
  readonly family: Buffer;
  readonly qualifier: Buffer;
  readonly dropDependentColumn: boolean;
  readonly op: CompareOp;
  readonly comparator: ComparatorSpec | null;
}

/**
 * Keeps the cells whose timestamp some (passing) version of the dependent column has; with
 * dropDependentColumn the column itself is left out. A row without the column comes back empty.
 */
export class DependentColumnFilter extends FilterBase {
  readonly #family: Buffer;
  readonly #qualifier: Buffer;
  readonly #drop: boolean;
  readonly #test: ByteTest | undefined;
  readonly #stamps = new Set<number>();

  constructor(spec: DependentColumn) {
    super();
    this.#family = spec.family;
    this.#qualifier = spec.qualifier;
    this.#drop = spec.dropDependentColumn;
    this.#test = spec.comparator === null ? undefined : compileByteTest(spec.op, spec.comparator);
  }

  override reset(): void {
    this.#stamps.clear();
  }

  override filterCell(cell: Cell): FilterCode {
    if (!isColumn(cell, this.#family, this.#qualifier)) return FilterCode.Include;
    if (this.#test !== undefined && !this.#test.passes(cell.value)) return FilterCode.Skip;
    this.#stamps.add(cell.timestamp);
    return this.#drop ? FilterCode.Skip : FilterCode.Include;
  }

  override hasFilterRow(): boolean {
    return true;
  }

  override filterRowCells(cells: Cell[]): Cell[] {
    return cells.filter((cell) => this.#stamps.has(cell.timestamp));
  }
}
