// A child process writing with SYNC_WAL is killed with -9; reopening the region in another process
// (this one) fences and replays the WAL, and every acknowledged write is there — by get and by a
// full scan — while nothing that was never written appears. The child flushes once midway, so the
// reopened region reads both store files and replayed edits.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../src/common/rng.js';
import { systemClock } from '../../src/common/clock.js';
import {
  listRecoveredEdits,
  listWalFiles,
  recoverWalLease,
  replayWal,
  splitWals,
} from '../../src/regionserver/wal/index.js';
import { DfsMiniCluster } from '../support/dfs-mini-cluster.js';
import {
  COUNTER_QUALIFIER,
  CRASH_FAMILY,
  CRASH_QUALIFIER,
  CRASH_TABLE,
  type WriterLine,
} from './support/crash-writer.js';
import { CrashModel } from './support/crash-model.js';
import {
  HARNESS_ARCHIVE_DIR,
  HARNESS_ROOT_DIR,
  openRegionStack,
  type RegionStack,
  walDirOf,
} from './support/region-harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const WRITER = join(here, 'support', 'crash-writer.ts');
/** The WAL tests' module hooks: lets a child run TypeScript sources without a build. */
const TS_REGISTER = join(here, 'wal', 'ts-register.mjs');
const DATANODES = 3;
const WRITER_SERVER = 'writer,16020,1';
const REOPEN_SERVER = 'reopener,16020,2';
const FLUSH_AFTER_ACKS = 150;
const KILL_AFTER_ACKS = 400;
const KILL_AFTER_FLUSH_ACKS = 150;
const WRITER_WAIT_MS = 25_000;
const LEASE_RECOVERY_MS = 10_000;

const seed = seedFromEnv();
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
  }
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** Spawns the writer; resolves once it has acked enough (after its flush), rejects if it fails. */
function runWriter(namenode: string, model: CrashModel): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      TS_REGISTER,
      WRITER,
      `--namenode=${namenode}`,
      `--server-name=${WRITER_SERVER}`,
      `--replication=${DATANODES}`,
      `--seed=${seed}`,
      `--flush-after=${FLUSH_AFTER_ACKS}`,
      `--max-ms=${WRITER_WAIT_MS + 10_000}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, COLONNADE_LOG_LEVEL: 'warn' } },
  );
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error(`the writer did not reach ${KILL_AFTER_ACKS} acks: ${model.summary()}`)),
      WRITER_WAIT_MS,
    );
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const text of lines) {
        const line = JSON.parse(text) as WriterLine;
        if (line.k === 'error') reject(new Error(`the writer failed: ${line.message}`));
        model.take(line);
      }
      if (model.acks >= KILL_AFTER_ACKS && model.acksAfterFlush >= KILL_AFTER_FLUSH_ACKS) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the writer exited (${code ?? signal}) early; stderr: ${stderr}`));
    });
  });
}

/** Kills the child with SIGKILL, then reads what it printed before it died. */
async function kill(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
  // Lines already in the pipe still arrive after 'exit'; wait for the stream's end.
  if (child.stdout !== null && !child.stdout.readableEnded) await once(child.stdout, 'end');
}

describe(`region crash (COLONNADE_SEED=${seed})`, () => {
  it('replays the WAL of a SIGKILLed writer: every acknowledged write reads back', async () => {
    const cluster = await DfsMiniCluster.start(DATANODES);
    cleanups.push(() => cluster.shutdown());
    const model = new CrashModel();
    const child = await runWriter(cluster.namenodeAddress, model);
    await kill(child);
    expect(model.acks).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(model.ackProblems).toEqual([]);

    const dfs = cluster.client();
    const walFiles = await listWalFiles(dfs, walDirOf(WRITER_SERVER));
    expect(walFiles.length).toBeGreaterThan(0);
    for (const path of walFiles) await recoverWalLease(dfs, path, LEASE_RECOVERY_MS);

    const stack: RegionStack = await openRegionStack({
      namenode: cluster.namenodeAddress,
      table: CRASH_TABLE,
      replication: DATANODES,
      serverName: REOPEN_SERVER,
      replay: replayWal(dfs, walFiles),
    });
    cleanups.push(() => stack.close({ flush: false }));
    const region = stack.region;
    expect(region.replayedEdits).toBeGreaterThan(0);
    // The child's flush made one file, the replay on open another.
    expect(region.stats().storeFiles['f']).toBeGreaterThanOrEqual(2);

    for (const row of model.rows()) {
      const cells = await region.get({ row: Buffer.from(row) });
      const problem = model.check(row, cells, CRASH_FAMILY, CRASH_QUALIFIER, COUNTER_QUALIFIER);
      expect(problem, `row ${row}`).toBeUndefined();
    }
    const scanned = await region.scanAll();
    const problems = model.checkScan(scanned, CRASH_FAMILY, CRASH_QUALIFIER, COUNTER_QUALIFIER);
    expect(problems).toEqual([]);
  }, 40_000);

  it('splits the WAL of a SIGKILLed writer into recovered edits that the region replays on open', async () => {
    const cluster = await DfsMiniCluster.start(DATANODES);
    cleanups.push(() => cluster.shutdown());
    const model = new CrashModel();
    await kill(await runWriter(cluster.namenodeAddress, model));
    expect(model.ackProblems).toEqual([]);

    const dfs = cluster.client();
    const split = await splitWals({
      fs: dfs,
      rootDir: HARNESS_ROOT_DIR,
      walDir: walDirOf(WRITER_SERVER),
      archiveDir: HARNESS_ARCHIVE_DIR,
      clock: systemClock,
      leaseTimeoutMs: LEASE_RECOVERY_MS,
    });
    expect(split.files).toBeGreaterThan(0);
    expect(split.entries).toBeGreaterThan(0);
    expect(await dfs.stat(walDirOf(WRITER_SERVER))).toBeNull();
    // Splitting again finds nothing: the files went to the archive.
    const again = await splitWals({
      fs: dfs,
      rootDir: HARNESS_ROOT_DIR,
      walDir: walDirOf(WRITER_SERVER),
      archiveDir: HARNESS_ARCHIVE_DIR,
      clock: systemClock,
    });
    expect(again.files).toBe(0);

    const stack: RegionStack = await openRegionStack({
      namenode: cluster.namenodeAddress,
      table: CRASH_TABLE,
      replication: DATANODES,
      serverName: REOPEN_SERVER,
    });
    cleanups.push(() => stack.close({ flush: false }));
    const region = stack.region;
    expect(split.regions).toEqual([region.info.encodedName]);
    expect(region.replayedEdits).toBeGreaterThan(0);
    expect(await listRecoveredEdits(dfs, HARNESS_ROOT_DIR, region.info.encodedName)).toEqual([]);
    for (const row of model.rows()) {
      const cells = await region.get({ row: Buffer.from(row) });
      const problem = model.check(row, cells, CRASH_FAMILY, CRASH_QUALIFIER, COUNTER_QUALIFIER);
      expect(problem, `row ${row}`).toBeUndefined();
    }
  }, 60_000);
});
