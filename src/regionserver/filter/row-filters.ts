// Filters that decide per row: PrefixFilter and InclusiveStopFilter (which also end the scan once
// past their rows), RandomRowFilter and PageFilter (at most pageSize rows per region scan).
import { compareBytes, type Cell, type Rng } from '../../common/index.js';
import { FilterCode } from './filter.js';
import { FilterBase } from './filter-base.js';

/** Rows starting with the prefix; the scan ends at the first row past them. */
export class PrefixFilter extends FilterBase {
  readonly #prefix: Buffer;
  #filterRow = true;
  #passedPrefix = false;
  readonly #reversed: boolean;

  /** `reversed`: the scan runs downwards, so the prefix is passed below it (HBase's setReversed). */
  constructor(prefix: Buffer, reversed = false) {
    super();
    this.#prefix = prefix;
    this.#reversed = reversed;
  }

  override reset(): void {
    this.#filterRow = true;
  }

  override filterAllRemaining(): boolean {
    return this.#passedPrefix;
  }

  override filterRowKey(row: Buffer): boolean {
    if (this.#passedPrefix) return true;
    const head = row.subarray(0, this.#prefix.length);
    const cmp = compareBytes(head, this.#prefix.subarray(0, head.length));
    // A row above the prefix (on the bytes both have) comes after every row that has it; below
    // it, before every one (a reversed scan is past them there).
    if (this.#reversed ? cmp < 0 : cmp > 0) this.#passedPrefix = true;
    this.#filterRow = cmp !== 0 || head.length < this.#prefix.length;
    return this.#filterRow;
  }

  override filterCell(_cell: Cell): FilterCode {
    return this.#filterRow ? FilterCode.NextRow : FilterCode.Include;
  }

  override filterRow(): boolean {
    return this.#filterRow;
  }
}

/** Rows up to and including the stop row; the scan ends after it. */
export class InclusiveStopFilter extends FilterBase {
  readonly #stopRow: Buffer;
  #done = false;
  readonly #reversed: boolean;

  constructor(stopRow: Buffer, reversed = false) {
    super();
    this.#stopRow = stopRow;
    this.#reversed = reversed;
  }

  override filterAllRemaining(): boolean {
    return this.#done;
  }

  override filterRowKey(row: Buffer): boolean {
    const cmp = compareBytes(row, this.#stopRow);
    this.#done = this.#reversed ? cmp < 0 : cmp > 0;
    return this.#done;
  }

  override filterCell(_cell: Cell): FilterCode {
    return this.#done ? FilterCode.NextRow : FilterCode.Include;
  }
}

/** Each row passes with probability `chance` (below 0: none; above 1: all), drawn from the rng. */
export class RandomRowFilter extends FilterBase {
  readonly #chance: number;
  readonly #rng: Rng;
  #filterOutRow = false;

  constructor(chance: number, rng: Rng) {
    super();
    this.#chance = chance;
    this.#rng = rng;
  }

  override reset(): void {
    this.#filterOutRow = false;
  }

  override filterRowKey(_row: Buffer): boolean {
    if (this.#chance < 0) this.#filterOutRow = true;
    else if (this.#chance > 1) this.#filterOutRow = false;
    else this.#filterOutRow = !(this.#rng.nextFloat() < this.#chance);
    return this.#filterOutRow;
  }

  override filterCell(_cell: Cell): FilterCode {
    return this.#filterOutRow ? FilterCode.NextRow : FilterCode.Include;
  }

  override hasFilterRow(): boolean {
    return true;
  }

  override filterRow(): boolean {
    return this.#filterOutRow;
  }
}

/**
 * At most pageSize rows: counts the rows that reach filterRow (non-empty rows that got that far)
 * and ends the scan once pageSize have. Per region scan, as in HBase: the client caps the total.
 */
export class PageFilter extends FilterBase {
  readonly #pageSize: number;
  #rowsAccepted = 0;

  constructor(pageSize: number) {
    super();
    this.#pageSize = pageSize;
  }

  override filterAllRemaining(): boolean {
    return this.#rowsAccepted >= this.#pageSize;
  }

  override filterCell(_cell: Cell): FilterCode {
    return FilterCode.Include;
  }

  override hasFilterRow(): boolean {
    return true;
  }

  override filterRow(): boolean {
    this.#rowsAccepted++;
    return this.#rowsAccepted > this.#pageSize;
  }
}
