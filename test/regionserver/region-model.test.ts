// Model-based (fast-check commands): random puts, deletes of every marker kind, increments, gets,
// scans (forward and reversed, time ranges, versions, raw), flushes, compactions and reopens (with
// and without a flush, replaying the WAL) on a real Region over a real in-process block filesystem,
// against the reference model of HBase's semantics. Every read must give identical cells.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cell, CellType, makeCell, ManualClock, SeededRng } from '../../src/common/index.js';
import type { DeleteTarget, Mutation } from '../../src/common/mutations.js';
import {
  type ColumnSelection,
  familyDescriptor,
  type FamilyDescriptor,
  type KeepDeletedCells,
  type TableDescriptor,
  TTL_FOREVER_SECONDS,
} from '../../src/common/operations.js';
import type { DfsClient } from '../../src/dfs/client/index.js';
import { listWalFiles, replayWal } from '../../src/regionserver/wal/index.js';
import { DfsMiniCluster } from '../support/dfs-mini-cluster.js';
import { show } from './query/scenario.js';
import { HBaseModel } from './model/hbase-model.js';
import { deleteTargetArb } from './support/delete-target-arb.js';
import { openRegionStack, type RegionStack, walDirOf } from './support/region-harness.js';

const T0 = 1_000_000;
const ROWS = ['r0', 'r1', 'r2', 'r3'].map((r) => Buffer.from(r));
const QUALIFIERS = ['a', 'b', 'c'].map((q) => Buffer.from(q));
const TIMESTAMPS = [T0 - 1500, T0 - 800, T0 - 10, T0, T0 + 5];
const COUNTER = Buffer.from('n');
const FAMILY_NAMES = ['f0', 'f1'];
const TTL_SECONDS = 1;
const NUM_RUNS = Number(process.env['REGION_MODEL_RUNS'] ?? 30);

interface Real {
  stack: RegionStack;
  readonly clock: ManualClock;
  readonly serverName: string;
  readonly table: TableDescriptor;
  sequenceId: number;
}
interface ModelState {
  readonly model: HBaseModel;
  readonly clock: ManualClock;
}
type Cmd = fc.AsyncCommand<ModelState, Real>;

let cluster: DfsMiniCluster;
let fs: DfsClient;
let runs = 0;
let reopens = 0;

beforeAll(async () => {
  cluster = await DfsMiniCluster.start(1);
  fs = cluster.client();
}, 30_000);
afterAll(async () => {
  await cluster.shutdown();
});

const strip = (cells: readonly Cell[]): string[] => cells.map(show);
const family = (i: number): Buffer => Buffer.from(FAMILY_NAMES[i] as string);
const pick = <T>(items: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...items);

/** The write as the model sees it: the engine's cells with the next sequence id. */
function applyToModel(m: ModelState, r: Real, cells: readonly Cell[]): void {
  r.sequenceId++;
  // One write's cells share a sequence id: at equal coordinates the later one replaces the earlier
  // (HBase's memstore put does the same).
  const byKey = new Map<string, Cell>();
  for (const c of cells)
    byKey.set(`${show({ ...c, value: Buffer.alloc(0) })}`, { ...c, sequenceId: r.sequenceId });
  m.model.apply([...byKey.values()]);
}

function newestTs(m: ModelState, row: Buffer, fam: Buffer, qualifier: Buffer): number | undefined {
  const cells = m.model.get(row, {
    nowMs: m.clock.nowMs(),
    columns: [{ family: fam, qualifiers: [qualifier] }],
  });
  return cells[0]?.timestamp;
}

class MutateCommand implements Cmd {
  constructor(readonly mutation: Mutation) {}
  check = (): boolean => true;
  async run(m: ModelState, r: Real): Promise<void> {
    const now = m.clock.nowMs();
    const cells = modelCells(m, this.mutation, now);
    await r.stack.region.batchMutate([this.mutation]);
    applyToModel(m, r, cells);
  }
  toString = (): string => `mutate(${describeMutation(this.mutation)})`;
}

function modelCells(m: ModelState, mutation: Mutation, now: number): Cell[] {
  if (mutation.type === 'put') {
    return mutation.cells.map((c) =>
      makeCell({
        row: mutation.row,
        family: c.family,
        qualifier: c.qualifier,
        timestamp: c.timestamp ?? now,
        value: c.value,
      }),
    );
  }
  if (mutation.targets.length === 0) {
    return FAMILY_NAMES.map((f) =>
      makeCell({
        row: mutation.row,
        family: f,
        timestamp: mutation.timestamp ?? now,
        type: CellType.DeleteFamily,
      }),
    );
  }
  return mutation.targets.map((t) => targetCell(m, mutation.row, t, now));
}

