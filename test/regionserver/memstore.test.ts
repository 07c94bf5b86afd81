// The memstore's sorted cell set and its scanner against a sorted array (fast-check), the MVCC read
// point, row locks and the compaction policy.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  CellType,
  compareCells,
  firstOnRow,
  makeCell,
  ManualClock,
} from '../../src/common/index.js';
import { selectMinorCompaction } from '../../src/regionserver/compaction/policy.js';
import { RowLockTimeoutError } from '../../src/regionserver/errors.js';
import { CellSet } from '../../src/regionserver/memstore/cell-set.js';
import { Memstore } from '../../src/regionserver/memstore/memstore.js';
import { MemstoreSegment } from '../../src/regionserver/memstore/segment.js';
import { SegmentScanner } from '../../src/regionserver/memstore/segment-scanner.js';
import { Mvcc } from '../../src/regionserver/mvcc.js';
import { RowLocks } from '../../src/regionserver/row-locks.js';

const cellArb = fc
  .record({
    row: fc.integer({ min: 0, max: 40 }),
    qualifier: fc.integer({ min: 0, max: 3 }),
    timestamp: fc.integer({ min: 1, max: 5 }),
    seq: fc.integer({ min: 1, max: 1000 }),
  })
  .map(({ row, qualifier, timestamp, seq }) =>
    makeCell({
      row: `r${String(row).padStart(3, '0')}`,
      family: 'f',
      qualifier: `q${qualifier}`,
      timestamp,
      type: CellType.Put,
      value: `v${seq}`,
      sequenceId: seq,
    }),
  );

function modelOf(cells: readonly Cell[]): Cell[] {
  const sorted: Cell[] = [];
  for (const cell of cells) {
    const at = sorted.findIndex((c) => compareCells(c, cell) >= 0);
    const existing = sorted[at];
    if (existing !== undefined && compareCells(existing, cell) === 0) sorted[at] = cell;
    else if (at < 0) sorted.push(cell);
    else sorted.splice(at, 0, cell);
  }
  return sorted;
}

function drain(scanner: SegmentScanner): Cell[] {
  const out: Cell[] = [];
  for (let c = scanner.peek(); c !== undefined; c = scanner.peek()) {
    out.push(c);
    scanner.next();
  }
  return out;
}

