// FuzzyRowFilter: rows matching any (row, mask) pair, where mask byte 0 fixes the row byte at that
// position and 1 lets it be anything (HBase 2's user-facing convention). A row must be at least as
// long as the pair's key (HBase also lets shorter rows match on the bytes they have; we do not).
// A row that matches no pair seeks to the smallest larger row that can match one.
import {
  type Cell,
  bytesEqual,
  compareBytes,
  firstOnRow,
  InvalidArgumentError,
} from '../../common/index.js';
import { FilterCode } from './filter.js';
import { FilterBase } from './filter-base.js';

const FIXED = 0;
const ANY = 1;
const BYTE_MAX = 0xff;

export interface FuzzyPair {
  readonly row: Buffer;
  readonly mask: Buffer;
}

function checkPair(pair: FuzzyPair): void {
  if (pair.row.length !== pair.mask.length) {
    throw new InvalidArgumentError(
      `fuzzy key is ${pair.row.length} bytes but its mask is ${pair.mask.length}; they must match`,
    );
  }
  if (pair.mask.some((byte) => byte !== FIXED && byte !== ANY)) {
    throw new InvalidArgumentError('fuzzy mask bytes must be 0 (fixed) or 1 (any)');
  }
}

function satisfies(row: Buffer, pair: FuzzyPair): boolean {
  if (row.length < pair.row.length) return false;
  for (let i = 0; i < pair.row.length; i++) {
    if (pair.mask[i] === FIXED && row[i] !== pair.row[i]) return false;
  }
  return true;
}

/** The smallest bytes for positions `from` onwards: the fixed bytes, 0 where any byte goes. */
function smallestTail(pair: FuzzyPair, from: number): Buffer {
  const tail = Buffer.alloc(Math.max(0, pair.row.length - from));
  for (let i = from; i < pair.row.length; i++) {
    if (pair.mask[i] === FIXED) tail[i - from] = pair.row[i] ?? 0;
  }
  return tail;
}

/**
 * The smallest row above `row` that satisfies the pair (row itself does not), or undefined. It
 * keeps the longest prefix of `row` it can and raises the byte right after that prefix.
 */
export function nextFuzzyRow(row: Buffer, pair: FuzzyPair): Buffer | undefined {
  const keyLength = pair.row.length;
  const limit = Math.min(row.length, keyLength);
  let allowed = 0;
  while (allowed < limit && (pair.mask[allowed] === ANY || row[allowed] === pair.row[allowed])) {
    allowed++;
  }
  if (allowed === limit && row.length < keyLength) {
    return Buffer.concat([row, smallestTail(pair, row.length)]);
  }
  for (let j = Math.min(allowed, keyLength - 1); j >= 0; j--) {
    const current = row[j] ?? 0;
    let raised: number | undefined;
    if (pair.mask[j] === FIXED) {
      const fixed = pair.row[j] ?? 0;
      if (fixed > current) raised = fixed;
    } else if (current < BYTE_MAX) {
      raised = current + 1;
    }
    if (raised !== undefined) {
      return Buffer.concat([row.subarray(0, j), Buffer.of(raised), smallestTail(pair, j + 1)]);
    }
  }
  return undefined;
}

export class FuzzyRowFilter extends FilterBase {
  readonly #pairs: readonly FuzzyPair[];
  #lastRow: Buffer | undefined;
  #lastCode: FilterCode = FilterCode.Include;
  #done = false;

  constructor(pairs: readonly FuzzyPair[]) {
    super();
    pairs.forEach(checkPair);
    this.#pairs = pairs;
  }

  override filterAllRemaining(): boolean {
    return this.#done;
  }

  override filterCell(cell: Cell): FilterCode {
    if (this.#lastRow === undefined || !bytesEqual(this.#lastRow, cell.row)) {
      this.#lastRow = cell.row;
      this.#lastCode = this.#decide(cell.row);
    }
    return this.#lastCode;
  }

  override nextCellHint(cell: Cell): Cell | undefined {
    const next = this.#nextRow(cell.row);
    return next === undefined ? undefined : firstOnRow(next);
  }

  #decide(row: Buffer): FilterCode {
    if (this.#pairs.length === 0 || this.#pairs.some((pair) => satisfies(row, pair))) {
      return FilterCode.Include;
    }
    if (this.#nextRow(row) !== undefined) return FilterCode.SeekNextUsingHint;
    this.#done = true;
    return FilterCode.NextRow;
  }

  #nextRow(row: Buffer): Buffer | undefined {
    let best: Buffer | undefined;
    for (const pair of this.#pairs) {
      const next = nextFuzzyRow(row, pair);
      if (next !== undefined && (best === undefined || compareBytes(next, best) < 0)) best = next;
    }
    return best;
  }
}
