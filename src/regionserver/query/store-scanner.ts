// One family's reader for a Get or Scan (HBase's StoreScanner): merges the memstore's and the store
// files' scanners and passes each row through a user query matcher. Invariant: between calls the
// cursor sits on the first cell of a row (or at the end), and cells above the read point are never
// seen by the matcher.
import { bytesEqual, compareBytes } from '../../common/bytes.js';
import { type Cell, cellSizeBytes } from '../../common/cell.js';
import { compareCells, firstOnRow, lastOnRow } from '../../common/cell-comparator.js';
import { InvalidArgumentError } from '../../common/errors.js';
import type { FamilyDescriptor, TimeRange } from '../../common/operations.js';
import type { Filter } from '../filter/filter.js';
import type { CellScanner } from '../scanner.js';
import {
  type ColumnTracker,
  ExplicitColumnTracker,
  WildcardColumnTracker,
} from './column-tracker.js';
import { RowTooBigError } from './errors.js';
import { KeyValueHeap } from './key-value-heap.js';
import { ROW_RESULT_BYTES_MAX } from './limits.js';
import { isInclude, MatchCode } from './match-code.js';
import { oldestUnexpiredTs, type QueryMatcher } from './query-matcher.js';
import { NormalUserQueryMatcher, RawUserQueryMatcher } from './user-query-matcher.js';

export interface StoreScanParams {
  readonly family: FamilyDescriptor;
  /** Undefined or empty: every qualifier. Sorted and deduplicated here. */
  readonly qualifiers: readonly Buffer[] | undefined;
  /** [minTs, maxTs). */
  readonly timeRange: TimeRange;
  /** Requested versions per column; effective min(requested, family.maxVersions) unless raw. */
  readonly maxVersions: number;
  readonly raw: boolean;
  /** Cells with a higher sequence id are invisible. */
  readonly readPoint: number;
  /** "Now" for TTL expiry. */
  readonly nowMs: number;
  /** Shared by all stores of the scan; the region drives reset/filterRowKey/filterRow. */
  readonly filter: Filter | undefined;
  /** HBase setMaxResultsPerColumnFamily: cells per row of this family at most. */
  readonly maxResultsPerFamily?: number | undefined;
  /** HBase setRowOffsetPerColumnFamily: cells per row of this family to skip first. */
  readonly rowOffsetPerFamily?: number | undefined;
  /**
   * A Get: the read ends with its row, so once the row is done nothing moves past it (HBase's
   * Get scan has no rows after its own). Default false: the cursor goes on to the next row.
   */
  readonly singleRow?: boolean | undefined;
}

export class StoreScanner {
  readonly #heap: KeyValueHeap;
  readonly #matcher: QueryMatcher;
  readonly #readPoint: number;
  readonly #filter: Filter | undefined;
  readonly #limit: number | undefined;
  readonly #offset: number;
  #countPerRow = 0;
  #rowBytes = 0;
  /** The filter said nothing more can pass, or a single-row read is past its row. */
  #doneScan = false;
  readonly #singleRow: boolean;

  /** The sources need not be positioned: call `seekToRow` before reading. */
  constructor(sources: readonly CellScanner[], params: StoreScanParams) {
    validateParams(params);
    this.#heap = new KeyValueHeap(sources);
    this.#matcher = createUserMatcher(params);
    this.#readPoint = params.readPoint;
    this.#filter = params.filter;
    this.#limit = params.maxResultsPerFamily;
    this.#offset = params.rowOffsetPerFamily ?? 0;
    this.#singleRow = params.singleRow === true;
  }

  /**
   * Puts the cursor on the first cell of the first row >= row. Like every method here that may
   * read, it returns a promise only when a source had to go to a file (the block cache answers
   * synchronously), so that a read served from memory makes no promise at all.
   */
  seekToRow(row: Buffer): void | Promise<void> {
    return this.#heap.seek(firstOnRow(row));
  }

