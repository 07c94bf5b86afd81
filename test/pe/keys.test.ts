// PE's rows and values: 26-byte zero-padded keys that sort as their numbers, values of 8-byte runs
// of one capital letter (HBase's generateData), random rows inside the key range, split keys at
// HBase's multiples, and a seeded generator that replays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytes } from '../../src/common/bytes.js';
import { SeededRng } from '../../src/common/rng.js';
import {
  formatRow,
  generateData,
  parseRow,
  randomRow,
  splitKeys,
  TOTAL_ROWS_MAX,
} from '../../src/pe/index.js';

describe('PE keys and values', () => {
  it('formats rows as 26 zero-padded decimal bytes', () => {
    expect(formatRow(0).toString()).toBe('0'.repeat(26));
    expect(formatRow(1234).toString()).toBe(`${'0'.repeat(22)}1234`);
    expect(formatRow(-5).toString()).toBe(`${'0'.repeat(25)}5`);
    expect(formatRow(TOTAL_ROWS_MAX).length).toBe(26);
  });

  it('keeps key order equal to row order, and round-trips', () => {
    fc.assert(
      fc.property(fc.nat(TOTAL_ROWS_MAX), fc.nat(TOTAL_ROWS_MAX), (a, b) => {
        const order = Math.sign(compareBytes(formatRow(a), formatRow(b)));
        expect(order).toBe(Math.sign(a - b));
        expect(parseRow(formatRow(a))).toBe(a);
      }),
    );
  });

  it('fills values with 8-byte runs of one letter A–Z, the tail one letter', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat(3000), (seed, length) => {
        const value = generateData(new SeededRng(seed), length);
        expect(value.length).toBe(length);
        expect(/^[A-Z]*$/.test(value.toString('latin1'))).toBe(true);
        let i = 0;
        for (; i < length - 8; i += 8) {
          expect(new Set(value.subarray(i, i + 8)).size).toBe(1);
        }
        expect(new Set(value.subarray(i)).size).toBeLessThanOrEqual(1);
      }),
    );
    const a = generateData(new SeededRng(42), 1000);
    expect(generateData(new SeededRng(42), 1000).equals(a)).toBe(true);
    // 124 runs of 8 and a tail of 8: many letters appear.
    expect(new Set(a).size).toBeGreaterThan(15);
  });

  it('gives each value bytes of its own, six base-26 digits of each draw in order (fast-check)', () => {
    // The model: one byte store at a time; each draw's 32 random bits (as a whole number, in
    // BigInt) give floor(bits × 26^6 / 2^32), whose base-26 digits, most significant first, are
    // the next six letters.
    const model = (rng: SeededRng, length: number): Buffer => {
      const out = Buffer.alloc(length);
      const digits: number[] = [];
      const letter = (): number => {
        if (digits.length === 0) {
          let n = (BigInt(rng.nextFloat() * 2 ** 32) * 26n ** 6n) >> 32n;
          for (let k = 0; k < 6; k++) {
            digits.unshift(Number(n % 26n));
            n /= 26n;
          }
        }
        return 0x41 + (digits.shift() as number);
      };
      let i = 0;
      for (; i < length - 8; i += 8) out.fill(letter(), i, i + 8);
      out.fill(letter(), i);
      return out;
    };
    fc.assert(
      fc.property(
        fc.integer(),
        // Past VALUE_SLAB_SHARE_BYTES_MAX a value has a buffer of its own; many small ones fill
        // a slab and start the next.
        fc.array(fc.oneof(fc.nat(2_000), fc.integer({ min: 16_000, max: 40_000 })), {
          minLength: 1,
          maxLength: 300,
        }),
        (seed, lengths) => {
          const rng = new SeededRng(seed);
          const reference = new SeededRng(seed);
          const kept = lengths.map((length) => generateData(rng, length));
          lengths.forEach((length, k) => {
            expect(kept[k]?.equals(model(reference, length))).toBe(true);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('draws random rows inside the key range, spread over it', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: TOTAL_ROWS_MAX }), (seed, total) => {
        const rng = new SeededRng(seed);
        for (let n = 0; n < 20; n++) {
          const row = randomRow(rng, total);
          expect(Number.isInteger(row) && row >= 0 && row < total).toBe(true);
        }
      }),
    );
    const rng = new SeededRng(1);
    const buckets = new Array<number>(10).fill(0);
    for (let n = 0; n < 10_000; n++) {
      const b = Math.floor(randomRow(rng, 1_000_000) / 100_000);
      buckets[b] = (buckets[b] ?? 0) + 1;
    }
    for (const count of buckets) expect(count).toBeGreaterThan(800);
  });

  it("splits at HBase's multiples of totalRows / regions", () => {
    expect(splitKeys(100, 0)).toEqual([]);
    expect(splitKeys(100, 1)).toEqual([]);
    expect(splitKeys(100, 4).map((k) => parseRow(k))).toEqual([25, 50, 75]);
    expect(splitKeys(10, 3).map((k) => parseRow(k))).toEqual([3, 6]);
  });
});
