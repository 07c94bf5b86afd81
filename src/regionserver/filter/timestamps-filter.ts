// TimestampsFilter: only versions whose timestamp is in the list. Versions come newest first, so
// from a version above a listed timestamp it seeks to the next listed one below; past the
// smallest it moves to the next column.
import { type Cell, CellType, EMPTY_BYTES } from '../../common/index.js';
import { FilterCode } from './filter.js';
import { FilterBase } from './filter-base.js';

export class TimestampsFilter extends FilterBase {
  /** Ascending, without repeats. */
  readonly #sorted: readonly number[];
  readonly #set: ReadonlySet<number>;

  constructor(timestamps: readonly number[]) {
    super();
    this.#set = new Set(timestamps);
    this.#sorted = [...this.#set].sort((a, b) => a - b);
  }

  override filterCell(cell: Cell): FilterCode {
    if (this.#set.has(cell.timestamp)) return FilterCode.Include;
    const min = this.#sorted[0];
    if (min === undefined || cell.timestamp < min) return FilterCode.NextCol;
    return FilterCode.SeekNextUsingHint;
  }

  /** Before every cell of this column at the largest listed timestamp below the cell's. */
  override nextCellHint(cell: Cell): Cell | undefined {
    const next = this.#largestBelow(cell.timestamp);
    if (next === undefined) return undefined;
    return {
      row: cell.row,
      family: cell.family,
      qualifier: cell.qualifier,
      timestamp: next,
      type: CellType.Maximum,
      value: EMPTY_BYTES,
      sequenceId: 0,
    };
  }

  #largestBelow(timestamp: number): number | undefined {
    let low = 0;
    let high = this.#sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.#sorted[mid] ?? 0) < timestamp) low = mid + 1;
      else high = mid;
    }
    return low === 0 ? undefined : this.#sorted[low - 1];
  }
}