function targetCell(m: ModelState, row: Buffer, t: DeleteTarget, now: number): Cell {
  switch (t.kind) {
    case 'version': {
      const ts = t.timestamp ?? newestTs(m, row, t.family, t.qualifier) ?? now;
      return makeCell({
        row,
        family: t.family,
        qualifier: t.qualifier,
        timestamp: ts,
        type: CellType.Delete,
      });
    }
    case 'column':
      return makeCell({
        row,
        family: t.family,
        qualifier: t.qualifier,
        timestamp: t.timestamp ?? now,
        type: CellType.DeleteColumn,
      });
    case 'family':
      return makeCell({
        row,
        family: t.family,
        timestamp: t.timestamp ?? now,
        type: CellType.DeleteFamily,
      });
    case 'familyVersion':
      return makeCell({
        row,
        family: t.family,
        timestamp: t.timestamp,
        type: CellType.DeleteFamilyVersion,
      });
  }
}

function describeMutation(mutation: Mutation): string {
  if (mutation.type === 'put') {
    return `put ${mutation.row} ${mutation.cells.map((c) => `${c.family}:${c.qualifier}@${c.timestamp ?? 'now'}`).join(',')}`;
  }
  const targets = mutation.targets.map(
    (t) =>
      `${t.kind} ${t.family}${'qualifier' in t ? `:${t.qualifier}` : ''}@${t.timestamp ?? 'now'}`,
  );
  return `delete ${mutation.row} ${targets.join(',') || `row@${mutation.timestamp ?? 'now'}`}`;
}

class IncrementCommand implements Cmd {
  constructor(
    readonly row: Buffer,
    readonly amount: bigint,
  ) {}
  check = (): boolean => true;
  async run(m: ModelState, r: Real): Promise<void> {
    const fam = family(0);
    const old = m.model.get(this.row, {
      nowMs: m.clock.nowMs(),
      columns: [{ family: fam, qualifiers: [COUNTER] }],
    })[0];
    const base = old === undefined ? 0n : old.value.readBigInt64BE(0);
    const value = Buffer.alloc(8);
    value.writeBigInt64BE(BigInt.asIntN(64, base + this.amount));
    const now = m.clock.nowMs();
    const ts = old === undefined ? now : Math.max(now, old.timestamp + 1);
    const result = await r.stack.region.mutateRow({
      type: 'increment',
      row: this.row,
      columns: [{ family: fam, qualifier: COUNTER, amount: this.amount }],
    });
    expect(strip(result)).toEqual(
      strip([makeCell({ row: this.row, family: fam, qualifier: COUNTER, timestamp: ts, value })]),
    );
    applyToModel(m, r, [
      makeCell({ row: this.row, family: fam, qualifier: COUNTER, timestamp: ts, value }),
    ]);
  }
  toString = (): string => `increment(${this.row}, ${this.amount})`;
}

interface ReadShape {
  readonly columns?: ColumnSelection[];
  readonly timeRange?: { minTs: number; maxTs: number };
  readonly maxVersions: number;
  readonly raw: boolean;
}

class GetCommand implements Cmd {
  constructor(
    readonly row: Buffer,
    readonly read: ReadShape,
  ) {}
  check = (): boolean => true;
  async run(m: ModelState, r: Real): Promise<void> {
    const got = await r.stack.region.get({ row: this.row, ...this.read });
    expect(strip(got)).toEqual(
      strip(m.model.get(this.row, { nowMs: m.clock.nowMs(), ...this.read })),
    );
  }
  toString = (): string => `get(${this.row}, ${JSON.stringify(this.read)})`;
}

class ScanCommand implements Cmd {
  constructor(
    readonly read: ReadShape,
    readonly range: { startRow?: Buffer; stopRow?: Buffer; reversed: boolean; limit?: number },
  ) {}
  check = (): boolean => true;
  async run(m: ModelState, r: Real): Promise<void> {
    const rows = await r.stack.region.scanAll({ ...this.read, ...this.range });
    const expected = m.model.scan({ nowMs: m.clock.nowMs(), ...this.read, ...this.range });
    expect(rows.map(strip)).toEqual(expected.map((row) => strip(row.cells)));
  }
  toString = (): string => `scan(${JSON.stringify({ ...this.read, ...this.range })})`;
}