  /** The row the cursor is in (it may yield no visible cells); undefined at the end. */
  peekRow(): Buffer | undefined {
    if (this.#doneScan) return undefined;
    return this.#heap.peek()?.row;
  }

  /**
   * Appends this family's cells of the current row that the read returns (transformed by the
   * filter), in cell order, and leaves the cursor on the next row's first cell.
   */
  readRow(out: Cell[]): void | Promise<void> {
    const first = this.#heap.peek();
    if (first === undefined || this.#doneScan) return;
    this.#matcher.setToNewRow();
    this.#countPerRow = 0;
    this.#rowBytes = 0;
    return this.#readFrom(first.row, out);
  }

  /** The rest of readRow from the current cell; continues after a move that had to wait. */
  #readFrom(row: Buffer, out: Cell[]): void | Promise<void> {
    for (;;) {
      const cell = this.#heap.peek();
      if (cell === undefined || !bytesEqual(cell.row, row)) return;
      let code: MatchCode = MatchCode.Skip;
      if (cell.sequenceId <= this.#readPoint) {
        code = this.#matcher.match(cell);
        if (code === MatchCode.DoneScan) {
          this.#doneScan = true;
          return;
        }
        code = this.#include(cell, code, out);
      }
      if (code === MatchCode.SeekNextRow) {
        if (!this.#singleRow) return this.#heap.reseek(lastOnRow(row));
        this.#doneScan = true;
        return;
      }
      const moved = this.#move(code, cell);
      if (moved !== undefined) return moved.then(() => this.#readFrom(row, out));
    }
  }

  /** For reversed scans: the largest row below `row` (undefined: the end) with a cell here. */
  lastRowBefore(row: Buffer | undefined): Buffer | undefined | Promise<Buffer | undefined> {
    return this.#heap.lastRowBefore(row);
  }

  close(): void {
    this.#heap.close();
  }

  /** Adds an included cell to the result; returns the move to make next. */
  #include(cell: Cell, code: MatchCode, out: Cell[]): MatchCode {
    if (!isInclude(code)) return code;
    const result = this.#filter === undefined ? cell : this.#filter.transformCell(cell);
    this.#countPerRow++;
    if (this.#limit !== undefined && this.#countPerRow > this.#limit + this.#offset) {
      return MatchCode.SeekNextRow;
    }
    if (this.#countPerRow > this.#offset) {
      this.#rowBytes += cellSizeBytes(result);
      if (this.#rowBytes > ROW_RESULT_BYTES_MAX) {
        throw new RowTooBigError(
          `row ${result.row.toString('hex')} of family ${result.family.toString('latin1')} ` +
            `returns over ${this.#rowBytes} bytes; ROW_RESULT_BYTES_MAX is ${ROW_RESULT_BYTES_MAX}`,
        );
      }
      out.push(result);
    }
    if (code === MatchCode.Include) return MatchCode.Skip;
    return code === MatchCode.IncludeAndSeekNextCol ? MatchCode.SeekNextCol : MatchCode.SeekNextRow;
  }

  /** Skip, SeekNextCol or SeekNextUsingHint: moves within (or past) the row. */
  #move(code: MatchCode, cell: Cell): void | Promise<void> {
    switch (code) {
      case MatchCode.SeekNextCol:
        return this.#heap.reseek(this.#matcher.keyForNextColumn(cell));
      case MatchCode.SeekNextUsingHint: {
        const hint = this.#matcher.nextKeyHint(cell);
        // A hint that does not move forward would loop: step instead.
        if (hint !== undefined && compareCells(hint, cell) > 0) return this.#heap.reseek(hint);
        return this.#heap.next();
      }
      default:
        return this.#heap.next();
    }
  }
}

function validateParams(params: StoreScanParams): void {
  const family = params.family.name;
  if (params.raw && params.qualifiers !== undefined && params.qualifiers.length > 0) {
    // HBase: "Cannot specify any column for a raw scan".
    throw new InvalidArgumentError(
      `a raw read names ${params.qualifiers.length} qualifiers of family "${family}"; ` +
        'a raw read can only select whole families',
    );
  }
  if (!Number.isSafeInteger(params.maxVersions) || params.maxVersions < 1) {
    throw new InvalidArgumentError(`maxVersions is ${params.maxVersions}; it must be at least 1`);
  }
  checkCount('maxResultsPerFamily', params.maxResultsPerFamily);
  checkCount('rowOffsetPerFamily', params.rowOffsetPerFamily);
}

function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw new InvalidArgumentError(`${name} is ${value}; it must be an integer >= 0`);
  }
}

function createUserMatcher(params: StoreScanParams): QueryMatcher {
  const { family, filter, raw } = params;
  const resultMaxVersions = raw
    ? params.maxVersions
    : Math.min(params.maxVersions, family.maxVersions);
  // HBase 2: with a filter the tracker counts the versions the family keeps and the filter's
  // survivors are capped afterwards, so a filter cannot dig up versions beyond VERSIONS.
  const trackedVersions =
    filter === undefined ? resultMaxVersions : raw ? Number.POSITIVE_INFINITY : family.maxVersions;
  const rules = {
    maxVersions: trackedVersions,
    minVersions: family.minVersions,
    // A raw read shows expired cells too (HBase: oldestUnexpiredTS = 0 for raw scans).
    oldestUnexpiredTs: raw ? Number.NEGATIVE_INFINITY : oldestUnexpiredTs(family, params.nowMs),
  };
  const qualifiers =
    params.qualifiers === undefined || params.qualifiers.length === 0
      ? NO_QUALIFIERS
      : sortedDistinct(params.qualifiers);
  const columns: ColumnTracker =
    qualifiers.length === 0
      ? new WildcardColumnTracker(rules)
      : new ExplicitColumnTracker(qualifiers, rules);
  const matcherParams = { columns, timeRange: params.timeRange, filter, resultMaxVersions };
  return raw
    ? new RawUserQueryMatcher(matcherParams)
    : new NormalUserQueryMatcher(matcherParams, family.keepDeletedCells);
}

const NO_QUALIFIERS: readonly Buffer[] = [];

function sortedDistinct(qualifiers: readonly Buffer[]): readonly Buffer[] {
  if (qualifiers.length === 1) return qualifiers;
  const sorted = [...qualifiers].sort(compareBytes);
  return sorted.filter((q, i) => i === 0 || compareBytes(q, sorted[i - 1] as Buffer) !== 0);
}
