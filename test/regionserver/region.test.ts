// INTEGRATION TESTS of Region on a real in-process block filesystem: bad input gets typed errors
// and the region keeps serving; RegionTooBusy instead of unbounded growth; increment, append,
// checkAndMutate and mutateRow; the block cache counters; split into two daughters, serving on
// while it rewrites the parent's files; a compaction interrupted after its output was moved in
// finishes on reopen.
import { afterEach, describe, expect, it } from 'vitest';
import {
  CellTooLargeError,
  CELL_BYTES_MAX,
  InvalidArgumentError,
  LimitExceededError,
  ROW_KEY_BYTES_MAX,
} from '../../src/common/index.js';
import { familyDescriptor, type TableDescriptor } from '../../src/common/operations.js';
import type { Put } from '../../src/common/mutations.js';
import {
  InvalidMutationError,
  makeRegionInfo,
  NoSuchColumnFamilyError,
  NotServingRegionError,
  Region,
  type RegionInfo,
  RegionTooBusyError,
  splitRegion,
  WrongRegionError,
} from '../../src/regionserver/index.js';
import { compactionRecordPath } from '../../src/regionserver/compaction/compaction-record.js';
import { listWalFiles, replayWal } from '../../src/regionserver/wal/index.js';
import { SPLIT_PRECLOSE_FLUSH_BYTES } from '../../src/regionserver/limits.js';
import { waitFor } from '../support/dfs-mini-cluster.js';
import { show } from './query/scenario.js';
import {
  HARNESS_SERVER_NAME,
  type RegionHarness,
  startRegionHarness,
  walDirOf,
} from './support/region-harness.js';

const F = Buffer.from('f');
const G = Buffer.from('g');
const b = (s: string): Buffer => Buffer.from(s);
const table = (name: string): TableDescriptor => ({
  name,
  families: [familyDescriptor('f', { maxVersions: 3 }), familyDescriptor('g')],
  durability: 'USE_DEFAULT',
});
const put = (row: string, q: string, value: string, ts?: number): Put => ({
  type: 'put',
  row: b(row),
  cells: [
    { family: F, qualifier: b(q), value: b(value), ...(ts === undefined ? {} : { timestamp: ts }) },
  ],
});
const values = async (region: Region, row: string): Promise<string[]> =>
  (await region.get({ row: b(row) })).map((c) => `${c.qualifier}=${c.value}`);

let harness: RegionHarness | undefined;
afterEach(async () => {
  await harness?.shutdown();
  harness = undefined;
});