class FlushCommand implements Cmd {
  check = (): boolean => true;
  async run(m: ModelState, r: Real): Promise<void> {
    await r.stack.region.flush();
    m.model.flush(m.clock.nowMs());
  }
  toString = (): string => 'flush';
}

class CompactCommand implements Cmd {
  constructor(readonly major: boolean) {}
  check = (): boolean => true;
  async run(m: ModelState, r: Real): Promise<void> {
    const outcomes = await r.stack.region.compact(this.major);
    for (const [name, outcome] of outcomes) {
      const indexes = Array.from(
        { length: outcome.end - outcome.start },
        (_, i) => outcome.start + i,
      );
      m.model.compact(name, indexes, outcome.major, m.clock.nowMs());
    }
  }
  toString = (): string => `compact(${this.major ? 'major' : 'minor'})`;
}

class ReopenCommand implements Cmd {
  constructor(readonly flush: boolean) {}
  check = (): boolean => true;
  async run(m: ModelState, r: Real): Promise<void> {
    const info = r.stack.info;
    await r.stack.close({ flush: this.flush });
    const paths = this.flush ? [] : await listWalFiles(fs, walDirOf(r.serverName));
    r.stack = await openRegionStack({
      namenode: cluster.namenodeAddress,
      table: r.table,
      info,
      replication: 1,
      serverName: r.serverName,
      clock: r.clock,
      rng: new SeededRng(runs * 1000 + ++reopens),
      settings: SETTINGS,
      ...(this.flush ? {} : { replay: replayWal(fs, paths, {}) }),
    });
    // Either way the memstore's edits end up in one new file per family (replay flushes).
    m.model.flush(m.clock.nowMs());
  }
  toString = (): string => `reopen(${this.flush ? 'flush' : 'replay WAL'})`;
}

class AdvanceCommand implements Cmd {
  constructor(readonly ms: number) {}
  check = (): boolean => true;
  async run(m: ModelState): Promise<void> {
    m.clock.advance(this.ms);
  }
  toString = (): string => `advance(${this.ms})`;
}

const SETTINGS = {
  autoFlush: false,
  autoCompact: false,
  compactionPolicy: { minFiles: 2, maxFiles: 3, ratio: 100, minSizeBytes: 0, blockingFiles: 1000 },
  blockingStoreFiles: 1000,
};