describe('CellSet', () => {
  it('holds cells in compareCells order, replacing equal keys (property)', () => {
    fc.assert(
      fc.property(fc.array(cellArb, { maxLength: 3000, size: 'max' }), (cells) => {
        const set = new CellSet();
        for (const cell of cells) set.add(cell);
        const model = modelOf(cells);
        expect([...set]).toEqual(model);
        expect(set.size).toBe(model.length);
      }),
      { numRuns: 15 },
    );
  });

  it('seeks, finds the last row before a row, and survives inserts mid-scan', () => {
    fc.assert(
      fc.property(
        fc.array(cellArb, { minLength: 1, maxLength: 2000, size: 'max' }),
        fc.array(cellArb, { maxLength: 50 }),
        fc.integer({ min: 0, max: 41 }),
        (cells, later, probe) => {
          const set = new CellSet();
          for (const cell of cells) set.add(cell);
          const model = modelOf(cells);
          const row = Buffer.from(`r${String(probe).padStart(3, '0')}`);
          const scanner = new SegmentScanner(set);
          scanner.seek(firstOnRow(row));
          const expected = model.filter((c) => Buffer.compare(c.row, row) >= 0);
          expect(scanner.peek()).toEqual(expected[0]);
          const before = model.filter((c) => Buffer.compare(c.row, row) < 0).at(-1)?.row;
          expect(scanner.lastRowBefore(row)).toEqual(before);
          // Cells inserted while scanning: what remains is the model's tail after the cursor.
          const first = scanner.peek();
          for (const cell of later) set.add(cell);
          const rest = drain(scanner);
          if (first === undefined) return;
          const full = modelOf([...cells, ...later]);
          expect(rest).toEqual(full.filter((c) => compareCells(c, first) >= 0));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('removes exactly the cell asked for', () => {
    const set = new CellSet();
    const a = makeCell({ row: 'a', family: 'f', qualifier: 'q', timestamp: 1, sequenceId: 1 });
    const b = makeCell({ row: 'a', family: 'f', qualifier: 'q', timestamp: 1, sequenceId: 2 });
    set.add(a);
    set.add(b);
    expect(set.remove(a)).toBe(true);
    expect(set.remove(a)).toBe(false);
    expect([...set]).toEqual([b]);
  });
});

type SegmentStep = readonly [Cell, 'add' | 'remove' | 'sort' | 'get'];

/** Runs the steps against a segment and a sorted-array model, checking as it goes. */
function checkSegmentSteps(steps: readonly SegmentStep[]): void {
  const segment = new MemstoreSegment();
  let model: Cell[] = [];
  const rowOf = (row: Buffer): Cell[] => model.filter((c) => c.row.equals(row));
  for (const [cell, action] of steps) {
    if (action === 'sort') {
      expect([...segment.sorted()]).toEqual(model);
    } else if (action === 'get') {
      expect(segment.rowCells(cell.row)).toEqual(rowOf(cell.row));
    } else if (action === 'add') {
      const existing = model.find((c) => compareCells(c, cell) === 0);
      expect(segment.add(cell)).toBe(existing === undefined);
      const at = model.findIndex((c) => compareCells(c, cell) >= 0);
      if (existing !== undefined) model[at] = cell;
      else if (at < 0) model.push(cell);
      else model.splice(at, 0, cell);
    } else {
      const present = model.find((c) => compareCells(c, cell) === 0);
      expect(segment.remove(cell)).toBe(present !== undefined);
      model = model.filter((c) => compareCells(c, cell) !== 0);
    }
  }
  expect(segment.size).toBe(model.length);
  expect([...segment.sorted()]).toEqual(model);
  for (const row of new Set(model.map((c) => c.row.toString('latin1')))) {
    expect(segment.rowCells(Buffer.from(row, 'latin1'))).toEqual(rowOf(Buffer.from(row, 'latin1')));
  }
}

const actionArb = fc.constantFrom<SegmentStep[1]>('add', 'add', 'add', 'remove', 'sort', 'get');

describe('MemstoreSegment', () => {
  it('keeps order, rows and replacements across lazy merges and removals (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cellArb, actionArb), { maxLength: 1500, size: 'max' }),
        (steps) => checkSegmentSteps(steps),
      ),
      { numRuns: 30 },
    );
  });

  it('indexes lazily while sequence ids only rise, equal cells included (property)', () => {
    // Writes as a region makes them: runs of one sequence id, rising, whose cells may repeat a row
    // or a whole key; gets, removals and sorts in between. Some runs are long and keep to a few
    // rows, so that a row passes RUN_ROW_CELLS_MAX cells in a run.
    const fewRows = cellArb.map((c) => ({ ...c, row: c.row.subarray(0, 3) }));
    const oneRow = cellArb.map((c) => ({ ...c, row: c.row.subarray(0, 2) }));
    const stepArb = fc.tuple(fc.oneof(cellArb, fewRows, oneRow), actionArb, fc.nat(999));
    fc.assert(
      fc.property(
        fc.constantFrom(2, 20, 400, 1000),
        fc.array(stepArb, { maxLength: 1500, size: 'max' }),
        (runLength, raw) => {
          let sequenceId = 1;
          const steps = raw.map(([cell, action, draw]): SegmentStep => {
            if (draw % runLength === 0) sequenceId++;
            return [{ ...cell, sequenceId }, action];
          });
          checkSegmentSteps(steps);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('Memstore', () => {
  it('accounts bytes, snapshots, restores and clears', () => {
    const memstore = new Memstore();
    const cell = makeCell({ row: 'r', family: 'f', qualifier: 'q', value: 'v', sequenceId: 3 });
    memstore.add(cell);
    const bytes = memstore.sizeBytes;
    expect(bytes).toBeGreaterThan(0);
    const snapshot = memstore.snapshot();
    expect(snapshot.maxSequenceId).toBe(3);
    expect(memstore.activeBytes).toBe(0);
    expect(memstore.sizeBytes).toBe(bytes);
    memstore.restoreSnapshot();
    expect(memstore.activeCells).toBe(1);
    memstore.snapshot();
    memstore.clearSnapshot();
    expect(memstore.sizeBytes).toBe(0);
  });
});

describe('Mvcc', () => {
  it('advances the read point only past completed writes, in order', async () => {
    const mvcc = new Mvcc(10);
    const a = mvcc.begin();
    const b = mvcc.begin();
    expect([a, b]).toEqual([11, 12]);
    let seen = false;
    const waiting = mvcc.waitForReadPoint(b).then(() => (seen = true));
    mvcc.complete(b);
    expect(mvcc.readPoint).toBe(10);
    await Promise.resolve();
    expect(seen).toBe(false);
    mvcc.complete(a);
    expect(mvcc.readPoint).toBe(12);
    await waiting;
    expect(seen).toBe(true);
  });
});

describe('RowLocks', () => {
  it('serializes holders of one row and times out a waiter', async () => {
    const clock = new ManualClock();
    const locks = new RowLocks(clock);
    const release = await locks.lockRows([Buffer.from('a'), Buffer.from('b')], 1000);
    const second = locks.lockRows([Buffer.from('b')], 1000);
    const third = locks.lockRows([Buffer.from('a')], 500);
    clock.advance(600);
    await expect(third).rejects.toBeInstanceOf(RowLockTimeoutError);
    release();
    const releaseSecond = await second;
    releaseSecond();
    expect(locks.heldCount).toBe(0);
  });

  it('tryLockRows locks all rows or none, and never a held one', () => {
    const locks = new RowLocks(new ManualClock());
    const a = Buffer.from('a');
    const b = Buffer.from('b');
    const release = locks.tryLockRows([a]);
    expect(release).toBeDefined();
    expect(locks.tryLockRows([b, a])).toBeUndefined();
    expect(locks.heldCount).toBe(1);
    release?.();
    release?.();
    const both = locks.tryLockRows([b, a, b]);
    expect(locks.heldCount).toBe(2);
    both?.();
    expect(locks.heldCount).toBe(0);
  });

  it('never lets two holders share a row, and grants every waiter in the end (property)', async () => {
    // Rows with duplicates and bytes above 0x7f (latin1 keys must keep byte order and identity).
    const ROWS = [[0x00], [0x61], [0x61, 0x00], [0x7f], [0x80], [0xff], [0xff, 0xff]];
    const request = fc.uniqueArray(fc.integer({ min: 0, max: ROWS.length - 1 }), {
      minLength: 1,
      maxLength: 4,
    });
    // Each request either waits in lockRows or first tries tryLockRows (no wait, all or nothing).
    const script = fc.array(fc.tuple(request, fc.boolean(), fc.boolean()), { maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(script, async (steps) => {
        const locks = new RowLocks(new ManualClock());
        const holding = new Map<number, Set<number>>();
        const releases: (() => void)[] = [];
        const granted: Promise<void>[] = [];
        for (const [id, [rows, releaseOne, tryFirst]] of steps.entries()) {
          const buffers = [...rows, ...rows].map((r) => Buffer.from(ROWS[r] as number[]));
          const now = tryFirst ? locks.tryLockRows(buffers) : undefined;
          const lock = now !== undefined ? Promise.resolve(now) : locks.lockRows(buffers, 60_000);
          granted.push(
            lock.then((release) => {
              for (const [other, held] of holding) {
                for (const r of rows) {
                  if (held.has(r)) throw new Error(`row ${r} held by ${other} and ${id}`);
                }
              }
              holding.set(id, new Set(rows));
              releases.push(() => {
                holding.delete(id);
                release();
              });
            }),
          );
          await Promise.resolve();
          if (releaseOne) releases.shift()?.();
        }
        // Release holders until every request was granted (a waiter's grant adds its release).
        for (let rounds = 0; rounds < steps.length * 2 + 2; rounds++) {
          for (const release of releases.splice(0)) release();
          await new Promise((resolve) => setImmediate(resolve));
        }
        await Promise.all(granted);
        for (const release of releases.splice(0)) release();
        expect(holding.size).toBe(0);
        expect(locks.heldCount).toBe(0);
      }),
      { seed: 20261123, numRuns: 200 },
    );
  });
});

describe('compaction policy', () => {
  const MiB = 1024 * 1024;
  it('takes the longest run in ratio and nothing below the minimum count', () => {
    expect(selectMinorCompaction([MiB, MiB])).toBeUndefined();
    expect(selectMinorCompaction([MiB, MiB, MiB])).toEqual({ start: 0, end: 3 });
    // A huge old file is out of ratio with the small new ones.
    const sizes = [1000 * MiB, 20 * MiB, 20 * MiB, 20 * MiB];
    expect(selectMinorCompaction(sizes)).toEqual({ start: 1, end: 4 });
  });

  it('always returns a contiguous run within the bounds (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 500 * MiB }), { maxLength: 20 }), (sizes) => {
        const run = selectMinorCompaction(sizes);
        if (run === undefined) return;
        expect(run.end - run.start).toBeGreaterThanOrEqual(3);
        expect(run.end - run.start).toBeLessThanOrEqual(10);
        expect(run.end).toBeLessThanOrEqual(sizes.length);
      }),
    );
  });
});
