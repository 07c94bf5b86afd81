// Sorted rows as numbers, for binary searches over a data block's restart points or a file's block
// index: the rows share a prefix, and the six bytes after it, as an order-preserving number in a
// Float64Array, decide nearly every probe without touching a row's bytes (each probe elsewhere is
// a cache miss, or a string to make). Pure.
import type { Cell } from '../../common/cell.js';
// Invariant: for rows sharing the prefix, tailNumber order agrees with byte order wherever the
// numbers differ; equal numbers mean "compare the keys".

/** Bytes after the shared prefix folded into one number: 257^6 < 2^53, so it is exact. */
const TAIL_BYTES = 6;
const DIGITS = 257;

export interface RowTails {
  /** The prefix every row shares. */
  readonly prefix: Buffer;
  /** tailNumber(row, prefix.length) of each row. */
  readonly tails: Float64Array;
}

/** Rows in order. */
export function buildRowTails(rows: readonly Buffer[]): RowTails {
  const first = rows[0] ?? Buffer.alloc(0);
  const last = rows[rows.length - 1] ?? first;
  let shared = 0;
  const n = Math.min(first.length, last.length);
  while (shared < n && first[shared] === last[shared]) shared++;
  const tails = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) tails[i] = tailNumber(rows[i] as Buffer, shared);
  return { prefix: Buffer.from(first.subarray(0, shared)), tails };
}

/**
 * Each byte from `from` on as a digit 1..256, a missing byte as 0 (a shorter row sorts first),
 * six digits in base 257, most significant first.
 */
export function tailNumber(row: Buffer, from: number): number {
  let n = 0;
  for (let k = 0; k < TAIL_BYTES; k++) {
    const i = from + k;
    n = n * DIGITS + (i < row.length ? (row[i] as number) + 1 : 0);
  }
  return n;
}

/**
 * Where `row` falls against the rows' shared prefix: negative when it sorts before every row,
 * positive after every one, 0 when it shares the prefix (then compare tails).
 */
export function comparePrefix(index: RowTails, row: Buffer): number {
  const prefix = index.prefix;
  const n = prefix.length < row.length ? prefix.length : row.length;
  for (let i = 0; i < n; i++) {
    const d = (row[i] as number) - (prefix[i] as number);
    if (d !== 0) return d;
  }
  // Equal on row's length and row is shorter: a proper prefix of every row, so it sorts first.
  return row.length < prefix.length ? -1 : 0;
}

/** Decides a tie of numbers: row i's whole key against the search key, in compareCells order. */
export interface TieBreaker {
  compareAt(i: number, search: Cell): number;
}

/**
 * The last i in [from, tails.length) whose key sorts below `search`, the numbers deciding and
 * `keys` breaking ties; `from` if there is none.
 */
export function lastBelow(index: RowTails, from: number, search: Cell, keys: TieBreaker): number {
  let lo = from;
  let hi = index.tails.length - 1;
  if (lo >= hi) return lo;
  const row = search.row;
  const side = comparePrefix(index, row);
  if (side < 0) return lo;
  if (side > 0) return hi;
  const tail = tailNumber(row, index.prefix.length);
  const tails = index.tails;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    const probe = tails[mid] as number;
    const c = probe !== tail ? (probe < tail ? -1 : 1) : keys.compareAt(mid, search);
    if (c < 0) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
