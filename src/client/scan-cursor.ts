// Where a scan across regions stands (pure): the region to open next, the Scan that region gets
// (resumed after the last row handed out, its limit lowered by the rows already counted), and the
// rows each call brings, cut to the limit. Invariant: no row is handed out twice or skipped —
// a reopened region starts after the last whole row, or inside a row cut by setBatch at the cell
// after the last one handed out.
import { compareBytes, EMPTY_BYTES } from '../common/bytes.js';
import type { Cell } from '../common/cell.js';
import type { RegionInfo } from '../regionserver/region-info.js';
import type { LookupTarget } from './meta-lookup.js';
import { Result, type Scan } from './ops/index.js';

export class ScanCursor {
  readonly #scan: Scan;
  readonly #reversed: boolean;
  readonly #limit: number | undefined;
  readonly #batch: number | undefined;
  #position: LookupTarget;
  #done = false;
  #lastRow: Buffer | undefined;
  /** Cells of the last row handed out so far. */
  #cellsInLastRow = 0;
  /** The last row may go on (setBatch cut it): it is reopened at that row, not after it. */
  #partial = false;
  /** Cells of the last row still to drop when it is read again from its start. */
  #skip = 0;
  #rows = 0;

  constructor(scan: Scan) {
    this.#scan = scan;
    this.#reversed = scan.isReversed();
    this.#limit = scan.getLimit();
    this.#batch = scan.getBatch();
    const start = scan.getStartRow();
    this.#position =
      this.#reversed && start.length === 0
        ? { kind: 'before', key: EMPTY_BYTES }
        : { kind: 'at', row: start };
  }

  /** The region to open next: the one holding a row, or the one just before a key. */
  get position(): LookupTarget {
    return this.#position;
  }

  get done(): boolean {
    return this.#done;
  }

  /** Rows handed out so far (a row cut by setBatch counts once). */
  get rows(): number {
    return this.#rows;
  }

  /** The Scan to open the next region with. */
  regionScan(): Scan {
    let scan = this.#scan;
    const last = this.#lastRow;
    this.#skip = 0;
    if (last !== undefined && this.#partial) {
      scan = scan.withStartRow(last, true);
      this.#skip = this.#cellsInLastRow;
    } else if (last !== undefined) {
      scan = scan.resumeAfter(last);
    }
    const left = this.#rowsLeft();
    return left === undefined ? scan : scan.withLimit(left);
  }

  /** Rows to ask for in one call: the caching, or fewer when the limit is near. */
  rowsPerCall(caching: number): number {
    const left = this.#rowsLeft();
    return left === undefined ? caching : Math.max(1, Math.min(caching, left));
  }

  /** One call's rows (each a row, or part of one with setBatch): the Results to hand out. */
  accept(rows: readonly (readonly Cell[])[]): Result[] {
    const out: Result[] = [];
    for (const chunk of rows) {
      if (this.#done) break;
      const first = chunk[0];
      if (first === undefined) continue;
      const full = this.#batch !== undefined && chunk.length >= this.#batch;
      let cells = chunk;
      if (this.#lastRow !== undefined && first.row.equals(this.#lastRow)) {
        const drop = Math.min(this.#skip, cells.length);
        this.#skip -= drop;
        cells = drop === 0 ? cells : cells.slice(drop);
        this.#partial = full;
        if (cells.length === 0) continue;
        this.#cellsInLastRow += cells.length;
      } else {
        if (this.#limit !== undefined && this.#rows >= this.#limit) {
          this.#done = true;
          break;
        }
        this.#rows++;
        this.#lastRow = first.row;
        this.#cellsInLastRow = cells.length;
        this.#skip = 0;
        this.#partial = full;
      }
      this.#position = { kind: 'at', row: first.row };
      out.push(new Result(cells, { mayHaveMoreCellsInRow: full }));
    }
    if (this.#limit !== undefined && this.#rows >= this.#limit && !this.#partial) this.#done = true;
    return out;
  }

  /** The region `info` has no more rows for the scan: move to the next one, or finish. */
  regionDone(info: RegionInfo): void {
    this.#partial = false;
    this.#skip = 0;
    const { stopRow, stopRowInclusive } = this.#scan.rowBounds();
    if (this.#reversed) {
      const start = info.startKey;
      if (start.length === 0 || (stopRow.length > 0 && compareBytes(start, stopRow) <= 0)) {
        this.#done = true;
      } else {
        this.#position = { kind: 'before', key: start };
      }
      return;
    }
    const end = info.endKey;
    const c = stopRow.length === 0 || end.length === 0 ? -1 : compareBytes(end, stopRow);
    if (end.length === 0 || c > 0 || (c === 0 && !stopRowInclusive)) this.#done = true;
    else this.#position = { kind: 'at', row: end };
  }

  /** Ends the scan here (the caller closed it). */
  finish(): void {
    this.#done = true;
  }

  #rowsLeft(): number | undefined {
    if (this.#limit === undefined) return undefined;
    return Math.max(1, this.#limit - this.#rows + (this.#partial ? 1 : 0));
  }
}
