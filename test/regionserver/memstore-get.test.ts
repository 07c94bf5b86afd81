// The Get fast path (memstore-get.ts) against the general path, on a real Region over a real
// in-process block filesystem that is never flushed: after random puts and deletes of every marker
// kind (fast-check), with a TTL family and a moving clock, a plain Get must give the same cells as
// the same Get sent down the general path (a per-family limit no row reaches forces that path).
// Writes still in flight (above the read point) must stay invisible to both.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cell, ManualClock, SeededRng } from '../../src/common/index.js';
import type { Mutation } from '../../src/common/mutations.js';
import {
  familyDescriptor,
  type GetSpec,
  type TableDescriptor,
  TTL_FOREVER_SECONDS,
} from '../../src/common/operations.js';
import { DfsMiniCluster } from '../support/dfs-mini-cluster.js';
import { show } from './query/scenario.js';
import { deleteTargetArb } from './support/delete-target-arb.js';
import { openRegionStack } from './support/region-harness.js';

const T0 = 1_000_000;
const ROWS = ['r0', 'r1', 'r2'].map((r) => Buffer.from(r));
const QUALIFIERS = ['', 'a', 'b'].map((q) => Buffer.from(q));
const TIMESTAMPS = [T0 - 1500, T0 - 10, T0, T0 + 5];
const FAMILIES = ['f0', 'f1'];
/** Far above any row's cell count: the same Get, but down the general path. */
const GENERAL_PATH_LIMIT = 1_000_000;
const NUM_RUNS = Number(process.env['MEMSTORE_GET_RUNS'] ?? 60);
const SETTINGS = { autoFlush: false, autoCompact: false };

let cluster: DfsMiniCluster;
let runs = 0;

beforeAll(async () => {
  cluster = await DfsMiniCluster.start(1);
}, 30_000);
afterAll(async () => {
  await cluster.shutdown();
});

const pick = <T>(items: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...items);
const family = (i: number): Buffer => Buffer.from(FAMILIES[i] as string);
const maybeTs = fc.option(pick(TIMESTAMPS), { nil: undefined });

const putArb = fc
  .record({
    row: pick(ROWS),
    cells: fc.array(
      fc.record({ f: fc.integer({ min: 0, max: 1 }), q: pick(QUALIFIERS), ts: maybeTs }),
      { minLength: 1, maxLength: 3 },
    ),
    v: fc.integer({ min: 0, max: 99 }),
  })
  .map(({ row, cells, v }): Mutation => ({
    type: 'put',
    row,
    cells: cells.map((c) => ({
      family: family(c.f),
      qualifier: c.q,
      value: Buffer.from(`v${v}`),
      ...(c.ts === undefined ? {} : { timestamp: c.ts }),
    })),
  }));

const targetArb = deleteTargetArb({ family, qualifiers: QUALIFIERS, timestamps: TIMESTAMPS });

const deleteArb = fc
  .record({ row: pick(ROWS), targets: fc.array(targetArb, { minLength: 1, maxLength: 2 }) })
  .map(({ row, targets }): Mutation => ({ type: 'delete', row, targets }));

type Step = { kind: 'write'; mutation: Mutation } | { kind: 'advance'; ms: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: putArb.map((mutation) => ({ kind: 'write' as const, mutation })) },
  { weight: 2, arbitrary: deleteArb.map((mutation) => ({ kind: 'write' as const, mutation })) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 900 }).map((ms) => ({ kind: 'advance' as const, ms })),
  },
);

const readArb = fc.record({
  timeRange: fc.option(
    fc.constantFrom({ minTs: T0 - 900, maxTs: T0 + 1 }, { minTs: 0, maxTs: T0 - 10 }),
    { nil: undefined },
  ),
  family: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
});

function table(ttl: boolean, maxVersions: number): TableDescriptor {
  return {
    name: `memget${runs}`,
    durability: 'USE_DEFAULT',
    families: [
      familyDescriptor('f0', {
        maxVersions,
        ttlSeconds: ttl ? 1 : TTL_FOREVER_SECONDS,
      }),
      familyDescriptor('f1', { maxVersions: 1 }),
    ],
  };
}

