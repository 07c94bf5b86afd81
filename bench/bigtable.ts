// `npm run bench:bigtable`: the Bigtable paper's single-tablet-server benchmark (OSDI 2006, §7,
// Figure 6's 1-server column) run with `colonnade pe` on a local cluster of real processes with ONE
// region server, 1000-byte values; each figure printed beside the paper's with its ratio (target
// ≥ 5×, printed, never asserted). Then Colonnade's random get and batched put against the bare
// path (src/rpc + classic-level, its own process) at the same requests in flight (target ≥ 0.8×).
// BENCH_QUICK=1: small row counts (about 3 minutes). Appends its run to docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PeRunResult } from '../src/pe/index.js';
import { BarePathClient, type BareResult } from './bare-path/client.js';
import { startChild, stopChild } from './child.js';
import { startLocalCluster, type LocalCluster } from './pe/local-cluster.js';
import { connectBench, inFlight, median, runPhase as runPe } from './pe/phase.js';
import { cpuMeter, formatCpu, type NamedPid } from './pe/cpu.js';
import { closeSegment, installProfiler } from './pe/profiler.js';
import { appendToBenchmarksDoc, printRatios, type Ratio } from './report.js';
import { formatRate } from './stats.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const MiB = 1024 * 1024;

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name}=${raw} is not a count`);
  return value;
}

const QUICK = process.env['BENCH_QUICK'] === '1';
/**
 * The table of the files/sequential/scan experiments: half a GiB (the paper: about 1 GB per server;
 * BENCH_BIGTABLE_ROWS=1048576 for that, a longer run).
 */
const ROWS = envInt('BENCH_BIGTABLE_ROWS', QUICK ? 100_000 : 524_288);
/** The in-memory table: a tenth (the paper: 100 MB against 1 GB). */
const MEM_ROWS = Math.max(1_000, Math.floor(ROWS / 10));
/** Gets of each random-read experiment, and of the sequential read. */
const READS = envInt('BENCH_BIGTABLE_READS', QUICK ? 32_000 : 128_000);
const DATANODES = envInt('BENCH_DATANODES', 1);
const SEED = envInt('BENCH_SEED', 2006);
const PRESPLIT = 4;
/**
 * Requests in flight: PE clients, each awaiting one call (writes: one buffer flush), all on one
 * connection (`--oneCon=true`), so that the answers of a tick go out in one write.
 */
const WRITE_CLIENTS = 4;
const READ_CLIENTS = 16;
const SCAN_CLIENTS = 4;
const SCAN_CACHING = 100;
/** Runs of each short read row (sequential reads, scans, random reads (mem)); the median counts. */
const SHORT_ROW_RUNS = 5;
/** The longest sync(1) before a read row may take. */
const SYNC_TIMEOUT_MS = 120_000;
/** Gets of the unmeasured pass before random reads (mem). */
const WARMUP_READS = Math.floor(READS / 4);
/** Rows of the unmeasured write pass, into a table of its own, before the write rows. */
const WARMUP_WRITE_ROWS = Math.floor(ROWS / 8);
/** The bare-path comparison: puts per batch, rounds (alternating sides; the median counts). */
const BATCH_PUTS = 100;
const BARE_ROUNDS = QUICK ? 3 : 5;
/** The region server's block cache: twice the in-memory table, a fifth of the big one. */
const CACHE_BYTES = Math.max(8 * MiB, MEM_ROWS * 1_100 * 2);
const TABLE = 'TestTable';
const MEM_TABLE = 'TestTableMem';
/** The batched puts of the bare-path comparison go to a table of their own. */
const PUT_TABLE = 'TestTablePut';
/** The unmeasured write pass's table. */
const WARMUP_TABLE = 'TestTableWarmup';

/** Figure 6 of the paper, 1 tablet server: 1000-byte values read or written per second. */
const PAPER = {
  'randread-files': { label: 'random reads', paper: 1_212 },
  'randread-mem': { label: 'random reads (mem)', paper: 10_811 },
  randwrite: { label: 'random writes', paper: 8_850 },
  seqread: { label: 'sequential reads', paper: 4_425 },
  seqwrite: { label: 'sequential writes', paper: 8_547 },
  scan: { label: 'scans', paper: 15_385 },
} as const;
type Experiment = keyof typeof PAPER;

interface Row {
  readonly experiment: Experiment;
  /** The run that counts: the only one, or the median of SHORT_ROW_RUNS. */
  readonly run: PeRunResult;
  /** CPU seconds per process during that run. */
  readonly cpu: string;
  /** Values/s of every run of the row, in order. */
  readonly runs: readonly number[];
}

/** PE's options of every run: one connection shared by the clients (HBase's --oneCon=true). */
const base = { seed: SEED, valueSize: 1000, nomapred: true, oneCon: true };
const log = (line: string): void => void process.stdout.write(`${line}\n`);

/** With BENCH_PROFILE_DIR: closes a profile segment in every process after each measured run. */
let profileSegment = async (_label: string): Promise<void> => undefined;

/** The processes whose CPU time each phase reports. */
let processes: NamedPid[] = [];
/** The last phase's CPU use, per process. */
let lastCpu = '';

async function metered<T>(work: () => Promise<T>): Promise<T> {
  const meter = cpuMeter(processes);
  const started = performance.now();
  const value = await work();
  lastCpu = formatCpu(meter());
  log(`  CPU in ${((performance.now() - started) / 1000).toFixed(1)} s: ${lastCpu}`);
  return value;
}

async function runPhase(coord: string, input: Parameters<typeof runPe>[1]): Promise<PeRunResult> {
  const result = await metered(() => runPe(coord, input));
  await profileSegment(`${input.test}${input.table === undefined ? '' : ` ${input.table}`}`);
  return result;
}

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await work();
  log(`${what}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return value;
}

