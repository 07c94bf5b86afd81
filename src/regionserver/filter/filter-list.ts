// FilterList, as HBase 2's FilterListWithAND (MUST_PASS_ALL) and FilterListWithOR (MUST_PASS_ONE):
// return codes merged by filter-list-codes.ts, transforms chained through the members that
// included the cell, hints combined (AND: the furthest; OR: the nearest). An empty list passes all.
import { bytesEqual, type Cell, compareCells } from '../../common/index.js';
import { type Filter, FilterCode } from './filter.js';
import { includes } from './filter-base.js';
import { mergeAnd, mergeOr } from './filter-list-codes.js';

/** What both kinds of list do the same way. */
abstract class FilterListBase implements Filter {
  protected readonly filters: readonly Filter[];

  constructor(filters: readonly Filter[]) {
    this.filters = filters;
  }

  abstract reset(): void;
  abstract filterAllRemaining(): boolean;
  abstract filterRowKey(row: Buffer): boolean;
  abstract filterCell(cell: Cell): FilterCode;
  abstract transformCell(cell: Cell): Cell;
  abstract filterRow(): boolean;
  abstract nextCellHint(cell: Cell): Cell | undefined;

  hasFilterRow(): boolean {
    return this.filters.some((filter) => filter.hasFilterRow());
  }

  filterRowCells(cells: Cell[]): Cell[] {
    let kept = cells;
    for (const filter of this.filters) kept = filter.filterRowCells(kept);
    return kept;
  }

  isFamilyEssential(family: Buffer): boolean {
    if (this.filters.length === 0) return true;
    return this.filters.some((filter) => filter.isFamilyEssential(family));
  }
}

/** MUST_PASS_ALL. Stops asking members once the merged code drops the cell (HBASE-20565). */
export class FilterListAnd extends FilterListBase {
  #seekHintFilters: Filter[] = [];

  reset(): void {
    for (const filter of this.filters) filter.reset();
    this.#seekHintFilters = [];
  }

  filterAllRemaining(): boolean {
    return this.filters.some((filter) => filter.filterAllRemaining());
  }

  /** Every member sees the row key (some track rows there), even once one has dropped it. */
  filterRowKey(row: Buffer): boolean {
    let drop = false;
    for (const filter of this.filters) {
      if (filter.filterAllRemaining() || filter.filterRowKey(row)) drop = true;
    }
    return drop;
  }

  filterCell(cell: Cell): FilterCode {
    let merged: FilterCode = FilterCode.Include;
    this.#seekHintFilters = [];
    for (const filter of this.filters) {
      if (filter.filterAllRemaining()) return FilterCode.NextRow;
      const local = filter.filterCell(cell);
      if (local === FilterCode.SeekNextUsingHint) this.#seekHintFilters.push(filter);
      merged = mergeAnd(merged, local);
      if (!includes(merged)) return merged;
    }
    return this.#seekHintFilters.length > 0 ? FilterCode.SeekNextUsingHint : merged;
  }

  transformCell(cell: Cell): Cell {
    let transformed = cell;
    for (const filter of this.filters) transformed = filter.transformCell(transformed);
    return transformed;
  }

  filterRow(): boolean {
    return this.filters.some((filter) => filter.filterRow());
  }

  /** The furthest hint among the members that asked to seek. */
  nextCellHint(cell: Cell): Cell | undefined {
    let furthest: Cell | undefined;
    for (const filter of this.#seekHintFilters) {
      if (filter.filterAllRemaining()) continue;
      const hint = filter.nextCellHint(cell);
      if (hint !== undefined && (furthest === undefined || compareCells(furthest, hint) < 0)) {
        furthest = hint;
      }
    }
    return furthest;
  }
}

/**
 * MUST_PASS_ONE. A member that asked to leave a column, a row (in this family) or to seek is not
 * asked again about cells its answer already covers; its previous answer stands (HBASE-17678).
 */
