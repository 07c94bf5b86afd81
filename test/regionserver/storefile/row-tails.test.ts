// Row tails' numbers agree with byte order (fast-check): wherever two rows sharing the
// prefix get different numbers, the numbers order them as compareBytes does; comparePrefix puts a
// row before, after or among the rows exactly as byte order does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytes } from '../../../src/common/index.js';
import { firstOnRow } from '../../../src/common/cell-comparator.js';
import {
  buildRowTails,
  comparePrefix,
  lastBelow,
  tailNumber,
  type TieBreaker,
} from '../../../src/regionserver/storefile/row-tails.js';

const rowArb = fc
  .array(fc.constantFrom(0x00, 0x30, 0x31, 0x39, 0xff), { minLength: 0, maxLength: 10 })
  .map((bytes) => Buffer.from(bytes));

describe('row tails', () => {
  it('orders tails as bytes (property)', () => {
    fc.assert(
      fc.property(rowArb, rowArb, rowArb, (prefix, a, b) => {
        const ra = Buffer.concat([prefix, a]);
        const rb = Buffer.concat([prefix, b]);
        const na = tailNumber(ra, prefix.length);
        const nb = tailNumber(rb, prefix.length);
        if (na !== nb) expect(Math.sign(na - nb)).toBe(Math.sign(compareBytes(ra, rb)));
      }),
      { numRuns: 2000 },
    );
  });

  it('places a row against the shared prefix as byte order does (property)', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 8 }), rowArb, (rows, row) => {
        const sorted = [...rows].sort(compareBytes);
        const index = buildRowTails(sorted);
        const side = comparePrefix(index, row);
        const first = sorted[0] as Buffer;
        const last = sorted[sorted.length - 1] as Buffer;
        if (side < 0) expect(compareBytes(row, first)).toBeLessThan(0);
        if (side > 0) expect(compareBytes(row, last)).toBeGreaterThan(0);
        if (side === 0)
          expect(row.subarray(0, index.prefix.length).equals(index.prefix)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('lastBelow', () => {
  it('finds the last row below the search as a linear scan does (property)', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 12 }), rowArb, (rows, row) => {
        const sorted = [...new Map(rows.map((r) => [r.toString('hex'), r])).values()].sort(
          compareBytes,
        );
        const keys: TieBreaker = {
          compareAt: (i, search) => compareBytes(sorted[i] as Buffer, search.row),
        };
        const found = lastBelow(buildRowTails(sorted), 0, firstOnRow(row), keys);
        let expected = 0;
        sorted.forEach((r, i) => {
          if (compareBytes(r, row) < 0) expected = i;
        });
        expect(found).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