/**
 * sync(1) before a read row, timed and outside it: the kernel writes dirty pages back 30 s after
 * they were written (vm.dirty_expire_centisecs), so the gigabytes of the write rows and the
 * compaction would otherwise go to disk in the middle of the read rows, costing them the kernel's
 * CPU (system time rose by a quarter of a core during such bursts) and a different figure each run.
 */
async function settleWriteback(): Promise<void> {
  await timed('sync (dirty pages to disk, outside the rows)', () => {
    try {
      execFileSync('sync', { stdio: 'ignore', timeout: SYNC_TIMEOUT_MS });
    } catch {
      // No sync(1) here, or it took too long: the row runs as it would have.
    }
    return Promise.resolve();
  });
}

async function flushTable(coord: string, table = TABLE): Promise<void> {
  const conn = await connectBench(coord);
  try {
    await timed('flush', () => conn.getAdmin().flush(table));
  } finally {
    await conn.close();
  }
}

/**
 * The row `experiment`: `runs` PE runs of `input` (the k-th with seed SEED + k × 1000), the median
 * one counting. Short read rows run SHORT_ROW_RUNS times: over 2–4 s, one slow spell of this
 * machine decides a single run (the bare comparison takes the median of its rounds likewise).
 */
async function measuredRow(
  cluster: LocalCluster,
  experiment: Experiment,
  input: Parameters<typeof runPhase>[1],
  runs = 1,
): Promise<Row> {
  const results: { run: PeRunResult; cpu: string }[] = [];
  for (let k = 0; k < runs; k++) {
    if (runs > 1) log(`run ${k + 1} of ${runs}:`);
    const run = await runPhase(cluster.coord, { ...input, seed: (input.seed ?? SEED) + k * 1000 });
    results.push({ run, cpu: lastCpu });
  }
  const byRate = [...results].sort((a, b) => a.run.opsPerSecond - b.run.opsPerSecond);
  const middle = byRate[Math.floor(byRate.length / 2)] as { run: PeRunResult; cpu: string };
  return { experiment, ...middle, runs: results.map((r) => r.run.opsPerSecond) };
}

