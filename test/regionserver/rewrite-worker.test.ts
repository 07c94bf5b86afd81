// INTEGRATION TEST: compactions and split rewrites in the rewrite worker thread, on a real block
// filesystem. The worker is the build's dist/…/rewrite-worker.js (`npm test` builds first): it
// opens the inputs with its own filesystem client, and the region answers as after an inline
// compaction. The worker's failure modes (an error in a job, a worker that dies, one that hangs)
// use small stand-in worker scripts, since only the region server's side is under test there.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { InternalError, silentLogger, systemRng } from '../../src/common/index.js';
import { familyDescriptor, type TableDescriptor } from '../../src/common/operations.js';
import type { Put } from '../../src/common/mutations.js';
import type { CompactJob } from '../../src/regionserver/compaction/rewrite-core.js';
import { type FileRewriter, InlineRewriter } from '../../src/regionserver/compaction/rewriter.js';
import { WorkerRewriter } from '../../src/regionserver/compaction/worker-rewriter.js';
import {
  REWRITE_WORKER_JOBS_MAX,
  REWRITE_WORKER_QUEUE_MAX,
} from '../../src/regionserver/limits.js';
import type { StoreFileHandle } from '../../src/regionserver/store-file-handle.js';
import { Region, splitRegion } from '../../src/regionserver/index.js';
import { show } from './query/scenario.js';
import { type RegionHarness, startRegionHarness } from './support/region-harness.js';

const WORKER_URL = new URL(
  '../../dist/src/regionserver/compaction/rewrite-worker.js',
  import.meta.url,
);
const SEED = 8101;
const F = Buffer.from('f');
const table: TableDescriptor = {
  name: 'rewrites',
  families: [familyDescriptor('f', { maxVersions: 2, blockSizeBytes: 1024 })],
  durability: 'USE_DEFAULT',
};
const rowKey = (i: number): Buffer => Buffer.from(`row${String(i).padStart(5, '0')}`);
const put = (i: number, version: number): Put => ({
  type: 'put',
  row: rowKey(i),
  cells: [
    {
      family: F,
      qualifier: Buffer.from('q'),
      value: Buffer.from(`v${version}-${i}`.repeat(8)),
      timestamp: 1000 + version,
    },
  ],
});

