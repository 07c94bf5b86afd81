// INTEGRATION TESTS of the Wal on a mini cluster (a real namenode and 3 datanodes on loopback):
// group commit, hflush vs hsync, the ASYNC_WAL bound, rolls, archiving, torn and corrupt files
// on real bytes, close, a fenced writer (sync failure), and replay filters.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock, systemClock } from '../../../src/common/clock.js';
import { SeededRng, seedFromEnv } from '../../../src/common/rng.js';
import { DfsOutputStream, type DfsClient } from '../../../src/dfs/client/index.js';
import {
  ASYNC_WAL_SYNC_DELAY_MS,
  listWalFiles,
  readWal,
  recoverWalLease,
  replayWal,
  Wal,
  WalClosedError,
  WalCorruptError,
  WalSyncFailedError,
  type WalEntry,
  type WalOptions,
} from '../../../src/regionserver/wal/index.js';
import { encodeEntry, encodeTrailer } from '../../../src/regionserver/wal/frame.js';
import { DfsMiniCluster, waitFor } from '../../support/dfs-mini-cluster.js';
import { collect, entries, entry, plain } from './helpers.js';

const seed = seedFromEnv();
console.log(`wal seed ${seed} (COLONNADE_SEED=${seed} replays)`);
const rng = new SeededRng(seed);

let cluster: DfsMiniCluster;
let fs: DfsClient;
let testCount = 0;
const opened: Wal[] = [];

beforeAll(async () => {
  cluster = await DfsMiniCluster.start(3);
  fs = cluster.client();
}, 30_000);

afterEach(async () => {
  vi.restoreAllMocks();
  for (const wal of opened.splice(0)) await wal.close().catch(() => undefined);
});

afterAll(async () => {
  await cluster?.shutdown();
});

async function openWal(options: Partial<WalOptions> = {}): Promise<{ wal: Wal; dir: string }> {
  testCount += 1;
  const dir = `/hbase/WALs/t${testCount}`;
  const wal = await Wal.open({
    fs,
    dir,
    archiveDir: `/hbase/oldWALs/t${testCount}`,
    serverName: 'host.example.com,16020,1700000000000',
    clock: systemClock,
    ...options,
  });
  opened.push(wal);
  return { wal, dir };
}

async function readAll(paths: readonly string[]): Promise<WalEntry[]> {
  const out: WalEntry[] = [];
  for await (const e of replayWal(fs, paths)) out.push(e);
  return out;
}