async function bothPaths(get: (spec: GetSpec) => Promise<Cell[]>, spec: GetSpec): Promise<void> {
  const plain = await get(spec);
  const general = await get({ ...spec, maxResultsPerFamily: GENERAL_PATH_LIMIT });
  expect(plain.map(show)).toEqual(general.map(show));
}

describe('the memstore Get fast path', () => {
  it('answers as the general path does (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.integer({ min: 1, max: 2 }),
        fc.array(stepArb, { minLength: 1, maxLength: 30 }),
        fc.array(readArb, { minLength: 1, maxLength: 4 }),
        async (ttl, maxVersions, steps, reads) => {
          runs++;
          const clock = new ManualClock(T0);
          const stack = await openRegionStack({
            namenode: cluster.namenodeAddress,
            table: table(ttl, maxVersions),
            replication: 1,
            serverName: `localhost,16020,${runs}`,
            clock,
            rng: new SeededRng(runs),
            settings: SETTINGS,
          });
          try {
            const region = stack.region;
            for (const step of steps) {
              if (step.kind === 'advance') clock.advance(step.ms);
              else await region.batchMutate([step.mutation]);
              for (const row of ROWS) {
                for (const read of reads) {
                  await bothPaths((spec) => region.get(spec), {
                    row,
                    ...(read.timeRange === undefined ? {} : { timeRange: read.timeRange }),
                    ...(read.family === undefined
                      ? {}
                      : { columns: [{ family: family(read.family) }] }),
                  });
                }
              }
            }
          } finally {
            await stack.close({ flush: false }).catch(() => undefined);
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
  }, 240_000);

  it('honours a family marker behind a newer Put of the empty qualifier', async () => {
    runs++;
    const stack = await openRegionStack({
      namenode: cluster.namenodeAddress,
      table: table(false, 1),
      replication: 1,
      serverName: `localhost,16020,${runs}`,
      clock: new ManualClock(T0),
      settings: SETTINGS,
    });
    try {
      const region = stack.region;
      const row = ROWS[1] as Buffer;
      const cell = (qualifier: string, timestamp?: number) => ({
        family: family(0),
        qualifier: Buffer.from(qualifier),
        value: Buffer.from('v'),
        ...(timestamp === undefined ? {} : { timestamp }),
      });
      await region.batchMutate([{ type: 'put', row, cells: [cell('', T0 + 5)] }]);
      await region.batchMutate([
        {
          type: 'delete',
          row,
          targets: [{ kind: 'familyVersion', family: family(0), timestamp: T0 }],
        },
      ]);
      // Both at the clock's T0: the marker masks them, while the empty qualifier's newest is a Put.
      await region.batchMutate([{ type: 'put', row, cells: [cell('a'), cell('')] }]);
      await bothPaths((spec) => region.get(spec), { row });
      const got = await region.get({ row });
      expect(got.map((c) => `${c.qualifier.toString()}@${c.timestamp}`)).toEqual([`@${T0 + 5}`]);
    } finally {
      await stack.close({ flush: false }).catch(() => undefined);
    }
  }, 60_000);

  it('does not show a write whose WAL sync is still pending', async () => {
    runs++;
    const clock = new ManualClock(T0);
    const stack = await openRegionStack({
      namenode: cluster.namenodeAddress,
      table: table(false, 1),
      replication: 1,
      serverName: `localhost,16020,${runs}`,
      clock,
      settings: SETTINGS,
    });
    try {
      const region = stack.region;
      const row = ROWS[0] as Buffer;
      const put = (value: string): Mutation => ({
        type: 'put',
        row,
        cells: [{ family: family(0), qualifier: Buffer.from('a'), value: Buffer.from(value) }],
      });
      await region.batchMutate([put('old')]);
      clock.advance(1);
      // The cells go into the memstore before the WAL append is awaited.
      const pending = region.batchMutate([put('new')]);
      const during = await region.get({ row });
      await pending;
      const after = await region.get({ row });
      expect(during.map((c) => c.value.toString())).toEqual(['old']);
      expect(after.map((c) => c.value.toString())).toEqual(['new']);
    } finally {
      await stack.close({ flush: false }).catch(() => undefined);
    }
  }, 60_000);
});
