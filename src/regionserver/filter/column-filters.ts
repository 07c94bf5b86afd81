// Filters on the qualifier that seek: ColumnPrefixFilter, MultipleColumnPrefixFilter and
// ColumnRangeFilter. Hints are computed from the cell passed in, so they hold whoever asks.
import { type Cell, compareBytes, firstOnColumn } from '../../common/index.js';
import { FilterCode } from './filter.js';
import { FilterBase } from './filter-base.js';

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return (
    bytes.length >= prefix.length && compareBytes(bytes.subarray(0, prefix.length), prefix) === 0
  );
}

/** Qualifiers with the prefix; seeks to it from below, leaves the family's row once past it. */
export class ColumnPrefixFilter extends FilterBase {
  readonly #prefix: Buffer;

  constructor(prefix: Buffer) {
    super();
    this.#prefix = prefix;
  }

  override filterCell(cell: Cell): FilterCode {
    const length = Math.min(cell.qualifier.length, this.#prefix.length);
    const cmp = compareBytes(cell.qualifier.subarray(0, length), this.#prefix.subarray(0, length));
    if (cell.qualifier.length < this.#prefix.length) {
      return cmp <= 0 ? FilterCode.SeekNextUsingHint : FilterCode.NextRow;
    }
    if (cmp < 0) return FilterCode.SeekNextUsingHint;
    return cmp > 0 ? FilterCode.NextRow : FilterCode.Include;
  }

  override nextCellHint(cell: Cell): Cell {
    return firstOnColumn(cell.row, cell.family, this.#prefix);
  }
}

/**
 * Qualifiers with any of the prefixes. Unlike HBase (which looks only at the largest prefix not
 * above the qualifier), a qualifier matching a shorter prefix of a longer one is kept.
 */
export class MultipleColumnPrefixFilter extends FilterBase {
  readonly #prefixes: readonly Buffer[];

  constructor(prefixes: readonly Buffer[]) {
    super();
    this.#prefixes = [...prefixes].sort(compareBytes);
  }

  override filterCell(cell: Cell): FilterCode {
    if (this.#prefixes.length === 0) return FilterCode.Include;
    if (this.#prefixes.some((prefix) => startsWith(cell.qualifier, prefix))) {
      return FilterCode.Include;
    }
    return this.#nextPrefix(cell.qualifier) === undefined
      ? FilterCode.NextRow
      : FilterCode.SeekNextUsingHint;
  }

  override nextCellHint(cell: Cell): Cell | undefined {
    const next = this.#nextPrefix(cell.qualifier);
    return next === undefined ? undefined : firstOnColumn(cell.row, cell.family, next);
  }

  /** The smallest prefix above the qualifier: where the next matching qualifier can start. */
  #nextPrefix(qualifier: Buffer): Buffer | undefined {
    return this.#prefixes.find((prefix) => compareBytes(prefix, qualifier) > 0);
  }
}

export interface ColumnRange {
  readonly minColumn: Buffer | null;
  readonly minColumnInclusive: boolean;
  readonly maxColumn: Buffer | null;
  readonly maxColumnInclusive: boolean;
}

/** Qualifiers between min and max; a null (or empty) bound is open, as in HBase. */
export class ColumnRangeFilter extends FilterBase {
  readonly #min: Buffer | null;
  readonly #minInclusive: boolean;
  readonly #max: Buffer | null;
  readonly #maxInclusive: boolean;

  constructor(range: ColumnRange) {
    super();
    this.#min = range.minColumn === null || range.minColumn.length === 0 ? null : range.minColumn;
    this.#max = range.maxColumn === null || range.maxColumn.length === 0 ? null : range.maxColumn;
    this.#minInclusive = range.minColumnInclusive;
    this.#maxInclusive = range.maxColumnInclusive;
  }

  override filterCell(cell: Cell): FilterCode {
    const cmpMin = this.#min === null ? 1 : compareBytes(cell.qualifier, this.#min);
    if (cmpMin < 0) return FilterCode.SeekNextUsingHint;
    if (cmpMin === 0 && !this.#minInclusive) return FilterCode.NextCol;
    if (this.#max === null) return FilterCode.Include;
    const cmpMax = compareBytes(cell.qualifier, this.#max);
    if (cmpMax < 0 || (cmpMax === 0 && this.#maxInclusive)) return FilterCode.Include;
    return FilterCode.NextRow;
  }

  override nextCellHint(cell: Cell): Cell | undefined {
    return this.#min === null ? undefined : firstOnColumn(cell.row, cell.family, this.#min);
  }
}