let harness: RegionHarness | undefined;
const rewriters: FileRewriter[] = [];
const tempDirs: string[] = [];
afterEach(async () => {
  await harness?.shutdown();
  harness = undefined;
  for (const r of rewriters.splice(0)) await r.close();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A region on a one-datanode filesystem whose compactions and split rewrites go to the worker. */
async function startWorkerHarness(): Promise<{ h: RegionHarness; worker: () => WorkerRewriter }> {
  let last: WorkerRewriter | undefined;
  harness = await startRegionHarness({
    table,
    datanodes: 1,
    settings: { autoFlush: false, autoCompact: false },
    rewriter: ({ namenode, fs, cache }) => {
      last = new WorkerRewriter({
        namenode,
        rootDir: '/colonnade',
        replication: 1,
        seed: SEED,
        overflow: new InlineRewriter(fs, cache, systemRng),
        logger: silentLogger,
        workerUrl: WORKER_URL,
      });
      rewriters.push(last);
      return last;
    },
  });
  return {
    h: harness,
    worker: () => {
      if (last === undefined) throw new Error('no worker rewriter made');
      return last;
    },
  };
}

/** Four files of overlapping rows (two versions kept), one row deleted in the last. */
async function writeFiles(h: RegionHarness): Promise<void> {
  for (let file = 0; file < 4; file++) {
    const batch: Put[] = [];
    for (let i = file; i < 300; i += 2) batch.push(put(i, file));
    await h.region.batchMutate(batch);
    if (file === 3) await h.region.delete({ type: 'delete', row: rowKey(7), targets: [] });
    await h.region.flush();
  }
}

/** A worker script that runs `body` (plain JavaScript) on each request. */
function standInWorker(body: string): URL {
  const dir = mkdtempSync(join(tmpdir(), 'rewrite-worker-'));
  tempDirs.push(dir);
  const path = join(dir, 'worker.mjs');
  writeFileSync(
    path,
    `import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (m) => { ${body} });\n`,
  );
  return pathToFileURL(path);
}

function standInRewriter(workerUrl: URL, overflow?: FileRewriter, idleMs?: number): WorkerRewriter {
  const fallback: FileRewriter = overflow ?? {
    compact: () => Promise.reject(new Error('no overflow here')),
    split: () => Promise.reject(new Error('no overflow here')),
    close: async () => undefined,
  };
  const worker = new WorkerRewriter({
    namenode: '127.0.0.1:1',
    rootDir: '/colonnade',
    seed: SEED,
    overflow: fallback,
    logger: silentLogger,
    workerUrl,
    ...(idleMs === undefined ? {} : { idleMs }),
  });
  rewriters.push(worker);
  return worker;
}

const job: CompactJob = {
  family: familyDescriptor('f'),
  familyDir: '/colonnade/x/f',
  tmpDir: '/colonnade/x/.tmp',
  major: true,
  nowMs: 0,
  smallestReadPoint: 0,
};

describe('the rewrite worker', () => {
  it('compacts in the worker thread: the region answers as before, from one file', async () => {
    const { h, worker } = await startWorkerHarness();
    await writeFiles(h);
    const before = (await h.region.scanAll({ maxVersions: 2 })).map((cells) => cells.map(show));
    expect(h.region.stats().storeFiles).toEqual({ f: 4 });
    const outcomes = await h.region.compact(true);
    expect(outcomes.get('f')).toMatchObject({ major: true, start: 0, end: 4 });
    expect(worker().starts).toBe(1);
    expect(h.region.stats().storeFiles).toEqual({ f: 1 });
    expect((await h.region.scanAll({ maxVersions: 2 })).map((cells) => cells.map(show))).toEqual(
      before,
    );
    expect(await h.region.get({ row: rowKey(7) })).toEqual([]);
    // Reopened from the files alone, the region still answers the same.
    const reopened = await h.reopen({ flush: false });
    expect((await reopened.scanAll({ maxVersions: 2 })).map((cells) => cells.map(show))).toEqual(
      before,
    );
  });

  it("rewrites a splitting region's files into its daughters in the worker", async () => {
    const { h, worker } = await startWorkerHarness();
    await writeFiles(h);
    const before = (await h.region.scanAll({ maxVersions: 2 })).map((cells) => cells.map(show));
    const outcome = await splitRegion(h.region, rowKey(150));
    expect(worker().starts).toBe(1);
    const { regionFs, wal, cache } = h.stack;
    const daughters = await Promise.all(
      outcome.daughters.map((info) => Region.open({ fs: regionFs, info, table, wal, cache })),
    );
    try {
      const halves = await Promise.all(
        daughters.map(async (d) =>
          (await d.scanAll({ maxVersions: 2 })).map((cells) => cells.map(show)),
        ),
      );
      expect(halves[0]?.length).toBe(150 - 1); // row 7 is deleted
      expect([...(halves[0] ?? []), ...(halves[1] ?? [])]).toEqual(before);
    } finally {
      for (const d of daughters) await d.close();
    }
  });

  it('fails a job with the typed error the worker met, and serves the next job', async () => {
    const { h, worker } = await startWorkerHarness();
    await writeFiles(h);
    const files = h.region.core.stores.get('f')?.files ?? [];
    const missing = { path: '/colonnade/no/such/file', name: 'file' } as StoreFileHandle;
    await expect(worker().compact(job, [missing])).rejects.toMatchObject({ code: 'FileNotFound' });
    const written = await worker().compact(
      {
        ...job,
        familyDir: files[0]?.path.replace(/\/[^/]+$/, '') ?? '',
        tmpDir: h.stack.regionFs.tmpDir(h.region.info),
      },
      files,
    );
    expect(written.inputCells).toBeGreaterThan(0);
    expect(written.tmpPath.startsWith(h.stack.regionFs.tmpDir(h.region.info))).toBe(true);
    expect(worker().starts).toBe(1);
  });

  it('fails the running job with InternalError when the worker dies, and starts a new one', async () => {
    const rewriter = standInRewriter(standInWorker('process.exit(3);'));
    const first = rewriter.compact(job, []);
    await expect(first).rejects.toBeInstanceOf(InternalError);
    await expect(first).rejects.toThrow(/exited \(code 3\)/);
    await expect(rewriter.compact(job, [])).rejects.toBeInstanceOf(InternalError);
    expect(rewriter.starts).toBe(2);
  });

  it('keeps an idle worker for idleMs, then stops it; the next job starts another', async () => {
    const answers = standInWorker(
      "parentPort.postMessage({ id: m.id, compacted: { name: 'n', tmpPath: '/t', cells: 0, inputCells: 0 } });",
    );
    const rewriter = standInRewriter(answers, undefined, 200);
    await rewriter.compact(job, []);
    await rewriter.compact(job, []);
    expect(rewriter.starts).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await rewriter.compact(job, [])).toMatchObject({ name: 'n' });
    expect(rewriter.starts).toBe(2);
  });

  it('holds at most its bound of jobs, queues a bounded number, and runs the rest inline', async () => {
    const overflowed: CompactJob[] = [];
    const overflow: FileRewriter = {
      compact: async (j) => {
        overflowed.push(j);
        return { name: 'inline', tmpPath: '/tmp/inline', cells: 0, inputCells: 0 };
      },
      split: () => Promise.reject(new Error('not used')),
      close: async () => undefined,
    };
    // A worker that answers only close: every job stays running or queued until then.
    const rewriter = standInRewriter(
      standInWorker("if (m.kind === 'close') parentPort.postMessage({ id: m.id, closed: true });"),
      overflow,
    );
    const held = REWRITE_WORKER_JOBS_MAX + REWRITE_WORKER_QUEUE_MAX;
    const jobs = Array.from({ length: held }, () => rewriter.compact(job, []));
    for (const j of jobs) j.catch(() => undefined);
    await new Promise((resolve) => setImmediate(resolve));
    expect(rewriter.running).toBe(REWRITE_WORKER_JOBS_MAX);
    expect(await rewriter.compact(job, [])).toMatchObject({ name: 'inline' });
    expect(overflowed).toHaveLength(1);
    await rewriter.close();
    const settled = await Promise.allSettled(jobs);
    expect(settled.every((s) => s.status === 'rejected')).toBe(true);
    expect(rewriter.running).toBe(0);
  }, 15_000);
});
