// Store files against a sorted-array model: random cell sets (empty values, values larger than a
// block, many versions of a column, every stored type, tiny blocks) read back whole, every seek,
// reseek and lastRowBefore lands where the model says.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  CellType,
  compareCells,
  firstOnColumn,
  firstOnRow,
  LATEST_TIMESTAMP,
  lastOnColumn,
  lastOnRow,
  STORED_CELL_TYPES,
} from '../../../src/common/index.js';
import { BlockCache } from '../../../src/regionserver/storefile/index.js';
import {
  describeCell,
  modelLastRowBefore,
  modelSeek,
  openBytes,
  sameCell,
  sameKey,
  scanAll,
  sortCells,
  writeFile,
} from './support.js';

const STORED_TYPES = STORED_CELL_TYPES;

/** Rows from a small alphabet, so that rows share prefixes and collide. */
const rowArb = fc
  .array(fc.constantFrom(0x00, 0x61, 0x62, 0x63, 0xff), { minLength: 1, maxLength: 5 })
  .map((bytes) => Buffer.from(bytes));
const qualifierArb = fc
  .array(fc.constantFrom(0x00, 0x71, 0x72, 0xff), { minLength: 0, maxLength: 3 })
  .map((bytes) => Buffer.from(bytes));
const timestampArb = fc.oneof(
  fc.integer({ min: 0, max: 5 }),
  fc.constant(LATEST_TIMESTAMP),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
);
const sequenceIdArb = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
);
const valueArb = fc.oneof(
  { arbitrary: fc.constant(Buffer.alloc(0)), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b)), weight: 5 },
  {
    arbitrary: fc.uint8Array({ minLength: 200, maxLength: 700 }).map((b) => Buffer.from(b)),
    weight: 1,
  },
);

const cellArb: fc.Arbitrary<Cell> = fc.record({
  row: rowArb,
  family: fc.constantFrom(Buffer.from('f'), Buffer.from('fam')),
  qualifier: qualifierArb,
  timestamp: timestampArb,
  type: fc.constantFrom(...STORED_TYPES),
  value: valueArb,
  sequenceId: sequenceIdArb,
});

/** Many versions of one column: same row, family, qualifier, different timestamps. */
const versionsArb: fc.Arbitrary<Cell[]> = fc
  .tuple(rowArb, fc.array(fc.tuple(timestampArb, sequenceIdArb), { minLength: 20, maxLength: 60 }))
  .map(([row, versions]) =>
    versions.map(([timestamp, sequenceId]) => ({
      row,
      family: Buffer.from('f'),
      qualifier: Buffer.from('q'),
      timestamp,
      type: CellType.Put,
      value: Buffer.from(`v${timestamp}`),
      sequenceId,
    })),
  );

const cellSetArb = fc
  .tuple(fc.array(cellArb, { maxLength: 120 }), fc.option(versionsArb, { nil: undefined }))
  .map(([cells, versions]) => sortCells([...cells, ...(versions ?? [])]));

/** Search keys: present keys, random keys, and the row/column boundary keys HBase seeks to. */
function searchKeyArb(cells: readonly Cell[]): fc.Arbitrary<Cell> {
  const present = cells.length > 0 ? [fc.constantFrom(...cells)] : [];
  return fc.oneof(
    ...present,
    cellArb,
    rowArb.map((r) => firstOnRow(r)),
    rowArb.map((r) => lastOnRow(r)),
    fc.tuple(rowArb, qualifierArb).map(([r, q]) => firstOnColumn(r, Buffer.from('f'), q)),
    fc.tuple(rowArb, qualifierArb).map(([r, q]) => lastOnColumn(r, Buffer.from('f'), q)),
  );
}

const blockSizeArb = fc.oneof(
  fc.constant(16),
  fc.integer({ min: 16, max: 600 }),
  fc.constant(65536),
);
const bloomArb = fc.constantFrom('NONE', 'ROW', 'ROWCOL') as fc.Arbitrary<
  'NONE' | 'ROW' | 'ROWCOL'
>;

