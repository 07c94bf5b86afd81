// The order of a drained tail (segment.ts), pure: the indices of its entries sorted by compareKeys.
// A comparator sort of 130,000 entries (a flush of PE rows) spends most of its time calling the
// comparator. Here each entry first gets a 64-bit word: the PREFIX_KEY_CHARS characters of its
// row after the prefix every row shares, then its index. The words sort natively (a typed-array
// sort, no callback), and only runs of equal keys, rows that agree on those characters, are sorted
// again with the full comparator. Invariant: keyOf is monotonic (a row that sorts before another
// never gets a larger key), so the native sort already puts every run in its place.
import type { Cell } from '../../common/index.js';
import { compareKeys } from './cell-set.js';

/** Row characters in a key: 5 latin1 characters are 40 bits, which leaves 24 for the index. */
const PREFIX_KEY_CHARS = 5;
const INDEX_BITS = 24;
/** Above this many entries the index does not fit beside the key: the comparator sort does it all. */
export const TAIL_ORDER_KEYED_MAX = 2 ** INDEX_BITS;
/** Runs of equal keys up to this long are sorted in place by insertion. */
const RUN_INSERTION_MAX = 16;
/** Below this many entries the comparator sort is as quick. */
const KEYED_MIN = 64;
const TWO_32 = 2 ** 32;
/** Which 32-bit half of a 64-bit word comes first in memory. */
const LOW = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;

/** Indices 0..rows.length-1 in compareKeys order of (rows[i], cells[i]). */
export function tailOrder(rows: readonly string[], cells: readonly Cell[]): number[] {
  const n = rows.length;
  const full = (a: number, b: number): number =>
    compareKeys(rows[a] as string, cells[a] as Cell, rows[b] as string, cells[b] as Cell);
  if (n < KEYED_MIN || n >= TAIL_ORDER_KEYED_MAX) {
    return Array.from({ length: n }, (_, i) => i).sort(full);
  }
  const skip = commonPrefixLength(rows);
  // Each word is key (40 bits) << 24 | index, written as two 32-bit halves (little-endian words).
  const words = new BigUint64Array(n);
  const halves = new Uint32Array(words.buffer);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as string;
    let key = 0;
    for (let k = 0; k < PREFIX_KEY_CHARS; k++) {
      // A row that ends early counts as 0 there: monotonic, and ties go to the comparator.
      key = key * 256 + (skip + k < row.length ? row.charCodeAt(skip + k) & 0xff : 0);
    }
    // key < 2^40: high half = key >> 8, low half = (key & 0xff) << 24 | i.
    halves[2 * i + HIGH] = Math.floor(key / 256);
    halves[2 * i + LOW] = ((key % 256) * 2 ** INDEX_BITS + i) % TWO_32;
  }
  words.sort();
  const order = new Array<number>(n);
  const keys = new Array<number>(n);
  const indexMask = 2 ** INDEX_BITS - 1;
  for (let j = 0; j < n; j++) {
    const low = halves[2 * j + LOW] as number;
    order[j] = low & indexMask;
    keys[j] = (halves[2 * j + HIGH] as number) * 256 + (low >>> INDEX_BITS);
  }
  sortRuns(order, keys, full);
  return order;
}

/**
 * Sorts, with `full`, each run of equal keys in `order` (already in key order). Runs are short
 * (rows that agree on the key's characters), so an insertion sort in place does it; a run longer
 * than RUN_INSERTION_MAX is cut out and sorted.
 */
function sortRuns(
  order: number[],
  keys: readonly number[],
  full: (a: number, b: number) => number,
): void {
  const n = order.length;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && keys[end] === keys[start]) end++;
    if (end - start > RUN_INSERTION_MAX) {
      const run = order.slice(start, end).sort(full);
      for (let k = 0; k < run.length; k++) order[start + k] = run[k] as number;
    } else {
      for (let i = start + 1; i < end; i++) {
        const item = order[i] as number;
        let j = i - 1;
        while (j >= start && full(order[j] as number, item) > 0) {
          order[j + 1] = order[j] as number;
          j--;
        }
        order[j + 1] = item;
      }
    }
    start = end;
  }
}

/** Characters every row begins with (latin1 strings: bytes). */
function commonPrefixLength(rows: readonly string[]): number {
  const first = rows[0] as string;
  let length = first.length;
  for (let i = 1; i < rows.length && length > 0; i++) {
    const row = rows[i] as string;
    if (row.length < length) length = row.length;
    let k = 0;
    while (k < length && row.charCodeAt(k) === first.charCodeAt(k)) k++;
    length = k;
  }
  return length;
}
