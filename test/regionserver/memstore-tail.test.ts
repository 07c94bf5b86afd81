// A memstore segment's tail (TailLog) against two plain arrays (fast-check): pushes across chunk
// boundaries, replacements and removals by identity (as a segment's replace and rollback do them),
// and a drain that gives every entry in order and leaves the tail empty. Seeded:
// COLONNADE_SEED=<seed> replays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cell, makeCell } from '../../src/common/index.js';
import { seedFromEnv } from '../../src/common/rng.js';
import { TAIL_CHUNK_ENTRIES, TailLog } from '../../src/regionserver/memstore/tail.js';

const seed = seedFromEnv();

type Op =
  | { readonly kind: 'push'; readonly count: number }
  | { readonly kind: 'replace' | 'remove'; readonly pick: number }
  | { readonly kind: 'drain' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('push' as const), count: countArb() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('drain' as const) }) },
);

/** Mostly a few entries; sometimes enough to cross one or two chunk boundaries. */
function countArb(): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: TAIL_CHUNK_ENTRIES - 3, max: TAIL_CHUNK_ENTRIES * 2 + 3 }),
  );
}

describe(`memstore tail (seed ${seed})`, () => {
  it('keeps the order of an array through pushes, replacements, removals and drains', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 12 }), (ops) => {
        const tail = new TailLog();
        let rows: string[] = [];
        let cells: Cell[] = [];
        let made = 0;
        const next = (): Cell => makeCell({ row: `r${made++}`, family: 'f' });
        for (const op of ops) {
          if (op.kind === 'push') {
            for (let i = 0; i < op.count; i++) {
              const cell = next();
              tail.push(`row${made}`, cell);
              rows.push(`row${made}`);
              cells.push(cell);
            }
          } else if (op.kind === 'drain') {
            expect(tail.drain()).toEqual({ rows, cells });
            rows = [];
            cells = [];
          } else {
            // A cell that is there (when any is), or one that never was.
            const at = cells.length === 0 ? -1 : op.pick % cells.length;
            const target = at < 0 ? next() : (cells[at] as Cell);
            if (op.kind === 'replace') {
              const cell = next();
              expect(tail.replace(target, 'swapped', cell)).toBe(at >= 0);
              if (at >= 0) {
                rows[at] = 'swapped';
                cells[at] = cell;
              }
            } else {
              expect(tail.remove(target)).toBe(at >= 0);
              if (at >= 0) {
                rows.splice(at, 1);
                cells.splice(at, 1);
              }
            }
          }
          expect(tail.length).toBe(cells.length);
        }
        expect(tail.drain()).toEqual({ rows, cells });
        expect(tail.length).toBe(0);
      }),
      { seed, numRuns: 100 },
    );
  });
});
