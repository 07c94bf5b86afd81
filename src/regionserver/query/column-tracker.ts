// Column selection and version counting for one row of one family, as HBase's
// ScanWildcardColumnTracker and ExplicitColumnTracker. Invariant: cells arrive in cell order and
// `reset` is called at every new row; a column passed over is never seen again in that row.
import { assert } from '../../common/assert.js';
import { compareBytes } from '../../common/bytes.js';
import { type Cell, type CellType, isDeleteType } from '../../common/cell.js';
import { MatchCode } from './match-code.js';

export interface ColumnTracker {
  /** Is the cell's column wanted? Include, SeekNextCol (to `columnHint`) or SeekNextRow. */
  checkColumn(cell: Cell): MatchCode;
  /**
   * Counts the cell as a version of its column. Include*, Skip (a duplicate of the version just
   * included) or SeekNextCol (past the version limit, or expired beyond MIN_VERSIONS).
   * `ignoreCount`: include without counting (compaction, above the smallest read point).
   */
  checkVersions(cell: Cell, ignoreCount: boolean): MatchCode;
  /** Gives up on the cell's column: SeekNextCol, or SeekNextRow when no wanted column is left. */
  nextRowOrNextColumn(cell: Cell): MatchCode;
  /** Marks the cell's column as finished (explicit columns move to the next wanted one). */
  doneWithColumn(cell: Cell): void;
  /** The next wanted qualifier, or undefined when any column may come (wildcard). */
  columnHint(): Buffer | undefined;
  /** True when no wanted column is left in this row. */
  done(): boolean;
  /** True when a cell of this timestamp can be dropped at once: expired and MIN_VERSIONS 0. */
  isDone(timestamp: number): boolean;
  reset(): void;
}

/** The per-column count, with HBase's rules: delete markers take no version slot. */
export interface VersionRules {
  readonly maxVersions: number;
  readonly minVersions: number;
  /** Cells with a timestamp below this are expired (family TTL); -Infinity: none are. */
  readonly oldestUnexpiredTs: number;
}

const enum Verdict {
  Include,
  Duplicate,
  Exhausted,
}

/** Counts the versions of one column; `reset` when the column changes. */
class VersionCounter {
  count = 0;
  #lastTs = -1;
  #lastType = -1;

  constructor(readonly rules: VersionRules) {}

  reset(): void {
    this.count = 0;
    this.#lastTs = -1;
    this.#lastType = -1;
  }

  check(timestamp: number, type: CellType): Verdict {
    // Same timestamp and type as the version just included: an older write of the same
    // coordinates (a lower sequence id), hidden by the newer one.
    if (timestamp === this.#lastTs && type === this.#lastType) return Verdict.Duplicate;
    if (!isDeleteType(type)) this.count++;
    if (this.count > this.rules.maxVersions) return Verdict.Exhausted;
    // MIN_VERSIONS keeps the newest versions even once expired.
    if (this.count <= this.rules.minVersions || timestamp >= this.rules.oldestUnexpiredTs) {
      this.#lastTs = timestamp;
      this.#lastType = type;
      return Verdict.Include;
    }
    return Verdict.Exhausted;
  }

  isExpired(timestamp: number): boolean {
    return timestamp < this.rules.oldestUnexpiredTs;
  }
}

/** Every column of the family (HBase ScanWildcardColumnTracker); also used by compactions. */
export class WildcardColumnTracker implements ColumnTracker {
  readonly #counter: VersionCounter;
  #column: Buffer | undefined;

  constructor(rules: VersionRules) {
    this.#counter = new VersionCounter(rules);
  }

  checkColumn(): MatchCode {
    return MatchCode.Include;
  }

  checkVersions(cell: Cell, ignoreCount: boolean): MatchCode {
    if (this.#column === undefined || compareBytes(cell.qualifier, this.#column) !== 0) {
      assert(
        this.#column === undefined || compareBytes(cell.qualifier, this.#column) > 0,
        'columns arrive in order',
      );
      this.#column = cell.qualifier;
      this.#counter.reset();
    }
    if (ignoreCount) return MatchCode.Include;
    switch (this.#counter.check(cell.timestamp, cell.type)) {
      case Verdict.Include:
        return MatchCode.Include;
      case Verdict.Duplicate:
        return MatchCode.Skip;
      case Verdict.Exhausted:
        return MatchCode.SeekNextCol;
    }
  }