export class FilterListOr extends FilterListBase {
  readonly #previousCodes: (FilterCode | undefined)[];
  readonly #previousCells: (Cell | undefined)[];
  readonly #included: boolean[];

  constructor(filters: readonly Filter[]) {
    super(filters);
    this.#previousCodes = filters.map(() => undefined);
    this.#previousCells = filters.map(() => undefined);
    this.#included = filters.map(() => false);
  }

  reset(): void {
    this.filters.forEach((filter, i) => {
      filter.reset();
      this.#previousCodes[i] = undefined;
      this.#previousCells[i] = undefined;
      this.#included[i] = false;
    });
  }

  filterAllRemaining(): boolean {
    if (this.filters.length === 0) return false;
    return this.filters.every((filter) => filter.filterAllRemaining());
  }

  /** Drops the row only when every live member does; all of them see the key. */
  filterRowKey(row: Buffer): boolean {
    if (this.filters.length === 0) return false;
    let drop = true;
    for (const filter of this.filters) {
      if (!filter.filterAllRemaining() && !filter.filterRowKey(row)) drop = false;
    }
    return drop;
  }

  filterCell(cell: Cell): FilterCode {
    if (this.filters.length === 0) return FilterCode.Include;
    let merged: FilterCode | undefined;
    this.filters.forEach((filter, i) => {
      this.#included[i] = false;
      if (filter.filterAllRemaining()) return;
      const local =
        this.#codeFromPrevious(filter, cell, this.#previousCells[i], this.#previousCodes[i]) ??
        filter.filterCell(cell);
      this.#previousCodes[i] = local;
      const settled = local === FilterCode.Include || local === FilterCode.Skip;
      this.#previousCells[i] = settled ? undefined : cell;
      merged = mergeOr(merged, local);
      this.#included[i] = includes(local);
    });
    return merged ?? FilterCode.Skip;
  }

  /** The member's previous answer when it still covers `cell`; undefined: ask the member. */
  #codeFromPrevious(
    filter: Filter,
    cell: Cell,
    previousCell: Cell | undefined,
    previousCode: FilterCode | undefined,
  ): FilterCode | undefined {
    if (previousCell === undefined || previousCode === undefined) return undefined;
    switch (previousCode) {
      case FilterCode.SeekNextUsingHint: {
        const hint = filter.nextCellHint(previousCell);
        return hint !== undefined && compareCells(cell, hint) < 0 ? previousCode : undefined;
      }
      case FilterCode.NextCol:
      case FilterCode.IncludeAndNextCol:
        return sameColumn(previousCell, cell) ? FilterCode.NextCol : undefined;
      case FilterCode.NextRow:
      case FilterCode.IncludeAndSeekNextRow:
        // Rows match: reset() clears these at each row. NextRow leaves the row in this family.
        return bytesEqual(previousCell.family, cell.family) ? FilterCode.NextRow : undefined;
      default:
        return undefined;
    }
  }

  transformCell(cell: Cell): Cell {
    let transformed = cell;
    this.filters.forEach((filter, i) => {
      if (this.#included[i] === true) transformed = filter.transformCell(transformed);
    });
    return transformed;
  }

  filterRow(): boolean {
    if (this.filters.length === 0) return false;
    return this.filters.every((filter) => filter.filterRow());
  }

  /** The nearest hint; none when some live member has none. */
  nextCellHint(cell: Cell): Cell | undefined {
    let nearest: Cell | undefined;
    for (const filter of this.filters) {
      if (filter.filterAllRemaining()) continue;
      const hint = filter.nextCellHint(cell);
      if (hint === undefined) return undefined;
      if (nearest === undefined || compareCells(hint, nearest) < 0) nearest = hint;
    }
    return nearest;
  }
}

function sameColumn(a: Cell, b: Cell): boolean {
  return bytesEqual(a.family, b.family) && bytesEqual(a.qualifier, b.qualifier);
}
