// A cached data block's restart rows as numbers, for seeks: the rows share a prefix, and the six
// bytes after it, as an order-preserving number in a Float64Array, decide nearly every probe of
// the binary search without touching a row's bytes (each probe elsewhere is a cache miss). Pure.
// Invariant: for rows sharing the prefix, tailNumber order agrees with byte order wherever the
// numbers differ; equal numbers mean "compare the keys".
import { compareRange } from './key.js';

/** Bytes after the shared prefix folded into one number: 257^6 < 2^53, so it is exact. */
const TAIL_BYTES = 6;
const DIGITS = 257;

export interface RestartIndex {
  /** The prefix every restart row shares. */
  readonly prefix: Buffer;
  /** tailNumber(row, prefix.length) of each restart row. */
  readonly tails: Float64Array;
}

/** Rows in order (the restart points' rows of one block). */
export function buildRestartIndex(rows: readonly Buffer[]): RestartIndex {
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
 * Where `row` falls against the block's shared prefix: negative when it sorts before every
 * restart row, positive after every one, 0 when it shares the prefix (then compare tails).
 */
export function comparePrefix(index: RestartIndex, row: Buffer): number {
  const prefix = index.prefix;
  if (row.length < prefix.length) {
    const c = compareRange(prefix, 0, row.length, row);
    // Equal on row's length: row is a proper prefix of every restart row, so it sorts first.
    return c === 0 ? -1 : -c;
  }
  return -compareRange(prefix, 0, prefix.length, row.subarray(0, prefix.length));
}