const tsArb = pick(TIMESTAMPS);
const maybeTs = fc.option(tsArb, { nil: undefined });
const putArb = fc
  .record({
    row: pick(ROWS),
    cells: fc.array(
      fc.record({
        f: fc.integer({ min: 0, max: 1 }),
        q: pick(QUALIFIERS),
        ts: maybeTs,
        v: fc.integer({ min: 0, max: 99 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ row, cells }): Mutation => ({
    type: 'put',
    row,
    cells: cells.map((c) => ({
      family: family(c.f),
      qualifier: c.q,
      value: Buffer.from(`v${c.v}`),
      ...(c.ts === undefined ? {} : { timestamp: c.ts }),
    })),
  }));
const targetArb = deleteTargetArb({ family, qualifiers: QUALIFIERS, timestamps: TIMESTAMPS });
const deleteArb = fc
  .record({ row: pick(ROWS), targets: fc.array(targetArb, { maxLength: 2 }), ts: maybeTs })
  .map(({ row, targets, ts }): Mutation => ({
    type: 'delete',
    row,
    targets,
    ...(ts === undefined || targets.length > 0 ? {} : { timestamp: ts }),
  }));
const readArb: fc.Arbitrary<ReadShape> = fc
  .record({
    columns: fc.option(
      fc.constantFrom<ColumnSelection[]>(
        [{ family: family(0) }],
        [{ family: family(1), qualifiers: [QUALIFIERS[0] as Buffer, QUALIFIERS[2] as Buffer] }],
      ),
      { nil: undefined },
    ),
    timeRange: fc.option(
      fc.constantFrom(
        { minTs: T0 - 900, maxTs: T0 + 1 },
        { minTs: 0, maxTs: T0 - 10 },
        { minTs: T0, maxTs: T0 + 1 },
      ),
      { nil: undefined },
    ),
    maxVersions: fc.integer({ min: 1, max: 3 }),
    raw: fc.boolean(),
  })
  .map((r) => ({
    maxVersions: r.maxVersions,
    raw: r.raw && r.columns === undefined,
    ...(r.columns === undefined ? {} : { columns: r.columns }),
    ...(r.timeRange === undefined ? {} : { timeRange: r.timeRange }),
  }));

const commandArb = fc.commands(
  [
    putArb.map((p) => new MutateCommand(p)),
    putArb.map((p) => new MutateCommand(p)),
    deleteArb.map((d) => new MutateCommand(d)),
    fc
      .record({ row: pick(ROWS), amount: fc.bigInt({ min: -5n, max: 5n }) })
      .map(({ row, amount }) => new IncrementCommand(row, amount)),
    fc.record({ row: pick(ROWS), read: readArb }).map(({ row, read }) => new GetCommand(row, read)),
    fc
      .record({
        read: readArb,
        start: fc.option(pick(ROWS), { nil: undefined }),
        stop: fc.option(pick(ROWS), { nil: undefined }),
        reversed: fc.boolean(),
        limit: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
      })
      .map(
        ({ read, start, stop, reversed, limit }) =>
          new ScanCommand(read, {
            reversed,
            ...(start === undefined ? {} : { startRow: start }),
            ...(stop === undefined ? {} : { stopRow: stop }),
            ...(limit === undefined ? {} : { limit }),
          }),
      ),
    fc.constant(new FlushCommand()),
    fc.boolean().map((major) => new CompactCommand(major)),
    fc.boolean().map((flush) => new ReopenCommand(flush)),
    fc.integer({ min: 1, max: 700 }).map((ms) => new AdvanceCommand(ms)),
  ],
  { maxCommands: 50, size: 'max' },
);

const familiesArb = fc
  .record({
    maxVersions: fc.integer({ min: 1, max: 3 }),
    minVersions: fc.integer({ min: 0, max: 1 }),
    ttl: fc.boolean(),
    keepDeletedCells: fc.constantFrom<KeepDeletedCells>('FALSE', 'TRUE', 'TTL'),
  })
  .map((s): FamilyDescriptor[] => [
    familyDescriptor('f0', {
      maxVersions: s.maxVersions,
      minVersions: s.minVersions < s.maxVersions ? s.minVersions : 0,
      ttlSeconds: s.ttl ? TTL_SECONDS : TTL_FOREVER_SECONDS,
      keepDeletedCells: s.keepDeletedCells,
      blockSizeBytes: 256,
    }),
    familyDescriptor('f1', { maxVersions: 2, bloomType: 'ROWCOL', blockSizeBytes: 128 }),
  ]);

describe('region against the HBase model, on the block filesystem', () => {
  it("gives the model's answer to every read (fast-check commands)", async () => {
    await fc.assert(
      fc.asyncProperty(familiesArb, commandArb, async (families, commands) => {
        runs++;
        const clock = new ManualClock(T0);
        const table: TableDescriptor = {
          name: `model${runs}`,
          families,
          durability: 'USE_DEFAULT',
        };
        const serverName = `localhost,16020,${runs}`;
        const stack = await openRegionStack({
          namenode: cluster.namenodeAddress,
          table,
          replication: 1,
          serverName,
          clock,
          rng: new SeededRng(runs),
          settings: SETTINGS,
        });
        const real: Real = { stack, clock, serverName, table, sequenceId: 0 };
        try {
          await fc.asyncModelRun(
            () => ({ model: { model: new HBaseModel(families), clock }, real }),
            traced(commands),
          );
        } finally {
          await real.stack.close({ flush: false }).catch(() => undefined);
        }
      }),
      { numRuns: NUM_RUNS, ...seedOption() },
    );
  }, 240_000);
});

/** REGION_MODEL_TRACE=1 prints every command and how long it took (to find a slow or stuck one). */
function traced(commands: Iterable<Cmd>): Iterable<Cmd> {
  if (process.env['REGION_MODEL_TRACE'] === undefined) return commands;
  return [...commands].map((c) => ({
    check: (m: Readonly<ModelState>) => c.check(m),
    run: async (m: ModelState, r: Real) => {
      const start = performance.now();
      process.stderr.write(`run ${runs} ${c.toString()}\n`);
      try {
        await c.run(m, r);
      } catch (error) {
        process.stderr.write(`  failed: ${String(error)}\n`);
        throw error;
      }
      process.stderr.write(`  ${(performance.now() - start).toFixed(0)} ms\n`);
    },
    toString: () => c.toString(),
  }));
}

/** REGION_MODEL_SEED replays one fast-check seed (it is printed when a run fails). */
function seedOption(): { seed?: number } {
  const seed = process.env['REGION_MODEL_SEED'];
  return seed === undefined ? {} : { seed: Number(seed) };
}
