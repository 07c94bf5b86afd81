// The cells a flush or compaction writes into its new store file (HBase's StoreScanner in its
// compaction role): the inputs merged and passed through the retain- or drop-deletes matcher.
// Invariant: output is in cell order and is a subset of the inputs; cells are never rewritten.
import { assert } from '../../common/assert.js';
import { bytesEqual, EMPTY_BYTES } from '../../common/bytes.js';
import { type Cell, OLDEST_TIMESTAMP } from '../../common/cell.js';
import { firstOnRow, lastOnRow } from '../../common/cell-comparator.js';
import type { FamilyDescriptor } from '../../common/operations.js';
import type { CellScanner } from '../scanner.js';
import {
  type CompactionMode,
  DropDeletesMatcher,
  RetainDeletesMatcher,
} from './compaction-query-matcher.js';
import { KeyValueHeap } from './key-value-heap.js';
import { MatchCode } from './match-code.js';
import type { QueryMatcher } from './query-matcher.js';

export interface CompactionScanOptions {
  readonly family: FamilyDescriptor;
  /** Flush and minor compaction: retain-deletes; major compaction (all files): drop-deletes. */
  readonly mode: CompactionMode;
  /** "Now" for TTL expiry. */
  readonly nowMs: number;
  /** The oldest read point an open reader holds (HBase's smallestReadPoint). */
  readonly smallestReadPoint: number;
  /**
   * The smallest Put timestamp over the input files (HBase's EARLIEST_PUT_TS; LATEST_TIMESTAMP
   * when they hold no Put). Default OLDEST_TIMESTAMP: unknown, so the rule never drops a marker.
   */
  readonly earliestPutTs?: number;
  /** hbase.hstore.time.to.purge.deletes; default 0 (markers go at the first major compaction). */
  readonly timeToPurgeDeletesMs?: number;
}

export class CompactionScanner {
  readonly #heap: KeyValueHeap;
  readonly #matcher: QueryMatcher;
  #started = false;
  #closed = false;
  #row: Buffer | undefined;

  /** The sources need not be positioned; the first `next` seeks them to the start. */
  constructor(sources: readonly CellScanner[], options: CompactionScanOptions) {
    this.#heap = new KeyValueHeap(sources);
    const params = {
      family: options.family,
      nowMs: options.nowMs,
      smallestReadPoint: options.smallestReadPoint,
      earliestPutTs: options.earliestPutTs ?? OLDEST_TIMESTAMP,
      timeToPurgeDeletesMs: options.timeToPurgeDeletesMs ?? 0,
    };
    this.#matcher =
      options.mode === 'retain-deletes'
        ? new RetainDeletesMatcher(params)
        : new DropDeletesMatcher(params);
  }

  /**
   * Appends up to `maxCells` cells to `out`. Returns false once the inputs are exhausted (the
   * cells appended by that last call still belong to the output); the sources are then closed.
   */
  async next(out: Cell[], maxCells: number): Promise<boolean> {
    assert(Number.isSafeInteger(maxCells) && maxCells >= 1, 'maxCells is a positive integer');
    if (this.#closed) return false;
    if (!this.#started) {
      this.#started = true;
      const moved = this.#heap.seek(firstOnRow(EMPTY_BYTES));
      if (moved !== undefined) await moved;
    }
    let appended = 0;
    while (appended < maxCells) {
      const cell = this.#heap.peek();
      if (cell === undefined) break;
      if (this.#row === undefined || !bytesEqual(cell.row, this.#row)) {
        this.#row = cell.row;
        this.#matcher.setToNewRow();
      }
      const code = this.#matcher.match(cell);
      if (code === MatchCode.Include) {
        out.push(cell);
        appended++;
      }
      const moved = this.#move(code, cell);
      if (moved !== undefined) await moved;
    }
    if (this.#heap.peek() !== undefined) return true;
    this.close();
    return false;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#heap.close();
  }

  #move(code: MatchCode, cell: Cell): void | Promise<void> {
    switch (code) {
      case MatchCode.Include:
      case MatchCode.Skip:
        return this.#heap.next();
      case MatchCode.SeekNextCol:
        return this.#heap.reseek(this.#matcher.keyForNextColumn(cell));
      case MatchCode.SeekNextRow:
        return this.#heap.reseek(lastOnRow(cell.row));
      default:
        // The compaction matchers use a wildcard tracker and no filter.
        assert(false, `compaction matcher returned match code ${code}`);
    }
  }
}