async function bigtableRows(cluster: LocalCluster): Promise<Row[]> {
  const rows: Row[] = [];
  const phase = async (
    experiment: Experiment,
    input: Parameters<typeof runPhase>[1],
    runs = 1,
  ): Promise<void> => {
    log(`\n${PAPER[experiment].label}: pe ${input.test}`);
    rows.push(await measuredRow(cluster, experiment, input, runs));
  };
  const writers = { clients: WRITE_CLIENTS, rows: ROWS / WRITE_CLIENTS, totalRows: ROWS };
  // A fresh cluster's first writes run in the interpreter (the region server's write path and the
  // client's): the first batches took 0.6–0.7 s, a quarter of the quick row. The paper's tablet
  // server was a running one, so an unmeasured pass into a table of its own comes first.
  log(`\nwarm-up writes (not measured, ${WARMUP_WRITE_ROWS} rows into ${WARMUP_TABLE}):`);
  await runPhase(cluster.coord, {
    ...base,
    test: 'sequentialWrite',
    table: WARMUP_TABLE,
    clients: WRITE_CLIENTS,
    rows: Math.floor(WARMUP_WRITE_ROWS / WRITE_CLIENTS),
    presplit: PRESPLIT,
  });
  await flushTable(cluster.coord, WARMUP_TABLE);
  await phase('seqwrite', { ...base, test: 'sequentialWrite', ...writers, presplit: PRESPLIT });
  // Every region reaches its flush size near the end of the sequential writes; their flushes run
  // one at a time. Flushed here (timed, outside both rows), they no longer run inside the random
  // writes, which measure their own flushes only.
  await flushTable(cluster.coord);
  await phase('randwrite', { ...base, test: 'randomWrite', ...writers });
  const conn = await connectBench(cluster.coord);
  try {
    const admin = conn.getAdmin();
    await timed('flush', () => admin.flush(TABLE));
    await timed('major compaction', () => admin.majorCompact(TABLE));
  } finally {
    await conn.close();
  }
  await settleWriteback();
  const readers = { clients: READ_CLIENTS, rows: Math.floor(READS / READ_CLIENTS) };
  await phase('seqread', { ...base, test: 'sequentialRead', ...readers }, SHORT_ROW_RUNS);
  await phase('randread-files', { ...base, test: 'randomRead', ...readers, totalRows: ROWS });
  const scanners = { clients: SCAN_CLIENTS, rows: ROWS / SCAN_CLIENTS, caching: SCAN_CACHING };
  await phase('scan', { ...base, test: 'scan', ...scanners }, SHORT_ROW_RUNS);
  return rows;
}

/** The in-memory table: written, flushed, warmed (a scan, unmeasured gets), read at random. */
async function memRows(cluster: LocalCluster): Promise<Row> {
  const common = { ...base, table: MEM_TABLE, inMemory: true };
  log(`\n${PAPER['randread-mem'].label}: table ${MEM_TABLE} (IN_MEMORY), ${MEM_ROWS} rows`);
  const writers = { clients: WRITE_CLIENTS, rows: MEM_ROWS / WRITE_CLIENTS };
  await runPhase(cluster.coord, { ...common, test: 'sequentialWrite', ...writers });
  const conn = await connectBench(cluster.coord);
  try {
    await timed('flush', () => conn.getAdmin().flush(MEM_TABLE));
  } finally {
    await conn.close();
  }
  await settleWriteback();
  log('warm-up scan (fills the block cache):');
  await runPhase(cluster.coord, { ...common, test: 'scan', clients: 1, rows: MEM_ROWS });
  const readers = { clients: READ_CLIENTS, rows: Math.floor(READS / READ_CLIENTS) };
  const input = { ...common, test: 'randomRead', ...readers, totalRows: MEM_ROWS };
  // The row is over in 2–3 s, and the first random gets of a table run 12–18 % slower than the
  // next on both the region server and the client (JIT and inline caches on the get path; a
  // pause before them changes nothing): a pass of its own seed, not measured, comes first.
  log(`warm-up random reads (not measured, ${WARMUP_READS} gets):`);
  await runPhase(cluster.coord, {
    ...input,
    seed: SEED + 1,
    rows: Math.floor(WARMUP_READS / READ_CLIENTS),
  });
  log('random reads:');
  return measuredRow(cluster, 'randread-mem', input, SHORT_ROW_RUNS);
}

