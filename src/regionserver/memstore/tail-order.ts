// The order of a drained tail (segment.ts), pure: the indices of its entries sorted by compareKeys.
// A comparator sort of 130,000 entries (a flush of PE rows) spends most of its time calling the
// comparator. Here each entry first gets a 64-bit word: a key made of its row's characters after
// the prefix every row shares, then its index. The words sort natively (a typed-array sort, no
// callback), and only runs of equal keys, rows that agree on the key's characters, are sorted
// again with the full comparator.
// The key packs each character by its rank among the characters seen at that position (rank 0:
// the row has ended there), in as few bits as that position's ranks need: digits take 4 bits, so
// a key holds up to 11 digits after PE's zeros or YCSB's `user` where whole bytes held 5, and a
// PE run is one row's versions instead of ten rows. Invariant: keyOf is monotonic (a row
// that sorts before another never gets a larger key), so the native sort puts every run in place.
import type { Cell } from '../../common/index.js';
import { compareKeys } from './cell-set.js';

/** Positions after the shared prefix whose characters are ranked (each costs a pass's reads). */
const KEY_POSITIONS_MAX = 16;
/** The index's bits at most: above this many entries, the comparator sort does it all. */
const INDEX_BITS_MAX = 24;
export const TAIL_ORDER_KEYED_MAX = 2 ** INDEX_BITS_MAX;
/** A key is exact in a double up to 53 bits. */
const KEY_BITS_MAX = 53;
/** Runs of equal keys up to this long are sorted in place by insertion. */
const RUN_INSERTION_MAX = 16;
/** Below this many entries the comparator sort is as quick. */
const KEYED_MIN = 64;
const CHAR_VALUES = 256;
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
  const indexBits = Math.ceil(Math.log2(n));
  const layout = keyLayout(rows, skip, Math.min(KEY_BITS_MAX, 64 - indexBits));
  // Each word is key << indexBits | index, as two 32-bit halves: high = the key's top 32 bits.
  const lowKeyBits = 32 - indexBits;
  const lowKeyRange = 2 ** lowKeyBits;
  const indexRange = 2 ** indexBits;
  const words = new BigUint64Array(n);
  const halves = new Uint32Array(words.buffer);
  const { ranks, positions } = layout;
  const scales = layout.bits.map((width) => 2 ** width);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as string;
    const length = row.length;
    let key = 0;
    for (let k = 0; k < positions; k++) {
      const at = skip + k;
      const rank =
        at < length ? (ranks[k * CHAR_VALUES + (row.charCodeAt(at) & 0xff)] as number) : 0;
      key = key * (scales[k] as number) + rank;
    }
    halves[2 * i + HIGH] = Math.floor(key / lowKeyRange);
    halves[2 * i + LOW] = (key % lowKeyRange) * indexRange + i;
  }
  words.sort();
  const order = new Array<number>(n);
  const indexMask = indexRange - 1;
  for (let j = 0; j < n; j++) order[j] = (halves[2 * j + LOW] as number) & indexMask;
  sortRuns(order, halves, indexBits, full);
  return order;
}

interface KeyLayout {
  /** ranks[k * CHAR_VALUES + c]: the rank of character c at position k (from 1). */
  readonly ranks: Uint8Array;
  /** Bits of each position's rank. */
  readonly bits: readonly number[];
  /** Positions in the key. */
  readonly positions: number;
}

/**
 * Which positions after `skip` the key holds, and each character's rank there: as many
 * positions, from the first, as fit in `keyBitsMax` bits.
 */
function keyLayout(rows: readonly string[], skip: number, keyBitsMax: number): KeyLayout {
  const seen = new Uint8Array(KEY_POSITIONS_MAX * CHAR_VALUES);
  for (const row of rows) {
    const stop = Math.min(row.length, skip + KEY_POSITIONS_MAX);
    for (let at = skip; at < stop; at++)
      seen[(at - skip) * CHAR_VALUES + (row.charCodeAt(at) & 0xff)] = 1;
  }
  const ranks = new Uint8Array(KEY_POSITIONS_MAX * CHAR_VALUES);
  const bits: number[] = [];
  let keyBits = 0;
  for (let k = 0; k < KEY_POSITIONS_MAX; k++) {
    let rank = 0;
    for (let c = 0; c < CHAR_VALUES; c++) {
      if (seen[k * CHAR_VALUES + c] === 1) ranks[k * CHAR_VALUES + c] = ++rank;
    }
    if (rank === 0) break;
    // Ranks 0 (ended) to `rank`, in the fewest bits.
    const width = Math.ceil(Math.log2(rank + 1));
    if (keyBits + width > keyBitsMax) break;
    bits.push(width);
    keyBits += width;
  }
  return { ranks, bits, positions: bits.length };
}

/**
 * Sorts, with `full`, each run of equal keys in `order` (already in key order; the sorted words'
 * halves tell equal keys). Runs are short (rows that agree on the key's characters), so an
 * insertion sort in place does it; a run longer than RUN_INSERTION_MAX is cut out and sorted.
 */
function sortRuns(
  order: number[],
  halves: Uint32Array,
  indexBits: number,
  full: (a: number, b: number) => number,
): void {
  const n = order.length;
  const sameKey = (a: number, b: number): boolean =>
    halves[2 * a + HIGH] === halves[2 * b + HIGH] &&
    (halves[2 * a + LOW] as number) >>> indexBits === (halves[2 * b + LOW] as number) >>> indexBits;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && sameKey(end, start)) end++;
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
