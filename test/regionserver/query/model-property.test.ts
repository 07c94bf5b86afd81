// Property: random writes (every cell type, small domains), random family settings and random
// flush/compaction sequences give the same files and the same Get and Scan answers through
// StoreScanner/CompactionScanner as through the reference model. fast-check prints the seed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cell, CellType, LATEST_TIMESTAMP, makeCell } from '../../../src/common/index.js';
import {
  type ColumnSelection,
  familyDescriptor,
  type FamilyDescriptor,
  type KeepDeletedCells,
  TTL_FOREVER_SECONDS,
} from '../../../src/common/operations.js';
import { HBaseModel, type ModelReadOptions, type ModelScanOptions } from '../model/hbase-model.js';
import { show, showRows } from './scenario.js';
import { StoreDriver } from './store-driver.js';

const ROWS = ['r0', 'r1', 'r2'];
const FAMILIES = ['f0', 'f1'];
const QUALIFIERS = ['', 'a', 'b'];
const TYPES = [
  CellType.Put,
  CellType.Put,
  CellType.Delete,
  CellType.DeleteColumn,
  CellType.DeleteFamily,
  CellType.DeleteFamilyVersion,
] as const;
/** TTL is 1 s when on; "now" moves within a few ms of BASE so timestamps 1..6 straddle expiry. */
const TTL_SECONDS = 1;
const BASE_NOW_MS = 1000;

const familyArb = (name: string): fc.Arbitrary<FamilyDescriptor> =>
  fc
    .record({
      maxVersions: fc.integer({ min: 1, max: 3 }),
      minVersions: fc.integer({ min: 0, max: 1 }),
      ttl: fc.boolean(),
      keepDeletedCells: fc.constantFrom<KeepDeletedCells>('FALSE', 'TRUE', 'TTL'),
    })
    .map((s) =>
      familyDescriptor(name, {
        maxVersions: s.maxVersions,
        minVersions: s.minVersions < s.maxVersions ? s.minVersions : 0,
        ttlSeconds: s.ttl ? TTL_SECONDS : TTL_FOREVER_SECONDS,
        keepDeletedCells: s.keepDeletedCells,
      }),
    );

interface CellSpec {
  row: number;
  family: number;
  qualifier: number;
  timestamp: number;
  type: number;
  gap: number;
}

/** Skewed towards one row and one family, so that markers and versions often meet. */
const skewed = (max: number): fc.Arbitrary<number> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, fc.integer({ min: 0, max }));

const cellSpecArb: fc.Arbitrary<CellSpec> = fc.record({
  row: skewed(ROWS.length - 1),
  family: skewed(FAMILIES.length - 1),
  qualifier: fc.integer({ min: 0, max: QUALIFIERS.length - 1 }),
  timestamp: fc.integer({ min: 1, max: 6 }),
  type: fc.integer({ min: 0, max: TYPES.length - 1 }),
  gap: fc.integer({ min: 1, max: 3 }),
});

type Step =
  | { kind: 'write'; cells: CellSpec[] }
  | { kind: 'flush'; now: number }
  | { kind: 'minor'; family: number; picks: number[]; now: number }
  | { kind: 'major'; family: number; now: number };

const nowArb = fc.integer({ min: 0, max: 8 }).map((d) => BASE_NOW_MS + d);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      cells: fc.array(cellSpecArb, { minLength: 1, maxLength: 8 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('flush' as const), now: nowArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('minor' as const),
      family: fc.integer({ min: 0, max: 1 }),
      picks: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
      now: nowArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('major' as const),
      family: fc.integer({ min: 0, max: 1 }),
      now: nowArb,
    }),
  },
);

const readArb = fc.record({
  raw: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, fc.constant(true)),
  columnsChoice: fc.integer({ min: 0, max: 4 }),
  qualifierPicks: fc.subarray(QUALIFIERS, { minLength: 1 }),
  range: fc.option(
    fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 8 })).map(([a, b]) => ({
      minTs: Math.min(a, b),
      maxTs: a === b ? LATEST_TIMESTAMP : Math.max(a, b),
    })),
    { nil: undefined },
  ),
  maxVersions: fc.integer({ min: 1, max: 4 }),
  readPointPermille: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
  now: nowArb,
  perFamily: fc.option(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 })), {
    freq: 4,
    nil: undefined,
  }),
});

const scanArb = fc.record({
  start: fc.integer({ min: -1, max: 2 }),
  startInclusive: fc.boolean(),
  stop: fc.integer({ min: -1, max: 2 }),
  stopInclusive: fc.boolean(),
  reversed: fc.boolean(),
  limit: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
});