interface Versus {
  readonly name: 'bare-get' | 'bare-put';
  readonly label: string;
  readonly inFlight: string;
  readonly colonnade: PeRunResult[];
  readonly bare: BareResult[];
}

/** BARE_ROUNDS rounds of Colonnade against the bare path, alternating which goes first. */
async function versus(
  v: Versus,
  colonnade: (seed: number) => Promise<PeRunResult>,
  bare: (seed: number) => Promise<BareResult>,
): Promise<Versus> {
  for (let round = 0; round < BARE_ROUNDS; round++) {
    const seed = SEED + 100 + round;
    const sides = [
      async () => v.colonnade.push(await colonnade(seed)),
      async () => {
        const result = await metered(() => bare(seed));
        v.bare.push(result);
        await profileSegment(`bare ${v.name}`);
        const l = result.latency;
        log(
          `  bare path: ${formatRate(result.opsPerSecond)} rows/s; latency µs p50 ` +
            `${formatRate(l.p50)}, p99 ${formatRate(l.p99)}`,
        );
      },
    ];
    if (round % 2 === 1) sides.reverse();
    log(`\n${v.name} round ${round + 1}:`);
    for (const side of sides) await side();
  }
  return v;
}

/**
 * Colonnade's random gets (PE randomRead on the in-memory table) and batched random puts (PE
 * randomWrite, autoFlush and multiPut, into a table of their own over the big table's key range)
 * against the bare path loaded with the same rows, with the same clients on one connection.
 */
async function bareComparisons(cluster: LocalCluster, bare: BarePathClient): Promise<Versus[]> {
  const getRows = Math.floor(READS / READ_CLIENTS);
  const putRows = Math.floor(READS / WRITE_CLIENTS / BATCH_PUTS) * BATCH_PUTS;
  const gets = await versus(
    {
      name: 'bare-get',
      label: 'random get (PE randomRead on the in-memory table)',
      inFlight: `${READ_CLIENTS} × 1`,
      colonnade: [],
      bare: [],
    },
    (seed) =>
      runPhase(cluster.coord, {
        ...base,
        seed,
        test: 'randomRead',
        table: MEM_TABLE,
        totalRows: MEM_ROWS,
        clients: READ_CLIENTS,
        rows: getRows,
      }),
    (seed) =>
      bare.randomGet({
        seed,
        totalRows: MEM_ROWS,
        valueSize: 1000,
        clients: READ_CLIENTS,
        rowsPerClient: getRows,
        batchRows: 1,
      }),
  );
  const puts = await versus(
    {
      name: 'bare-put',
      label: `batched random put (PE randomWrite --autoFlush=true --multiPut=${BATCH_PUTS})`,
      inFlight: `${WRITE_CLIENTS} × 1 batch of ${BATCH_PUTS}`,
      colonnade: [],
      bare: [],
    },
    (seed) =>
      runPhase(cluster.coord, {
        ...base,
        seed,
        test: 'randomWrite',
        table: PUT_TABLE,
        totalRows: ROWS,
        clients: WRITE_CLIENTS,
        rows: putRows,
        autoFlush: true,
        multiPut: BATCH_PUTS,
      }),
    (seed) =>
      bare.randomPut({
        seed,
        totalRows: ROWS,
        valueSize: 1000,
        clients: WRITE_CLIENTS,
        rowsPerClient: putRows,
        batchRows: BATCH_PUTS,
      }),
  );
  return [gets, puts];
}

