// The keyed sort of a drained tail (tail-order.ts) against a plain comparator sort (fast-check):
// rows from a small alphabet with long shared prefixes, rows that are prefixes of others, rows
// that end inside the key's characters, and equal rows with cells that differ in qualifier,
// timestamp, type and sequence id. Seeded: COLONNADE_SEED=<seed> replays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cell, CellType, makeCell } from '../../src/common/index.js';
import { seedFromEnv } from '../../src/common/rng.js';
import { compareKeys } from '../../src/regionserver/memstore/cell-set.js';
import { tailOrder } from '../../src/regionserver/memstore/tail-order.js';

const seed = seedFromEnv();
const FAMILY = Buffer.from('f');

/** Any latin1 character: nine bits a position, so a key holds fewer positions than rows differ in. */
const byteCharArb = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c));
const entryArb = fc.record({
  prefix: fc.constantFrom('', 'user', '00000000000000000000'),
  rest: fc.oneof(
    fc.string({ unit: fc.constantFrom('\u0000', '0', '1', '9', 'a', '\u00ff'), maxLength: 8 }),
    // Rows that agree on their first six characters and differ after them.
    fc
      .tuple(
        fc.constantFrom('\u0000\u00ff\u0001a9\u0080', 'zzzzzz'),
        fc.string({ unit: byteCharArb, maxLength: 6 }),
      )
      .map(([head, tail]) => head + tail),
    fc.string({ unit: byteCharArb, maxLength: 10 }),
  ),
  qualifier: fc.constantFrom('', 'a', 'b'),
  timestamp: fc.integer({ min: 0, max: 3 }),
  type: fc.constantFrom(CellType.Put, CellType.Delete, CellType.DeleteFamily),
  sequenceId: fc.integer({ min: 1, max: 3 }),
});

describe(`tail order (seed ${seed})`, () => {
  it('sorts as compareKeys does, small tails and keyed ones', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(entryArb, { maxLength: 63 }),
          fc.array(entryArb, { minLength: 64, maxLength: 400, size: 'max' }),
        ),
        (entries) => {
          const rows: string[] = [];
          const cells: Cell[] = [];
          for (const e of entries) {
            const row = Buffer.from(`${e.prefix}${e.rest}` || 'r', 'latin1');
            const familyWide = e.type === CellType.DeleteFamily;
            cells.push(
              makeCell({
                row,
                family: FAMILY,
                ...(familyWide ? {} : { qualifier: e.qualifier }),
                timestamp: e.timestamp,
                type: e.type,
                sequenceId: e.sequenceId,
              }),
            );
            rows.push(row.toString('latin1'));
          }
          const expected = cells
            .map((_, i) => i)
            .sort((a, b) =>
              compareKeys(rows[a] as string, cells[a] as Cell, rows[b] as string, cells[b] as Cell),
            );
          const order = tailOrder(rows, cells);
          // Entries equal under compareKeys may come in either order; their cells must agree.
          expect(order.map((i) => cells[i])).toEqual(expected.map((i) => cells[i]));
          expect([...order].sort((a, b) => a - b)).toEqual(cells.map((_, i) => i));
        },
      ),
      { seed, numRuns: 300 },
    );
  });
});
