// Matchers for writing new store files (HBase's MinorCompactionScanQueryMatcher and
// MajorCompactionScanQueryMatcher). Retain-deletes (flush, minor compaction) keeps every marker;
// drop-deletes (major compaction) drops them. Invariant: nothing a reader at or above the smallest
// read point could see is lost, and nothing a reader below it could see is masked.
import { type Cell, isDeleteType } from '../../common/cell.js';
import type { FamilyDescriptor, KeepDeletedCells } from '../../common/operations.js';
import { WildcardColumnTracker } from './column-tracker.js';
import { DeleteTracker } from './delete-tracker.js';
import { MatchCode } from './match-code.js';
import { oldestUnexpiredTs, QueryMatcher } from './query-matcher.js';

export type CompactionMode = 'retain-deletes' | 'drop-deletes';

export interface CompactionMatcherParams {
  readonly family: FamilyDescriptor;
  readonly nowMs: number;
  /**
   * The oldest read point any open reader holds. Cells written above it may be invisible to some
   * reader: their markers mask nothing yet and are kept, and they take no version slot.
   */
  readonly smallestReadPoint: number;
  /**
   * HBase's EARLIEST_PUT_TS: the smallest Put timestamp in the input files. A kept marker older
   * than it masks nothing and is dropped by a major compaction. OLDEST_TIMESTAMP (0): unknown.
   */
  readonly earliestPutTs: number;
  /** hbase.hstore.time.to.purge.deletes: a major compaction keeps markers younger than this. */
  readonly timeToPurgeDeletesMs: number;
}

abstract class CompactionQueryMatcher extends QueryMatcher {
  protected readonly deletes = new DeleteTracker();
  protected readonly keepDeletedCells: KeepDeletedCells;
  protected readonly oldestUnexpiredTs: number;
  protected readonly smallestReadPoint: number;

  protected constructor(params: CompactionMatcherParams) {
    const oldest = oldestUnexpiredTs(params.family, params.nowMs);
    super(
      new WildcardColumnTracker({
        maxVersions: params.family.maxVersions,
        minVersions: params.family.minVersions,
        oldestUnexpiredTs: oldest,
      }),
    );
    this.keepDeletedCells = params.family.keepDeletedCells;
    this.oldestUnexpiredTs = oldest;
    this.smallestReadPoint = params.smallestReadPoint;
  }

  protected resetRow(): void {
    this.deletes.reset();
  }

  /**
   * With KEEP_DELETED_CELLS deleted cells stay (versions and TTL still apply), so markers mask
   * nothing here; in TTL mode an expired marker masks again (what it masks has expired too, but
   * MIN_VERSIONS could otherwise keep it).
   */
  protected trackDelete(marker: Cell): void {
    const kdc = this.keepDeletedCells;
    if (kdc === 'FALSE' || (kdc === 'TTL' && marker.timestamp < this.oldestUnexpiredTs)) {
      this.deletes.add(marker);
    }
  }

  protected aboveReadPoint(cell: Cell): boolean {
    return cell.sequenceId > this.smallestReadPoint;
  }
}

/** Flush and minor compaction: every marker stays; masked Puts, surplus and expired go. */
export class RetainDeletesMatcher extends CompactionQueryMatcher {
  constructor(params: CompactionMatcherParams) {
    super(params);
  }

  match(cell: Cell): MatchCode {
    const early = this.preCheck(cell);
    if (early !== undefined) return early;
    if (isDeleteType(cell.type)) {
      if (!this.aboveReadPoint(cell)) this.trackDelete(cell);
      return MatchCode.Include;
    }
    const deleted = this.checkDeleted(this.deletes, cell);
    if (deleted !== undefined) return deleted;
    return this.columns.checkVersions(cell, this.aboveReadPoint(cell));
  }
}

/** Major compaction: markers go with what they mask, unless KEEP_DELETED_CELLS keeps both. */
export class DropDeletesMatcher extends CompactionQueryMatcher {
  readonly #nowMs: number;
  readonly #earliestPutTs: number;
  readonly #timeToPurgeDeletesMs: number;

  constructor(params: CompactionMatcherParams) {
    super(params);
    this.#nowMs = params.nowMs;
    this.#earliestPutTs = params.earliestPutTs;
    this.#timeToPurgeDeletesMs = params.timeToPurgeDeletesMs;
  }

  match(cell: Cell): MatchCode {
    const early = this.preCheck(cell);
    if (early !== undefined) return early;
    if (isDeleteType(cell.type)) {
      // A marker some reader may not see yet can neither mask nor go.
      if (this.aboveReadPoint(cell)) return MatchCode.Include;
      this.trackDelete(cell);
      const verdict = this.#tryDropDelete(cell);
      if (verdict !== undefined) return verdict;
    } else {
      const deleted = this.checkDeleted(this.deletes, cell);
      if (deleted !== undefined) return deleted;
    }
    return this.columns.checkVersions(cell, this.aboveReadPoint(cell));
  }

  /**
   * HBase's tryDropDelete. With the default purge delay of 0 every marker goes, even one whose
   * timestamp is in the future (hbase-features.md §1.6 case 5), together with what it masked.
   * Undefined: the marker is kept but counted with the versions of its column.
   */
  #tryDropDelete(marker: Cell): MatchCode | undefined {
    const timestamp = marker.timestamp;
    const purgeMs = this.#timeToPurgeDeletesMs;
    if (purgeMs > 0 && this.#nowMs - timestamp <= purgeMs) return MatchCode.Include;
    const kdc = this.keepDeletedCells;
    if (kdc === 'TRUE' || (kdc === 'TTL' && timestamp >= this.oldestUnexpiredTs)) {
      // Older than every Put: it masks nothing, nor does any later marker of the column.
      if (timestamp < this.#earliestPutTs) return this.columns.nextRowOrNextColumn(marker);
      return undefined;
    }
    return MatchCode.Skip;
  }
}