describe('group commit', () => {
  it('syncs 200 concurrent SYNC_WAL appends in far fewer syncs, in order', async () => {
    const { wal } = await openWal();
    const list = entries(200, ['a', 'b', 'c'], rng);
    await Promise.all(list.map((e) => wal.append(e, 'SYNC_WAL')));
    const stats = wal.stats();
    expect(stats.appends).toBe(200);
    expect(stats.syncs).toBeLessThanOrEqual(10);
    expect(stats.hsyncs).toBe(0);
    // A new reader sees every acknowledged entry while the file is still open.
    expect((await readAll([stats.currentFile])).map(plain)).toEqual(list.map(plain));
    await wal.close();
    const { summary } = await collect(readWal(fs, stats.currentFile));
    expect(summary).toMatchObject({ end: 'trailer', entries: 200 });
  });

  it('uses hsync for a group holding an FSYNC_WAL entry, hflush otherwise', async () => {
    const { wal } = await openWal();
    const hsync = vi.spyOn(DfsOutputStream.prototype, 'hsync');
    const hflush = vi.spyOn(DfsOutputStream.prototype, 'hflush');
    await wal.append(entry('a', 1), 'SYNC_WAL');
    expect([hflush.mock.calls.length, hsync.mock.calls.length]).toEqual([1, 0]);
    await wal.append(entry('a', 2), 'FSYNC_WAL');
    expect([hflush.mock.calls.length, hsync.mock.calls.length]).toEqual([1, 1]);
    await wal.append(entry('a', 3), 'SYNC_WAL'); // its sync starts at once, alone
    const mixed = [4, 5, 6, 7].map((id) => wal.append(entry('a', id), 'SYNC_WAL'));
    mixed.push(wal.append(entry('a', 8), 'FSYNC_WAL'));
    await Promise.all(mixed);
    expect(hsync.mock.calls.length).toBe(2);
    expect(wal.stats().hsyncs).toBe(2);
  });

  it('syncs ASYNC_WAL entries once ASYNC_WAL_SYNC_DELAY_MS has passed', async () => {
    const clock = new ManualClock();
    const { wal } = await openWal({ clock });
    await wal.append(entry('a', 1), 'ASYNC_WAL');
    await wal.append(entry('a', 2), 'ASYNC_WAL');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(wal.stats().syncs).toBe(0);
    clock.advance(ASYNC_WAL_SYNC_DELAY_MS - 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(wal.stats().syncs).toBe(0);
    clock.advance(1);
    await waitFor(() => wal.stats().syncs === 1, 5_000, 'the delayed ASYNC_WAL sync');
    expect((await readAll([wal.stats().currentFile])).map((e) => e.sequenceId)).toEqual([1, 2]);
  });

  it('syncs on sync() everything appended before it', async () => {
    const { wal } = await openWal();
    const list = entries(20, ['a']);
    for (const e of list) void wal.append(e, 'ASYNC_WAL');
    await wal.sync();
    expect((await readAll([wal.stats().currentFile])).length).toBe(20);
  });
});

describe('roll and archive', () => {
  it('rolls at rollBytes; every entry reads back in order across the files', async () => {
    const { wal, dir } = await openWal({ rollBytes: 4096 });
    const list = entries(300, ['a', 'b'], rng);
    for (let i = 0; i < list.length; i += 10) {
      await Promise.all(list.slice(i, i + 10).map((e) => wal.append(e, 'SYNC_WAL')));
    }
    await wal.close();
    const files = await listWalFiles(fs, dir);
    // The last sync may roll to a file that close() leaves empty, and so archives.
    const { rolls, archived } = wal.stats();
    expect(files.length + archived).toBe(rolls + 1);
    expect(archived).toBeLessThanOrEqual(1);
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect((await readAll(files)).map(plain)).toEqual(list.map(plain));
    for (const file of files) {
      expect((await collect(readWal(fs, file))).summary.end).toBe('trailer');
    }
  });

  it('archives a file once every region in it flushed, never the current file', async () => {
    const { wal, dir } = await openWal();
    const archiveDir = dir.replace('/WALs/', '/oldWALs/');
    await wal.append(entry('a', 10), 'SYNC_WAL');
    await wal.append(entry('b', 20), 'SYNC_WAL');
    const first = wal.stats().currentFile;
    await wal.markFlushed('a', 10);
    await wal.markFlushed('b', 20);
    expect(wal.stats().archived).toBe(0); // still the current file
    await wal.roll();
    await waitFor(() => wal.stats().archived === 1, 5_000, 'the archive after the roll');
    expect((await fs.list(archiveDir)).map((s) => s.path)).toEqual([
      `${archiveDir}/${first.slice(first.lastIndexOf('/') + 1)}`,
    ]);

    await wal.append(entry('a', 11), 'SYNC_WAL');
    await wal.append(entry('b', 21), 'SYNC_WAL');
    await wal.roll();
    await wal.append(entry('b', 22), 'SYNC_WAL');
    expect(wal.filesCount).toBe(2);
    expect(wal.unflushedRegions()).toEqual(['a', 'b']);
    expect(wal.regionsToFlush()).toEqual([]); // far below WAL_FILES_MAX
    await wal.markFlushed('a', 11);
    expect(wal.unflushedRegions()).toEqual(['b']);
    expect(wal.stats().archived).toBe(1);
    await wal.markFlushed('b', 22); // covers the current file too, which stays
    expect(wal.stats().archived).toBe(2);
    expect(wal.filesCount).toBe(1);
    expect(await listWalFiles(fs, dir)).toEqual([wal.stats().currentFile]);
  });
});

describe('reading damaged files on the filesystem', () => {
  async function writtenFile(list: readonly WalEntry[]): Promise<{ path: string; bytes: Buffer }> {
    const { wal } = await openWal();
    for (const e of list) await wal.append(e, 'SYNC_WAL');
    const path = wal.stats().currentFile;
    await wal.close();
    return { path, bytes: await fs.readFile(path) };
  }

  it('returns every complete record of a torn file, without an error', async () => {
    const list = entries(10, ['a']);
    const { path, bytes } = await writtenFile(list);
    const torn = `${path}.torn`;
    // Drop the trailer and half of the last entry's record.
    const trailerBytes = encodeTrailer({ entryCount: 10 }).length;
    const lastBytes = encodeEntry(list[9]!).length;
    const cut = bytes.length - trailerBytes - Math.floor(lastBytes / 2);
    await fs.writeFile(torn, bytes.subarray(0, cut));
    const { entries: got, summary } = await collect(readWal(fs, torn));
    expect(got.map((e) => e.sequenceId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(summary.end).toBe('torn');
  });

  it('fails with WalCorruptError on a damaged record in the middle', async () => {
    const { path, bytes } = await writtenFile(entries(10, ['a']));
    const bad = Buffer.from(bytes);
    const at = Math.floor(bad.length / 2);
    bad[at] = (bad[at] ?? 0) ^ 0xff;
    await fs.writeFile(`${path}.bad`, bad);
    await expect(collect(readWal(fs, `${path}.bad`))).rejects.toBeInstanceOf(WalCorruptError);
  });
});

describe('closing and failing', () => {
  it('syncs queued entries on close, then refuses appends, syncs and rolls', async () => {
    const { wal } = await openWal();
    void wal.append(entry('a', 1), 'ASYNC_WAL');
    const path = wal.stats().currentFile;
    await wal.close();
    await wal.close();
    await expect(wal.append(entry('a', 2), 'SYNC_WAL')).rejects.toBeInstanceOf(WalClosedError);
    await expect(wal.sync()).rejects.toBeInstanceOf(WalClosedError);
    await expect(wal.roll()).rejects.toBeInstanceOf(WalClosedError);
    expect((await readAll([path])).map((e) => e.sequenceId)).toEqual([1]);
  });

  it('fails every append once a fenced writer cannot sync', async () => {
    const { wal } = await openWal();
    await wal.append(entry('a', 1), 'SYNC_WAL');
    const path = wal.stats().currentFile;
    // Another server recovers the lease, as the master does before splitting a dead server's log.
    await recoverWalLease(cluster.client(), path, 10_000);
    const fenced = [2, 3, 4].map((id) => wal.append(entry('a', id), 'SYNC_WAL'));
    for (const append of fenced) await expect(append).rejects.toBeInstanceOf(WalSyncFailedError);
    await expect(wal.append(entry('a', 5), 'ASYNC_WAL')).rejects.toBeInstanceOf(WalSyncFailedError);
    await wal.close();
    expect((await readAll([path])).map((e) => e.sequenceId)).toEqual([1]);
  });

  it('asserts that sequence ids increase within a region', async () => {
    const { wal } = await openWal();
    await wal.append(entry('a', 5), 'SYNC_WAL');
    await wal.append(entry('b', 1), 'SYNC_WAL');
    expect(() => wal.append(entry('a', 5), 'SYNC_WAL')).toThrow(/sequence id 5 after 5/);
  });
});

describe('replay', () => {
  it('filters by region and by flushed sequence id', async () => {
    const { wal, dir } = await openWal({ rollBytes: 2048 });
    const list = entries(60, ['a', 'b', 'c'], rng);
    await Promise.all(list.map((e) => wal.append(e, 'SYNC_WAL')));
    await wal.close();
    const files = await listWalFiles(fs, dir);
    const after = new Map([
      ['a', 5],
      ['b', 0],
    ]);
    const replayed: WalEntry[] = [];
    for await (const e of replayWal(fs, files, { afterSequenceId: after })) replayed.push(e);
    const expected = list.filter((e) => e.sequenceId > (after.get(e.regionName) ?? -1));
    expect(replayed.map(plain)).toEqual(expected.map(plain));
    const onlyC: WalEntry[] = [];
    for await (const e of replayWal(fs, files, { regionName: 'c' })) onlyC.push(e);
    expect(onlyC.map(plain)).toEqual(list.filter((e) => e.regionName === 'c').map(plain));
    expect(await listWalFiles(fs, '/hbase/WALs/no-such-server')).toEqual([]);
  });
});