const us = (n: number): string => formatRate(n);

function body(rows: readonly Row[], versus: readonly Versus[], notes: readonly string[]): string {
  const settings =
    `${ROWS} rows (${((ROWS * 1032) / MiB).toFixed(0)} MiB of PE rows) in ${TABLE}, ` +
    `pre-split in ${PRESPLIT}, after ${WARMUP_WRITE_ROWS} unmeasured rows into ${WARMUP_TABLE}; ` +
    `${MEM_ROWS} rows in ${MEM_TABLE} (IN_MEMORY); 1000-byte values ` +
    `(PE's generateData); ${READS} gets per read experiment (random reads (mem) after a scan ` +
    `and ${WARMUP_READS} unmeasured gets of ${MEM_TABLE}); seed ${SEED}; every PE run with ` +
    `--oneCon=true (its clients share one connection); ` +
    `writes SYNC_WAL (an hflush to ${Math.min(3, DATANODES)} datanode(s) per group commit)` +
    (QUICK ? '; BENCH_QUICK=1' : '');
  const table = [
    '| experiment (Bigtable 1 server) | pe test | in flight | Colonnade values/s | p50 / p99 µs | paper | ratio (target ≥ 5) |',
    '|---|---|---|---:|---:|---:|---:|',
    ...rows.map(({ experiment, run }) => {
      const paper = PAPER[experiment].paper;
      return (
        `| ${PAPER[experiment].label} | ${run.options.test} | ${inFlight(run)} | ` +
        `${formatRate(run.opsPerSecond)} | ${us(run.latency.p50)} / ${us(run.latency.p99)} | ` +
        `${formatRate(paper)} | ${(run.opsPerSecond / paper).toFixed(2)} |`
      );
    }),
  ];
  const bareTable = [
    '| operation | in flight | Colonnade ops/s (p50 / p99 µs) | bare path ops/s (p50 / p99 µs) | ratio (target ≥ 0.8) |',
    '|---|---|---:|---:|---:|',
    ...versus.map((v) => {
      const c = median(v.colonnade.map((r) => r.opsPerSecond));
      const b = median(v.bare.map((r) => r.opsPerSecond));
      const cl = v.colonnade.find((r) => r.opsPerSecond === c)?.latency;
      const bl = v.bare.find((r) => r.opsPerSecond === b)?.latency;
      return (
        `| ${v.label} | ${v.inFlight} | ${formatRate(c)} (${us(cl?.p50 ?? 0)} / ` +
        `${us(cl?.p99 ?? 0)}) | ${formatRate(b)} (${us(bl?.p50 ?? 0)} / ${us(bl?.p99 ?? 0)}) | ` +
        `${(c / b).toFixed(2)} |`
      );
    }),
  ];
  return [settings, '', ...table, '', ...bareTable, '', ...notes.map((n) => `- ${n}`)].join('\n');
}

function ratiosOf(rows: readonly Row[], versus: readonly Versus[]): Ratio[] {
  return [
    ...rows.map(({ experiment, run }) => ({
      name: `bigtable-${experiment}`,
      value: run.opsPerSecond / PAPER[experiment].paper,
    })),
    ...versus.map((v) => ({
      name: v.name,
      value:
        median(v.colonnade.map((r) => r.opsPerSecond)) / median(v.bare.map((r) => r.opsPerSecond)),
    })),
  ];
}

