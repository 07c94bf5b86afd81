// PE's rows and values (pure but for the slabs values are cut from): 26-byte zero-padded decimal
// row keys, values of 8-byte runs of one random capital letter, random row numbers in
// [0, totalRows), and a pre-split table's split keys. Invariant: formatRow(i) sorts as i does.
import { assert } from '../common/assert.js';
import type { Rng } from '../common/rng.js';
import { ROW_LENGTH_BYTES, TOTAL_ROWS_MAX, VALUE_RUN_BYTES } from './limits.js';
import { valueSpace } from './value-slab.js';

const ZERO = 0x30;
const LETTER_A = 0x41;
const LETTERS = 26;
const TWO_32 = 2 ** 32;
/** Random draws take 53 bits (21 high + 32 low), as HBase's nextLong(Long.MAX_VALUE) % total. */
const HIGH_BITS_RANGE = 2 ** 21;

/** HBase's format(i): the zero-padded decimal of |i| in ROW_LENGTH_BYTES bytes. */
export function formatRow(row: number): Buffer {
  if (!Number.isSafeInteger(row)) assert(false, `row ${row} is not an integer`);
  // From Node's pool: Buffer.alloc gives each 26-byte key an ArrayBuffer of its own.
  const key = Buffer.allocUnsafe(ROW_LENGTH_BYTES).fill(ZERO);
  let rest = Math.abs(row);
  for (let i = ROW_LENGTH_BYTES - 1; i >= 0 && rest > 0; i--) {
    key[i] = ZERO + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return key;
}

/** The row number a key of formatRow holds (for tests and checks). */
export function parseRow(key: Uint8Array): number {
  assert(key.length === ROW_LENGTH_BYTES, `a PE row key is ${ROW_LENGTH_BYTES} bytes`);
  return Number(Buffer.from(key).toString('latin1'));
}

/**
 * Letters taken from each random draw: its base-26 digits, most significant first. A draw is a
 * fraction of 32 random bits (SeededRng's); six digits use 28.2 of them, and each is exact in
 * double arithmetic (the fraction times 26 needs at most 37 bits).
 */
const LETTERS_PER_DRAW = 6;
assert(LETTERS ** LETTERS_PER_DRAW < TWO_32, 'six base-26 digits fit in 32 random bits');
/** A letter in all four bytes of a word (byte order does not matter). */
const WORD_OF_LETTER = 0x01010101;
/** Words in one run of a letter. */
const WORDS_PER_RUN = 2;
assert(VALUE_RUN_BYTES === WORDS_PER_RUN * 4, 'a run of one letter is two 32-bit words');

/**
 * HBase's generateData: `length` bytes in runs of VALUE_RUN_BYTES of one random letter A–Z; the
 * tail after the last whole run inside length − 8 is one more letter (so a run may be 8–15 long).
 * Each letter is the next digit of a random fraction (a multiply, no division), six to a draw,
 * and each run is two word stores into a slab (value-slab.ts): the values cost PE's clients
 * little, as HBase's comment says they should.
 */
export function generateData(rng: Rng, length: number): Buffer {
  const { bytes, words, at } = valueSpace(length);
  let fraction = 0;
  let left = 0;
  let i = 0;
  let word = at >>> 2;
  for (; i < length - VALUE_RUN_BYTES; i += VALUE_RUN_BYTES) {
    if (left === 0) {
      fraction = rng.nextFloat();
      left = LETTERS_PER_DRAW;
    }
    const scaled = fraction * LETTERS;
    const digit = scaled | 0;
    fraction = scaled - digit;
    left -= 1;
    const run = (LETTER_A + digit) * WORD_OF_LETTER;
    words[word] = run;
    words[word + 1] = run;
    word += WORDS_PER_RUN;
  }
  if (left === 0) fraction = rng.nextFloat();
  const tail = LETTER_A + ((fraction * LETTERS) | 0);
  for (; i < length; i++) bytes[at + i] = tail;
  return bytes.subarray(at, at + length);
}

/** A row number in [0, totalRows): 53 random bits modulo totalRows, as HBase's generateRandomRow. */
export function randomRow(rng: Rng, totalRows: number): number {
  if (!(Number.isInteger(totalRows) && totalRows > 0 && totalRows <= TOTAL_ROWS_MAX)) {
    assert(false, `totalRows ${totalRows} out of range`);
  }
  const high = rng.nextInt(HIGH_BITS_RANGE);
  const low = rng.nextInt(TWO_32);
  // high × 2^32 + low < 2^53 is exact, and so is its remainder.
  return (high * TWO_32 + low) % totalRows;
}

/** HBase's getSplits: `regions − 1` keys at multiples of totalRows / regions (none for ≤ 1). */
export function splitKeys(totalRows: number, regions: number): Buffer[] {
  if (regions <= 1) return [];
  const jump = Math.floor(totalRows / regions);
  return Array.from({ length: regions - 1 }, (_, i) => formatRow(jump * (i + 1)));
}

/** Family `info<n>`. */
export function familyName(base: string, index: number): string {
  return `${base}${index}`;
}

/** Qualifier of column n: "0" for the first (HBase's COLUMN_ZERO), then "1", "2"... */
export function columnQualifier(index: number): string {
  return String(index);
}
