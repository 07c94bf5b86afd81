// MultiRowRangeFilter: rows inside any of several ranges. The ranges are sorted and merged once;
// a row below a range seeks to its start, and the scan ends past the last range. Reversed (as
// HBase's setReversed), rows outside every range are skipped and the scan ends below the first.
import {
  type Cell,
  compareBytes,
  firstOnRow,
  InvalidArgumentError,
  nextKeyAfter,
  toStringBinary,
} from '../../common/index.js';
import type { RowRangeSpec } from '../../common/filter/index.js';
import { FilterCode } from './filter.js';
import { FilterBase } from './filter-base.js';

/** An empty stopRow means "to the end of the table"; an empty startRow "from its start". */
export class MultiRowRangeFilter extends FilterBase {
  readonly #ranges: readonly RowRangeSpec[];
  #code: FilterCode = FilterCode.Include;
  #done = false;
  readonly #reversed: boolean;

  constructor(ranges: readonly RowRangeSpec[], reversed = false) {
    super();
    this.#ranges = sortAndMerge(ranges);
    this.#reversed = reversed;
  }

  override filterAllRemaining(): boolean {
    return this.#done;
  }

  /** Never drops the row here: filterCell returns the seek, so the scan can jump to the range. */
  override filterRowKey(row: Buffer): boolean {
    if (this.#reversed) return this.#filterRowKeyReversed(row);
    const range = this.#ranges[this.#rangeIndexFor(row)];
    if (range === undefined) {
      this.#done = true;
      this.#code = FilterCode.NextRow;
    } else {
      this.#code = startsAtOrBefore(range, row) ? FilterCode.Include : FilterCode.SeekNextUsingHint;
    }
    return false;
  }

  override filterCell(_cell: Cell): FilterCode {
    return this.#code;
  }

  /** Descending rows: inside a range passes; below the first range nothing more can. */
  #filterRowKeyReversed(row: Buffer): boolean {
    const first = this.#ranges[0];
    if (first === undefined || !startsAtOrBefore(first, row)) {
      this.#done = true;
      this.#code = FilterCode.NextRow;
      return false;
    }
    const range = this.#ranges[this.#rangeIndexFor(row)];
    const inside = range !== undefined && startsAtOrBefore(range, row);
    this.#code = inside ? FilterCode.Include : FilterCode.NextRow;
    return false;
  }

  override nextCellHint(cell: Cell): Cell | undefined {
    if (this.#reversed) return undefined;
    const range = this.#ranges[this.#rangeIndexFor(cell.row)];
    if (range === undefined) return undefined;
    return firstOnRow(range.startRowInclusive ? range.startRow : nextKeyAfter(range.startRow));
  }

  /** The first range that does not end before `row` (ranges.length when none). */
  #rangeIndexFor(row: Buffer): number {
    let low = 0;
    let high = this.#ranges.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const range = this.#ranges[mid];
      if (range !== undefined && endsBefore(range, row)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function endsBefore(range: RowRangeSpec, row: Buffer): boolean {
  if (range.stopRow.length === 0) return false;
  const cmp = compareBytes(range.stopRow, row);
  return cmp < 0 || (cmp === 0 && !range.stopRowInclusive);
}

function startsAtOrBefore(range: RowRangeSpec, row: Buffer): boolean {
  const cmp = compareBytes(range.startRow, row);
  return cmp < 0 || (cmp === 0 && range.startRowInclusive);
}

function isEmptyRange(range: RowRangeSpec): boolean {
  if (range.stopRow.length === 0) return false;
  const cmp = compareBytes(range.startRow, range.stopRow);
  if (cmp > 0) {
    throw new InvalidArgumentError(
      `row range start ${toStringBinary(range.startRow)} is after its stop ` +
        toStringBinary(range.stopRow),
    );
  }
  return cmp === 0 && !(range.startRowInclusive && range.stopRowInclusive);
}

/** Ascending by start, overlapping or touching ranges merged, empty ranges dropped. */
function sortAndMerge(ranges: readonly RowRangeSpec[]): RowRangeSpec[] {
  const sorted = ranges
    .filter((range) => !isEmptyRange(range))
    .sort(
      (a, b) =>
        compareBytes(a.startRow, b.startRow) ||
        Number(b.startRowInclusive) - Number(a.startRowInclusive),
    );
  const merged: RowRangeSpec[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && reaches(last, range)) {
      merged[merged.length - 1] = { ...last, ...laterStop(last, range) };
    } else {
      merged.push(range);
    }
  }
  return merged;
}

/** True when `next` (starting no earlier than `last`) starts inside `last` or right at its end. */
function reaches(last: RowRangeSpec, next: RowRangeSpec): boolean {
  if (last.stopRow.length === 0) return true;
  const cmp = compareBytes(next.startRow, last.stopRow);
  return cmp < 0 || (cmp === 0 && (last.stopRowInclusive || next.startRowInclusive));
}

type RangeStop = Pick<RowRangeSpec, 'stopRow' | 'stopRowInclusive'>;

function laterStop(a: RowRangeSpec, b: RowRangeSpec): RangeStop {
  const stopOf = (range: RowRangeSpec): RangeStop => ({
    stopRow: range.stopRow,
    stopRowInclusive: range.stopRowInclusive,
  });
  if (a.stopRow.length === 0) return stopOf(a);
  if (b.stopRow.length === 0) return stopOf(b);
  const cmp = compareBytes(a.stopRow, b.stopRow);
  if (cmp !== 0) return stopOf(cmp > 0 ? a : b);
  return { stopRow: a.stopRow, stopRowInclusive: a.stopRowInclusive || b.stopRowInclusive };
}