async function main(): Promise<void> {
  process.env['COLONNADE_LOG_LEVEL'] ??= 'warn';
  const profileDir = process.env['BENCH_PROFILE_DIR'] || undefined;
  const dumpSelf = profileDir === undefined ? undefined : installProfiler(profileDir, 'client');
  const started = performance.now();
  log(`bench:bigtable${QUICK ? ' (quick)' : ''}: starting a local cluster with one region server`);
  const cluster = await startLocalCluster({
    datanodes: DATANODES,
    cacheBytes: CACHE_BYTES,
    ...(profileDir === undefined ? {} : { profileDir }),
  });
  const bareDir = mkdtempSync(join(tmpdir(), 'colonnade-bench-bare-'));
  const bareServer = await startChild(join(here, 'bare-path', 'main.js'), [
    bareDir,
    '0',
    String(CACHE_BYTES),
  ]);
  if (dumpSelf !== undefined) {
    const pids = [...cluster.pids, bareServer.process.pid ?? 0].filter((pid) => pid > 0);
    let segment = 0;
    profileSegment = async (label) => {
      await closeSegment(dumpSelf, pids);
      log(`  (profile segment ${String(segment).padStart(2, '0')}: ${label})`);
      segment += 1;
    };
    await profileSegment('start-up');
  }
  processes = [
    ...cluster.processes,
    { name: 'client', pid: process.pid },
    { name: 'bare', pid: bareServer.process.pid ?? 0 },
  ];
  const layout = `${cluster.layout}; the bare path (pid ${bareServer.process.pid}, classic-level)`;
  log(`layout: ${layout}`);
  const bare = new BarePathClient({ host: bareServer.host, port: bareServer.port }, 1);
  try {
    const rows = await bigtableRows(cluster);
    rows.push(await memRows(cluster));
    await timed(`bare path: load ${MEM_ROWS} rows`, () => bare.load(0, MEM_ROWS, 1000, 1000));
    await settleWriteback();
    const versus = await bareComparisons(cluster, bare);
    const notes = [
      `block cache ${(CACHE_BYTES / MiB).toFixed(0)} MiB: ${TABLE} is about ` +
        `${((ROWS * 1100) / CACHE_BYTES).toFixed(0)}× it (random reads miss, as the paper's ` +
        `GFS reads), ${MEM_TABLE} fits in it twice; IN_MEMORY is set on ${MEM_TABLE}'s family`,
      `the bare path: src/rpc's RpcServer over classic-level (sync: false, block cache ` +
        `${(CACHE_BYTES / MiB).toFixed(0)} MiB), loaded with the same ${MEM_ROWS} rows; its ` +
        `gets and puts draw from the same key ranges with the same seeds; both sides' clients ` +
        `share one connection; median of ${BARE_ROUNDS} rounds each side, alternating which ` +
        `goes first`,
      `${rows
        .filter((r) => r.runs.length > 1)
        .map((r) => PAPER[r.experiment].label)
        .join(', ')}: the median of ${SHORT_ROW_RUNS} runs (seeds ${SEED}, ${SEED + 1000}, ` +
        `…), each a few seconds long; values/s of every run: ` +
        rows
          .filter((r) => r.runs.length > 1)
          .map((r) => `${PAPER[r.experiment].label} ${r.runs.map(formatRate).join(' / ')}`)
          .join('; '),
      ...rows.map(
        (r) =>
          `CPU during ${PAPER[r.experiment].label} (${(r.run.elapsedMs / 1000).toFixed(1)} s ` +
          `of PE${r.runs.length > 1 ? ', the median run' : ''}): ${r.cpu}`,
      ),
      `whole run ${((performance.now() - started) / 1000).toFixed(0)} s`,
    ];
    const text = body(rows, versus, notes);
    log(`\n${text}\n`);
    const ratios = ratiosOf(rows, versus);
    appendToBenchmarksDoc(root, `bench:bigtable${QUICK ? ' (quick)' : ''}`, layout, text, ratios);
    printRatios(ratios);
  } finally {
    bare.close();
    await stopChild(bareServer.process);
    rmSync(bareDir, { recursive: true, force: true });
    await cluster.stop();
  }
}

await main();