describe('store file round trip', () => {
  it('reads back every cell written, with the file info', async () => {
    await fc.assert(
      fc.asyncProperty(
        cellSetArb,
        blockSizeArb,
        bloomArb,
        fc.boolean(),
        async (cells, blockSizeBytes, bloomType, major) => {
          const { bytes, info } = await writeFile(cells, {
            blockSizeBytes,
            bloomType,
            majorCompacted: major,
          });
          const reader = await openBytes(bytes);
          expect(reader.info).toEqual(info);
          expect(reader.lengthBytes).toBe(bytes.length);
          expect(info.entryCount).toBe(cells.length);
          expect(info.bloomType).toBe(bloomType);
          expect(info.majorCompacted).toBe(major);
          expect(info.deleteCount).toBe(cells.filter((c) => c.type !== CellType.Put).length);
          expect(info.maxSequenceId).toBe(Math.max(0, ...cells.map((c) => c.sequenceId)));
          if (cells.length > 0) {
            expect(info.minTimestamp).toBe(Math.min(...cells.map((c) => c.timestamp)));
            expect(info.maxTimestamp).toBe(Math.max(...cells.map((c) => c.timestamp)));
            expect(sameKey(info.firstKey, cells[0])).toBe(true);
            expect(sameKey(info.lastKey, cells[cells.length - 1])).toBe(true);
          } else {
            expect(info.minTimestamp).toBeGreaterThan(info.maxTimestamp);
            expect(info.firstKey).toBeUndefined();
          }
          const read = await scanAll(reader);
          expect(read.length).toBe(cells.length);
          read.forEach((cell, i) => {
            if (!sameCell(cell, cells[i])) {
              throw new Error(
                `cell ${i}: read ${describeCell(cell)}, wrote ${describeCell(cells[i])}`,
              );
            }
          });
          for (const c of cells) {
            expect(reader.mayContainRow(c.row) || bloomType === 'ROWCOL').toBe(true);
            expect(reader.mayContainColumn(c.row, c.family, c.qualifier)).toBe(true);
          }
          const mid = await reader.midKey();
          if (cells.length === 0) expect(mid).toBeUndefined();
          else expect(cells.some((c) => sameKey(c, mid))).toBe(true);
          await reader.close();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('lands every seek, reseek and lastRowBefore where the model does', async () => {
    const arb = cellSetArb.chain((cells) =>
      fc.tuple(
        fc.constant(cells),
        blockSizeArb,
        fc.array(searchKeyArb(cells), { minLength: 1, maxLength: 40 }),
        fc.array(fc.option(rowArb, { nil: undefined }), { maxLength: 15 }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        arb,
        fc.boolean(),
        async ([cells, blockSizeBytes, keys, rows], cacheBlocks) => {
          const { bytes } = await writeFile(cells, { blockSizeBytes });
          const reader = await openBytes(bytes, new BlockCache(4096));
          const scanner = reader.scanner({ cacheBlocks });
          for (const key of keys) {
            await scanner.seek(key);
            const expected = cells[modelSeek(cells, key)];
            if (!sameCell(scanner.peek(), expected)) {
              throw new Error(
                `seek ${describeCell(key)}: got ${describeCell(scanner.peek())}, ` +
                  `want ${describeCell(expected)}`,
              );
            }
          }
          // Reseeks in increasing key order, next() steps between; `at` is the model's cursor.
          const ascending = [...keys].sort(compareCells);
          const re = reader.scanner({ cacheBlocks });
          await re.reseek(ascending[0] as Cell); // an unpositioned scanner takes reseek as seek
          let at = modelSeek(cells, ascending[0] as Cell);
          let steps = 0;
          for (const key of ascending) {
            const current = cells[at];
            if (current === undefined) break;
            if (compareCells(current, key) > 0) continue; // reseek needs key >= the current cell
            await re.reseek(key);
            at = modelSeek(cells, key);
            expect(sameCell(re.peek(), cells[at])).toBe(true);
            if (steps++ % 3 === 0 && at < cells.length) {
              await re.next();
              at++;
              expect(sameCell(re.peek(), cells[at])).toBe(true);
            }
          }
          for (const row of [...rows, undefined]) {
            const got = await scanner.lastRowBefore(row);
            const want = modelLastRowBefore(cells, row);
            expect(got === undefined ? undefined : got.toString('hex')).toBe(want?.toString('hex'));
          }
          scanner.close();
          re.close();
          await reader.close();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers synchronously once the blocks are cached', async () => {
    const cells = sortCells(
      Array.from({ length: 300 }, (_, i) => ({
        row: Buffer.from(`r${String(i).padStart(4, '0')}`),
        family: Buffer.from('f'),
        qualifier: Buffer.from('q'),
        timestamp: i,
        type: CellType.Put,
        value: Buffer.alloc(50, i),
        sequenceId: i,
      })),
    );
    const { bytes } = await writeFile(cells, { blockSizeBytes: 512 });
    const reader = await openBytes(bytes);
    await scanAll(reader); // fills the cache
    const s = reader.scanner({ cacheBlocks: true });
    for (let i = 0; i < cells.length; i += 7) {
      const cell = cells[i] as Cell;
      expect(s.seek(cell)).toBeUndefined();
      expect(sameCell(s.peek(), cell)).toBe(true);
      expect(s.next()).toBeUndefined();
      expect(sameCell(s.peek(), cells[i + 1])).toBe(true);
    }
    expect(s.lastRowBefore((cells[100] as Cell).row)).toEqual((cells[99] as Cell).row);
    s.close();
    await reader.close();
  });

  it('makes a block bigger than the target for a cell bigger than a block', async () => {
    const big = Buffer.alloc(5000, 7);
    const cells = sortCells([
      {
        row: Buffer.from('a'),
        family: Buffer.from('f'),
        qualifier: Buffer.alloc(0),
        timestamp: 1,
        type: CellType.Put,
        value: Buffer.from('x'),
        sequenceId: 1,
      },
      {
        row: Buffer.from('b'),
        family: Buffer.from('f'),
        qualifier: Buffer.alloc(0),
        timestamp: 1,
        type: CellType.Put,
        value: big,
        sequenceId: 2,
      },
      {
        row: Buffer.from('c'),
        family: Buffer.from('f'),
        qualifier: Buffer.alloc(0),
        timestamp: 1,
        type: CellType.Put,
        value: Buffer.alloc(0),
        sequenceId: 3,
      },
    ]);
    const { bytes } = await writeFile(cells, { blockSizeBytes: 64 });
    const reader = await openBytes(bytes);
    const read = await scanAll(reader);
    expect(read.map((c) => c.value.length)).toEqual([1, 5000, 0]);
    await reader.close();
  });
});