function readOptions(r: ReadPick, maxSeq: number): ModelReadOptions {
  const family = FAMILIES[r.columnsChoice % 2] as string;
  let columns: ColumnSelection[] | undefined;
  if (r.columnsChoice === 1 || r.columnsChoice === 2) columns = [{ family: Buffer.from(family) }];
  if ((r.columnsChoice === 3 || r.columnsChoice === 4) && !r.raw) {
    columns = [
      { family: Buffer.from(family), qualifiers: r.qualifierPicks.map((q) => Buffer.from(q)) },
    ];
  }
  return {
    nowMs: r.now,
    raw: r.raw,
    maxVersions: r.maxVersions,
    ...(columns === undefined ? {} : { columns }),
    ...(r.range === undefined ? {} : { timeRange: r.range }),
    ...(r.readPointPermille === undefined
      ? {}
      : { readPoint: Math.floor((maxSeq * r.readPointPermille) / 1000) }),
    ...(r.perFamily === undefined
      ? {}
      : { maxResultsPerFamily: r.perFamily[0], rowOffsetPerFamily: r.perFamily[1] }),
  };
}

type ReadPick = typeof readArb extends fc.Arbitrary<infer T> ? T : never;
type ScanPick = typeof scanArb extends fc.Arbitrary<infer T> ? T : never;

function scanOptions(read: ModelReadOptions, s: ScanPick): ModelScanOptions {
  const row = (i: number): Buffer => (i < 0 ? Buffer.alloc(0) : Buffer.from(ROWS[i] as string));
  return {
    ...read,
    startRow: row(s.start),
    startRowInclusive: s.startInclusive,
    stopRow: row(s.stop),
    stopRowInclusive: s.stopInclusive,
    reversed: s.reversed,
    ...(s.limit === undefined ? {} : { limit: s.limit }),
  };
}

function toCell(spec: CellSpec, sequenceId: number): Cell {
  const type = TYPES[spec.type] as CellType;
  const familyWide = type === CellType.DeleteFamily || type === CellType.DeleteFamilyVersion;
  return makeCell({
    row: ROWS[spec.row] as string,
    family: FAMILIES[spec.family] as string,
    qualifier: familyWide ? '' : (QUALIFIERS[spec.qualifier] as string),
    timestamp: spec.timestamp,
    type,
    value: type === CellType.Put ? `v${sequenceId}` : '',
    sequenceId,
  });
}

async function checkReads(
  model: HBaseModel,
  driver: StoreDriver,
  reads: readonly [ReadPick, ScanPick][],
  maxSeq: number,
): Promise<void> {
  for (const [r, s] of reads) {
    const read = readOptions(r, maxSeq);
    for (const row of ROWS) {
      const key = Buffer.from(row);
      expect((await driver.get(key, read)).map(show)).toEqual(model.get(key, read).map(show));
    }
    const scan = scanOptions(read, s);
    expect(showRows(await driver.scan(scan))).toEqual(showRows(model.scan(scan)));
  }
}

function expectSameFiles(model: HBaseModel, driver: StoreDriver): void {
  for (const family of FAMILIES) {
    const want = model.files(family).map((f) => f.map((c) => `${show(c)}#${c.sequenceId}`));
    const got = driver.files(family).map((f) => f.map((c) => `${show(c)}#${c.sequenceId}`));
    expect(got).toEqual(want);
  }
}

describe('StoreScanner and CompactionScanner against the reference model', () => {
  it('agree on files, gets and scans', async () => {
    await fc.assert(
      fc.asyncProperty(
        familyArb('f0'),
        familyArb('f1'),
        fc.array(stepArb, { minLength: 1, maxLength: 10 }),
        fc.array(fc.tuple(readArb, scanArb), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (f0, f1, steps, reads, async) => {
          const model = new HBaseModel([f0, f1]);
          const driver = new StoreDriver([f0, f1], { async, sliceCells: 2 });
          let seq = 0;
          for (const step of steps) {
            if (step.kind === 'write') {
              const cells = step.cells.map((spec) => toCell(spec, (seq += spec.gap)));
              model.apply(cells);
              driver.apply(cells);
            } else if (step.kind === 'flush') {
              model.flush(step.now);
              await driver.flush(step.now);
            } else {
              const family = FAMILIES[step.family] as string;
              const count = model.files(family).length;
              if (count === 0) continue;
              const picks =
                step.kind === 'major' ? [...Array(count).keys()] : step.picks.map((p) => p % count);
              model.compact(family, picks, step.kind === 'major', step.now);
              await driver.compact(family, picks, step.kind === 'major', step.now);
            }
            expectSameFiles(model, driver);
            await checkReads(model, driver, reads.slice(0, 1), seq);
          }
          await checkReads(model, driver, reads, seq);
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);
});
