// `npm run bench:dfs`: DFSIO-style. Write, then read, 4 files of 256 MiB with replication 3 through
// Colonnade's block filesystem (a namenode and three datanodes, each its own process), and the
// latency of 1 KiB append + hflush (the WAL's path); against, in the same run, raw sequential
// writes of three times the bytes to the same disk through `fs`, and raw reads of those bytes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DfsClient } from '../src/dfs/client/index.js';
import type { DatanodeInfo } from '../src/dfs/types.js';
import { startDfsCluster } from './dfs/cluster.js';
import { appendToBenchmarksDoc, printRatios, type Ratio } from './report.js';
import { LatencyRecorder, median } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MiB = 1024 * 1024;
const FILES = Number(process.env['BENCH_DFS_FILES'] ?? '4');
const FILE_BYTES = Number(process.env['BENCH_DFS_FILE_MB'] ?? '256') * MiB;
const REPLICATION = 3;
/** Bytes per write call, for both systems (DFSIO's buffer is 1 MB). */
const IO_BYTES = 1 * MiB;
const HFLUSH_APPENDS = Number(process.env['BENCH_DFS_HFLUSHES'] ?? '2000');
const HFLUSH_RECORD_BYTES = 1024;
const CLUSTER_READY_TIMEOUT_MS = 30_000;
/** Reads take a fraction of a second and swing with the machine's other load: median of rounds. */
const READ_ROUNDS = 3;

const seconds = (startMs: number): number => (performance.now() - startMs) / 1000;
const mbps = (bytes: number, s: number): number => bytes / MiB / s;

function pattern(): Buffer {
  const buffer = Buffer.allocUnsafe(IO_BYTES);
  for (let i = 0; i < buffer.length; i += 4) buffer.writeUInt32LE((i * 2654435761) >>> 0, i);
  return buffer;
}

/**
 * Writes every dirty page back. Each write phase ends with it inside its timing, so both sides
 * are measured to the disk (the physical limit), not to however much the page cache absorbs; and
 * it runs before each phase, so one phase's writeback does not slow the next.
 */
function settle(): void {
  execFileSync('sync');
}

async function rawWrite(dir: string, data: Buffer): Promise<number> {
  const start = performance.now();
  for (let f = 0; f < FILES * REPLICATION; f++) {
    const file = await open(join(dir, `raw-${f}`), 'w');
    for (let at = 0; at < FILE_BYTES; at += IO_BYTES) await file.write(data, 0, IO_BYTES, at);
    await file.close();
  }
  settle();
  return mbps(FILES * FILE_BYTES, seconds(start));
}

async function rawRead(dir: string): Promise<number> {
  const buffer = Buffer.allocUnsafe(IO_BYTES);
  const start = performance.now();
  for (let f = 0; f < FILES; f++) {
    const file = await open(join(dir, `raw-${f * REPLICATION}`), 'r');
    for (let at = 0; at < FILE_BYTES; at += IO_BYTES) await file.read(buffer, 0, IO_BYTES, at);
    await file.close();
  }
  return mbps(FILES * FILE_BYTES, seconds(start));
}

async function dfsWrite(client: DfsClient, data: Buffer): Promise<number> {
  const start = performance.now();
  for (let f = 0; f < FILES; f++) {
    const out = await client.create(`/benchmarks/DFSIO/io_data/file_${f}`, {
      replication: REPLICATION,
      overwrite: true,
    });
    for (let at = 0; at < FILE_BYTES; at += IO_BYTES) await out.write(data);
    await out.close();
  }
  settle();
  return mbps(FILES * FILE_BYTES, seconds(start));
}

/** Reads into one reused buffer, as DFSIO does (and as the raw anchor does). */
async function dfsRead(client: DfsClient, data: Buffer): Promise<number> {
  const buffer = Buffer.allocUnsafe(IO_BYTES);
  const start = performance.now();
  for (let f = 0; f < FILES; f++) {
    const input = await client.open(`/benchmarks/DFSIO/io_data/file_${f}`);
    let total = 0;
    for (;;) {
      const read = await input.readInto(buffer);
      if (read === 0) break;
      if (total === 0 && !buffer.subarray(0, 64).equals(data.subarray(0, 64))) {
        throw new Error(`file_${f} reads back wrong bytes`);
      }
      total += read;
    }
    await input.close();
    if (total !== FILE_BYTES) throw new Error(`file_${f}: read ${total} of ${FILE_BYTES} bytes`);
  }
  return mbps(FILES * FILE_BYTES, seconds(start));
}