  nextRowOrNextColumn(): MatchCode {
    return MatchCode.SeekNextCol;
  }

  doneWithColumn(): void {}

  columnHint(): Buffer | undefined {
    return undefined;
  }

  done(): boolean {
    return false;
  }

  isDone(timestamp: number): boolean {
    return this.#counter.rules.minVersions <= 0 && this.#counter.isExpired(timestamp);
  }

  reset(): void {
    this.#column = undefined;
    this.#counter.reset();
  }
}

/**
 * The qualifiers a Get or Scan named (HBase ExplicitColumnTracker). Only Puts reach it: delete
 * markers are handled before column selection, and raw reads may not name qualifiers.
 *
 * One deliberate difference from HBase: HBase's explicit tracker returns the first expired version
 * past MIN_VERSIONS (`count >= minVersions && expired` includes it), while its wildcard tracker and
 * every compaction drop it. We follow the wildcard rule here too, so that naming a column never
 * shows a version that reading the whole family (or a compaction) hides.
 */
export class ExplicitColumnTracker implements ColumnTracker {
  readonly #columns: readonly Buffer[];
  readonly #counter: VersionCounter;
  #index = 0;

  /** `columns`: sorted, without duplicates, at least one. */
  constructor(columns: readonly Buffer[], rules: VersionRules) {
    assert(columns.length > 0, 'an explicit column tracker needs a column');
    for (let i = 1; i < columns.length; i++) {
      assert(
        compareBytes(columns[i - 1] as Buffer, columns[i] as Buffer) < 0,
        'explicit columns are sorted and distinct',
      );
    }
    this.#columns = columns;
    this.#counter = new VersionCounter(rules);
  }

  checkColumn(cell: Cell): MatchCode {
    for (;;) {
      const wanted = this.#columns[this.#index];
      if (wanted === undefined) return MatchCode.SeekNextRow;
      const cmp = compareBytes(cell.qualifier, wanted);
      if (cmp === 0) return MatchCode.Include;
      if (cmp < 0) return MatchCode.SeekNextCol;
      // The cell is past the wanted column: that column has nothing (more) in this row.
      this.#advance();
    }
  }

  checkVersions(cell: Cell, ignoreCount: boolean): MatchCode {
    assert(!isDeleteType(cell.type), 'delete markers never reach an explicit column tracker');
    if (ignoreCount) return MatchCode.Include;
    const verdict = this.#counter.check(cell.timestamp, cell.type);
    if (verdict === Verdict.Duplicate) return MatchCode.Skip;
    if (verdict === Verdict.Exhausted) return this.nextRowOrNextColumn(cell);
    const { count, rules } = this.#counter;
    const last =
      count >= rules.maxVersions ||
      (count >= rules.minVersions && this.#counter.isExpired(cell.timestamp));
    if (!last) return MatchCode.Include;
    // Every later version is beyond the limit (or expired beyond MIN_VERSIONS): move on now.
    this.#advance();
    return this.done() ? MatchCode.IncludeAndSeekNextRow : MatchCode.IncludeAndSeekNextCol;
  }

  nextRowOrNextColumn(cell: Cell): MatchCode {
    this.doneWithColumn(cell);
    return this.done() ? MatchCode.SeekNextRow : MatchCode.SeekNextCol;
  }

  doneWithColumn(cell: Cell): void {
    for (;;) {
      const wanted = this.#columns[this.#index];
      if (wanted === undefined) return;
      const cmp = compareBytes(cell.qualifier, wanted);
      if (cmp < 0) return;
      this.#advance();
      if (cmp === 0) return;
    }
  }

  columnHint(): Buffer | undefined {
    return this.#columns[this.#index];
  }

  done(): boolean {
    return this.#index >= this.#columns.length;
  }

  isDone(timestamp: number): boolean {
    return this.#counter.rules.minVersions <= 0 && this.#counter.isExpired(timestamp);
  }

  reset(): void {
    this.#index = 0;
    this.#counter.reset();
  }

  #advance(): void {
    this.#index++;
    this.#counter.reset();
  }
}
