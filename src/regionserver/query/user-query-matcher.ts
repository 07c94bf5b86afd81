// Matchers for Gets and Scans (HBase's UserScanQueryMatcher, NormalUserScanQueryMatcher and
// RawScanQueryMatcher). Invariant: the filter sees a cell only after time range, TTL, deletes,
// column selection and the version count passed it, in HBase 2's order.
//
// Decision: HBase 1 asked the filter before counting versions; HBase 2 (HBASE-17125, kept on
// master) counts first, up to the family's VERSIONS when there is a filter, then asks the filter and
// caps what passes at the versions requested (mergeFilterResponse). We follow HBase 2's code: a
// filter cannot bring back versions that VERSIONS hides and a later compaction would drop.
import { type Cell, isDeleteType } from '../../common/cell.js';
import type { KeepDeletedCells, TimeRange } from '../../common/operations.js';
import { type Filter, FilterCode } from '../filter/filter.js';
import type { ColumnTracker } from './column-tracker.js';
import { DeleteTracker } from './delete-tracker.js';
import { MatchCode } from './match-code.js';
import { QueryMatcher } from './query-matcher.js';

export interface UserMatcherParams {
  readonly columns: ColumnTracker;
  readonly timeRange: TimeRange;
  readonly filter: Filter | undefined;
  /**
   * Versions per column the reader asked for (HBase's `versionsAfterFilter`): with a filter the
   * column tracker counts up to the family's VERSIONS and this caps what passes the filter.
   */
  readonly resultMaxVersions: number;
}

abstract class UserQueryMatcher extends QueryMatcher {
  protected readonly timeRange: TimeRange;
  readonly #filter: Filter | undefined;
  readonly #resultMaxVersions: number;
  /** Versions of `#countedColumn` that passed the filter (HBase's recount after the filter). */
  #countedColumn: Cell | undefined;
  #countAfterFilter = 0;

  protected constructor(params: UserMatcherParams) {
    super(params.columns);
    this.timeRange = params.timeRange;
    this.#filter = params.filter;
    this.#resultMaxVersions = params.resultMaxVersions;
  }

  override nextKeyHint(cell: Cell): Cell | undefined {
    return this.#filter?.nextCellHint(cell);
  }

  protected filterAllRemaining(): boolean {
    return this.#filter !== undefined && this.#filter.filterAllRemaining();
  }

  /** Time range, column selection, versions, then the filter. */
  protected matchColumn(cell: Cell): MatchCode {
    const timestamp = cell.timestamp;
    // Newer than the range: skip it (it takes no version slot); older: so is the rest.
    if (timestamp >= this.timeRange.maxTs) return MatchCode.Skip;
    if (timestamp < this.timeRange.minTs) return this.columns.nextRowOrNextColumn(cell);
    const columnCode = this.columns.checkColumn(cell);
    if (columnCode !== MatchCode.Include) return columnCode;
    const versionCode = this.columns.checkVersions(cell, false);
    if (versionCode === MatchCode.Skip || versionCode === MatchCode.SeekNextCol) return versionCode;
    const filter = this.#filter;
    if (filter === undefined) return versionCode;
    return this.#mergeFilterResponse(cell, versionCode, filter.filterCell(cell));
  }

  /** HBase's UserScanQueryMatcher.mergeFilterResponse: the larger step wins, then a recount. */
  #mergeFilterResponse(cell: Cell, versionCode: MatchCode, filterCode: FilterCode): MatchCode {
    let code = versionCode;
    switch (filterCode) {
      case FilterCode.Skip:
        if (code === MatchCode.Include) return MatchCode.Skip;
        if (code === MatchCode.IncludeAndSeekNextCol) return MatchCode.SeekNextCol;
        return MatchCode.SeekNextRow;
      case FilterCode.NextCol:
        if (code === MatchCode.IncludeAndSeekNextRow) return MatchCode.SeekNextRow;
        return this.columns.nextRowOrNextColumn(cell);
      case FilterCode.NextRow:
        return MatchCode.SeekNextRow;
      case FilterCode.SeekNextUsingHint:
        return MatchCode.SeekNextUsingHint;
      case FilterCode.Include:
        break;
      case FilterCode.IncludeAndNextCol:
        if (code === MatchCode.Include) code = MatchCode.IncludeAndSeekNextCol;
        break;
      case FilterCode.IncludeAndSeekNextRow:
        code = MatchCode.IncludeAndSeekNextRow;
        break;
    }
    if (!this.#sameColumn(cell)) {
      this.#countedColumn = cell;
      this.#countAfterFilter = 0;
    }
    this.#countAfterFilter++;
    if (this.#countAfterFilter > this.#resultMaxVersions) {
      code =
        code === MatchCode.IncludeAndSeekNextRow ? MatchCode.SeekNextRow : MatchCode.SeekNextCol;
    }
    if (code === MatchCode.IncludeAndSeekNextCol || code === MatchCode.SeekNextCol) {
      // The seek goes to the tracker's hint, so the tracker must be past this column (HBASE-19749).
      this.columns.doneWithColumn(cell);
    }
    return code;
  }

  #sameColumn(cell: Cell): boolean {
    const counted = this.#countedColumn;
    return (
      counted !== undefined &&
      counted.row.equals(cell.row) &&
      counted.family.equals(cell.family) &&
      counted.qualifier.equals(cell.qualifier)
    );
  }
}

/** A normal read: delete markers mask what they cover and are never returned. */
export class NormalUserQueryMatcher extends UserQueryMatcher {
  readonly #deletes = new DeleteTracker();
  /** KEEP_DELETED_CELLS: a time-range read can see what a later marker deleted. */
  readonly #seePastDeleteMarkers: boolean;

  constructor(params: UserMatcherParams, keepDeletedCells: KeepDeletedCells) {
    super(params);
    this.#seePastDeleteMarkers = keepDeletedCells !== 'FALSE';
  }

  match(cell: Cell): MatchCode {
    if (this.filterAllRemaining()) return MatchCode.DoneScan;
    const early = this.preCheck(cell);
    if (early !== undefined) return early;
    if (isDeleteType(cell.type)) {
      // With KEEP_DELETED_CELLS only markers inside the range count; otherwise a marker counts
      // unless it is older than the range (it masks older versions, so it reaches into the range).
      const timestamp = cell.timestamp;
      const counts = this.#seePastDeleteMarkers
        ? timestamp >= this.timeRange.minTs && timestamp < this.timeRange.maxTs
        : timestamp >= this.timeRange.minTs;
      if (counts) this.#deletes.add(cell);
      return MatchCode.Skip;
    }
    const deleted = this.checkDeleted(this.#deletes, cell);
    if (deleted !== undefined) return deleted;
    return this.matchColumn(cell);
  }

  protected resetRow(): void {
    this.#deletes.reset();
  }
}

/** A raw read: markers and what they mask are returned; nothing is masked. */
export class RawUserQueryMatcher extends UserQueryMatcher {
  constructor(params: UserMatcherParams) {
    super(params);
  }

  match(cell: Cell): MatchCode {
    if (this.filterAllRemaining()) return MatchCode.DoneScan;
    const early = this.preCheck(cell);
    if (early !== undefined) return early;
    return this.matchColumn(cell);
  }

  protected resetRow(): void {}
}