describe('region', () => {
  it('answers bad input with typed errors and keeps serving', async () => {
    harness = await startRegionHarness({
      table: table('bad'),
      datanodes: 1,
      info: makeRegionInfo('bad', b('b'), b('m')),
    });
    const region = harness.region;
    await region.put(put('c', 'q', 'kept'));
    await expect(region.put(put('z', 'q', 'v'))).rejects.toBeInstanceOf(WrongRegionError);
    await expect(
      region.put({
        type: 'put',
        row: b('c'),
        cells: [{ family: b('nope'), qualifier: b('q'), value: b('v') }],
      }),
    ).rejects.toBeInstanceOf(NoSuchColumnFamilyError);
    await expect(region.put(put('c', 'q', 'x'.repeat(CELL_BYTES_MAX)))).rejects.toBeInstanceOf(
      CellTooLargeError,
    );
    await expect(region.put({ type: 'put', row: b('c'), cells: [] })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(
      region.get({ row: b('c'), columns: [{ family: b('nope') }] }),
    ).rejects.toBeInstanceOf(NoSuchColumnFamilyError);
    await expect(region.get({ row: b('c'), maxVersions: 0 })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(
      region.get({ row: b('c'), timeRange: { minTs: 5, maxTs: 1 } }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      region.put(put('c'.repeat(ROW_KEY_BYTES_MAX + 1), 'q', 'v')),
    ).rejects.toBeInstanceOf(LimitExceededError);
    expect(await values(region, 'c')).toEqual(['q=kept']);
  });

  it('loses a SKIP_WAL write when the memstore is lost, and replays SYNC, FSYNC and ASYNC ones', async () => {
    harness = await startRegionHarness({ table: table('durability'), datanodes: 1 });
    const region = harness.region;
    for (const durability of ['SKIP_WAL', 'ASYNC_WAL', 'SYNC_WAL', 'FSYNC_WAL'] as const) {
      await region.put({ ...put(durability, 'q', 'v'), durability });
    }
    await harness.stack.wal.sync();
    const dir = walDirOf(HARNESS_SERVER_NAME);
    const paths = await listWalFiles(harness.stack.dfs, dir);
    const dfs = harness.cluster.client();
    const reopened = await harness.reopen({ flush: false, replay: replayWal(dfs, paths, {}) });
    expect(await values(reopened, 'SKIP_WAL')).toEqual([]);
    for (const durability of ['ASYNC_WAL', 'SYNC_WAL', 'FSYNC_WAL']) {
      expect(await values(reopened, durability)).toEqual(['q=v']);
    }
    await dfs.close();
  });

  it('refuses writes with RegionTooBusy above the blocking memstore size and file count', async () => {
    harness = await startRegionHarness({
      table: table('busy'),
      datanodes: 1,
      settings: { flushBytes: 4096, autoFlush: false, autoCompact: false, blockingStoreFiles: 3 },
    });
    const region = harness.region;
    const big = 'v'.repeat(1024);
    let refused: unknown;
    for (let i = 0; i < 40 && refused === undefined; i++) {
      await region.put(put(`r${i}`, 'q', big)).catch((error: unknown) => (refused = error));
    }
    expect(refused).toBeInstanceOf(RegionTooBusyError);
    expect(region.stats().memstoreBytes).toBeLessThan(4 * 4096 + 2 * 1024);
    await region.flush();
    await region.put(put('x', 'q', 'v'));
    await region.flush();
    await region.put(put('y', 'q', 'v'));
    await region.flush();
    await expect(region.put(put('z', 'q', 'v'))).rejects.toBeInstanceOf(RegionTooBusyError);
    await region.compact(true);
    await region.put(put('z', 'q', 'v'));
    expect(await values(region, 'z')).toEqual(['q=v']);
  });

  it('increments, appends, checks-and-mutates and mutates rows atomically', async () => {
    harness = await startRegionHarness({ table: table('atomic'), datanodes: 1 });
    const region = harness.region;
    const inc = (amount: bigint) =>
      region.mutateRow({
        type: 'increment',
        row: b('c'),
        columns: [{ family: F, qualifier: b('n'), amount }],
      });
    expect((await inc(5n))[0]?.value.readBigInt64BE(0)).toBe(5n);
    expect((await inc(-2n))[0]?.value.readBigInt64BE(0)).toBe(3n);
    await Promise.all(Array.from({ length: 20 }, () => inc(1n)));
    expect((await region.get({ row: b('c') }))[0]?.value.readBigInt64BE(0)).toBe(23n);
    await region.put(put('c', 's', 'abc'));
    await expect(
      region.mutateRow({
        type: 'increment',
        row: b('c'),
        columns: [{ family: F, qualifier: b('s'), amount: 1n }],
      }),
    ).rejects.toBeInstanceOf(InvalidMutationError);
    const appended = await region.mutateRow({
      type: 'append',
      row: b('c'),
      columns: [{ family: F, qualifier: b('s'), value: b('def') }],
    });
    expect(appended[0]?.value.toString()).toBe('abcdef');

    // ifNotExists races: exactly one winner.
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        region.checkAndMutate({
          row: b('lock'),
          condition: { kind: 'column', family: F, qualifier: b('owner'), op: 'EQUAL', value: null },
          action: put('lock', 'owner', `w${i}`),
        }),
      ),
    );
    expect(attempts.filter((a) => a.success)).toHaveLength(1);
    // HBase's direction: `value op stored` — LESS passes when the given value is below the stored.
    await region.put(put('k', 'v', 'm'));
    const check = (op: 'LESS' | 'GREATER', value: string) =>
      region.checkAndMutate({
        row: b('k'),
        condition: { kind: 'column', family: F, qualifier: b('v'), op, value: b(value) },
        action: put('k', 'hit', op),
      });
    expect((await check('LESS', 'a')).success).toBe(true);
    expect((await check('GREATER', 'a')).success).toBe(false);

    await region.mutateRow({
      type: 'rowMutations',
      row: b('rm'),
      mutations: [
        put('rm', 'a', '1'),
        { type: 'put', row: b('rm'), cells: [{ family: G, qualifier: b('b'), value: b('2') }] },
      ],
    });
    expect(await values(region, 'rm')).toEqual(['a=1', 'b=2']);
    await expect(
      region.mutateRow({ type: 'rowMutations', row: b('rm'), mutations: [put('other', 'a', '1')] }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('serves gets from the block cache after a flush, and its counters move', async () => {
    harness = await startRegionHarness({ table: table('cache'), datanodes: 1 });
    const region = harness.region;
    for (let i = 0; i < 50; i++)
      await region.put(put(`r${String(i).padStart(2, '0')}`, 'q', `v${i}`));
    await region.flush();
    const cache = harness.stack.cache;
    const before = cache.stats();
    expect(await values(region, 'r07')).toEqual(['q=v7']);
    expect(await values(region, 'r07')).toEqual(['q=v7']);
    const after = cache.stats();
    expect(after.misses).toBeGreaterThan(before.misses);
    expect(after.hits).toBeGreaterThan(before.hits);
  });

  it('splits into two daughters that hold the two halves', async () => {
    harness = await startRegionHarness({ table: table('split'), datanodes: 1 });
    const region = harness.region;
    for (let i = 0; i < 40; i++)
      await region.put(put(`r${String(i).padStart(2, '0')}`, 'q', `v${i}`));
    await region.flush();
    for (let i = 40; i < 60; i++)
      await region.put(put(`r${String(i).padStart(2, '0')}`, 'q', `v${i}`));
    const outcome = await splitRegion(region, b('r30'));
    await expect(region.get({ row: b('r01') })).rejects.toBeInstanceOf(NotServingRegionError);
    const [bottom, top] = outcome.daughters;
    const { regionFs, wal, cache } = harness.stack;
    const open = (info: typeof bottom) =>
      Region.open({ fs: regionFs, info, table: table('split'), wal, cache });
    const low = await open(bottom);
    const high = await open(top);
    const rows = async (r: Region) => (await r.scanAll()).map((cells) => cells[0]?.row.toString());
    expect(await rows(low)).toEqual(
      Array.from({ length: 30 }, (_, i) => `r${String(i).padStart(2, '0')}`),
    );
    expect(await rows(high)).toEqual(Array.from({ length: 30 }, (_, i) => `r${i + 30}`));
    await expect(low.put(put('r45', 'q', 'v'))).rejects.toBeInstanceOf(WrongRegionError);
    await low.close();
    await high.close();
  });

  it('keeps serving while a split rewrites the parent, and the daughters get every write', async () => {
    harness = await startRegionHarness({
      table: table('split-live'),
      datanodes: 1,
      settings: { autoCompact: false },
    });
    const region = harness.region;
    const row = (file: number, i: number): string => `r${file}-${String(i).padStart(3, '0')}`;
    const files = 6;
    for (let file = 0; file < files; file++) {
      for (let i = 0; i < 200; i++) await region.put(put(row(file, i), 'q', `v${file}.${i}`));
      await region.flush();
    }
    const regionId = region.info.regionId + 1;
    const bottom = makeRegionInfo(region.info.table, region.info.startKey, b('r3'), regionId);
    const { regionFs, wal, cache } = harness.stack;
    const bottomDir = regionFs.familyDir(bottom, 'f');
    const split = splitRegion(region, b('r3'), regionId);
    // Once the first half is in, most of the parent is still to rewrite: the region serves on.
    await waitFor(
      async () => (await regionFs.listNames(bottomDir).catch(() => [])).length > 0,
      10_000,
      'the first half written',
    );
    await region.put(put('r5-during', 'q', 'written during the split'));
    expect(await values(region, 'r0-001')).toEqual(['q=v0.1']);
    // The files being rewritten stay as they are: a compaction asked for now does nothing.
    expect((await region.compact(true)).size).toBe(0);
    const outcome = await split;
    await expect(region.get({ row: b('r01') })).rejects.toBeInstanceOf(NotServingRegionError);
    const open = (info: RegionInfo) =>
      Region.open({ fs: regionFs, info, table: table('split-live'), wal, cache });
    const [low, high] = [await open(outcome.daughters[0]), await open(outcome.daughters[1])];
    const rows = async (r: Region) => (await r.scanAll()).map((cells) => cells[0]?.row.toString());
    const expected = Array.from({ length: files * 200 }, (_, n) =>
      row(Math.floor(n / 200), n % 200),
    );
    expect(await rows(low)).toEqual(expected.filter((r) => r < 'r3'));
    expect(await rows(high)).toEqual([...expected.filter((r) => r >= 'r3'), 'r5-during'].sort());
    expect(await values(high, 'r5-during')).toEqual(['q=written during the split']);
    await low.close();
    await high.close();
  });

  it('flushes and rewrites once more before closing when writes filled the memstore', async () => {
    harness = await startRegionHarness({
      table: table('split-preclose'),
      datanodes: 1,
      settings: { autoFlush: false, autoCompact: false },
    });
    const region = harness.region;
    for (let i = 0; i < 100; i++) await region.put(put(`r${String(i).padStart(3, '0')}`, 'q', 'v'));
    // Writes that come in while the parent's files are rewritten: more than the pre-close flush
    // size, landing just after the split's own first flush.
    const MiB = 1024 * 1024;
    const bigRows = Math.ceil(SPLIT_PRECLOSE_FLUSH_BYTES / MiB) + 1;
    const flush = region.flush.bind(region);
    let flushes = 0;
    region.flush = async () => {
      const outcome = await flush();
      flushes++;
      if (flushes === 1) {
        for (let i = 0; i < bigRows; i++) {
          await region.put(put(`r050-big${i}`, 'q', 'x'.repeat(MiB)));
        }
      }
      return outcome;
    };
    const regionId = region.info.regionId + 1;
    const outcome = await splitRegion(region, b('r050'), regionId);
    // The split's flush, then one pre-close flush; the close found little left to flush.
    expect(flushes).toBe(2);
    const { regionFs, wal, cache } = harness.stack;
    const high = await Region.open({
      fs: regionFs,
      info: outcome.daughters[1],
      table: table('split-preclose'),
      wal,
      cache,
    });
    const rows = (await high.scanAll()).map((cells) => cells[0]?.row.toString());
    expect(rows.filter((r) => r?.includes('big'))).toHaveLength(bigRows);
    expect(rows).toHaveLength(50 + bigRows);
    await high.close();
  });

  it('finishes a compaction interrupted after its output was moved in', async () => {
    harness = await startRegionHarness({
      table: table('interrupted'),
      datanodes: 1,
      settings: { autoFlush: false, autoCompact: false },
    });
    const region = harness.region;
    for (let i = 0; i < 3; i++) {
      await region.put(put('r', 'q', `v${i}`, 10 + i));
      await region.flush();
    }
    const store = region.core.stores.get('f');
    const inputs = store?.files.map((f) => f.name) ?? [];
    expect(inputs).toHaveLength(3);
    const expected = (await region.get({ row: b('r'), maxVersions: 3 })).map(show);
    // Simulate a crash between "output moved in" and "inputs deleted": copy one input as the
    // "output" and write the record naming all three inputs.
    const { regionFs } = harness.stack;
    const dir = store?.dir ?? '';
    const all = await harness.stack.dfs.readFile(`${dir}/${inputs[0]}`);
    await region.close({ flush: false });
    await regionFs.client.writeFile(`${dir}/output`, all);
    await regionFs.writeSmallFile(
      compactionRecordPath(dir, 'output'),
      JSON.stringify({ output: 'output', inputs: inputs.slice(1) }),
    );
    const reopened = await harness.reopen({ flush: false });
    expect(
      reopened.core.stores
        .get('f')
        ?.files.map((f) => f.name)
        .sort(),
    ).toEqual([inputs[0], 'output'].sort());
    expect(await harness.stack.regionFs.exists(compactionRecordPath(dir, 'output'))).toBe(false);
    // Only the copy of the first input survived: the two newer versions went with their files.
    expect((await reopened.get({ row: b('r'), maxVersions: 3 })).map(show)).toEqual(
      expected.slice(2),
    );
  });
});