async function hflushLatency(client: DfsClient): Promise<LatencyRecorder> {
  const latencies = new LatencyRecorder();
  const out = await client.create('/benchmarks/wal/hflush', { replication: REPLICATION });
  const record = Buffer.alloc(HFLUSH_RECORD_BYTES, 0x57);
  for (let i = 0; i < HFLUSH_APPENDS; i++) {
    const t0 = performance.now();
    await out.write(record);
    await out.hflush();
    latencies.record((performance.now() - t0) * 1000);
  }
  await out.close();
  return latencies;
}

async function medianOf(rounds: number, run: () => Promise<number>): Promise<number> {
  const results: number[] = [];
  for (let i = 0; i < rounds; i++) results.push(await run());
  return median(results);
}

/** Waits (bounded) for `count` live datanodes out of safe mode; returns the first (the writer's). */
async function liveDatanodes(namenode: string, count: number): Promise<DatanodeInfo> {
  const probe = new DfsClient({ namenode });
  try {
    const deadline = performance.now() + CLUSTER_READY_TIMEOUT_MS;
    while (performance.now() < deadline) {
      const report = await probe.datanodeReport();
      const live = report.datanodes.filter((d) => d.state === 'live');
      const [first] = live;
      if (!report.safeMode && live.length >= count && first !== undefined) {
        return { datanodeId: first.datanodeId, address: first.address };
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`fewer than ${count} live datanodes after ${CLUSTER_READY_TIMEOUT_MS} ms`);
  } finally {
    await probe.close();
  }
}

async function main(): Promise<void> {
  process.env['COLONNADE_LOG_LEVEL'] ??= 'warn';
  const dir = mkdtempSync(join(tmpdir(), 'colonnade-bench-raw-'));
  const data = pattern();
  const cluster = await startDfsCluster(tmpdir(), REPLICATION);
  const local = await liveDatanodes(cluster.namenode, REPLICATION);
  const client = new DfsClient({ namenode: cluster.namenode, localDatanode: local });
  try {
    settle();
    const rawWriteMbps = await rawWrite(dir, data);
    settle();
    const rawReadMbps = await medianOf(READ_ROUNDS, () => rawRead(dir));
    rmSync(dir, { recursive: true, force: true });
    settle();
    const writeMbps = await dfsWrite(client, data);
    settle();
    const readMbps = await medianOf(READ_ROUNDS, () => dfsRead(client, data));
    const hflush = await hflushLatency(client);
    const [p50 = 0, p99 = 0] = hflush.percentiles(50, 99);
    const body = [
      `DFSIO-style: ${FILES} files × ${FILE_BYTES / MiB} MiB, replication ${REPLICATION}, ` +
        `${IO_BYTES / MiB} MiB per call; MB/s of file bytes (raw write: 3 copies per file byte, ` +
        `to the disk); reads: median of ${READ_ROUNDS} rounds`,
      '',
      '| phase | Colonnade MB/s | raw fs MB/s |',
      '|---|---:|---:|',
      `| write | ${writeMbps.toFixed(1)} | ${rawWriteMbps.toFixed(1)} |`,
      `| read | ${readMbps.toFixed(1)} | ${rawReadMbps.toFixed(1)} |`,
      '',
      `1 KiB append + hflush to 3 datanodes, ${HFLUSH_APPENDS} times: ` +
        `p50 ${(p50 / 1000).toFixed(3)} ms, p99 ${(p99 / 1000).toFixed(3)} ms`,
    ].join('\n');
    process.stdout.write(`${body}\n\n`);
    const ratios: Ratio[] = [
      { name: 'dfs-write', value: writeMbps / rawWriteMbps },
      { name: 'dfs-read', value: readMbps / rawReadMbps },
    ];
    appendToBenchmarksDoc(
      root,
      'bench:dfs',
      'namenode and 3 datanodes each its own process (`colonnade namenode|datanode`), the client ' +
        'in the bench process with the first datanode as its local one; data and the raw files ' +
        'in the same temporary directory; loopback TCP',
      body,
      ratios,
    );
    printRatios(ratios);
  } finally {
    await client.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
