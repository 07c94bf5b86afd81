// `npm run bench:engine`: one Region (SYNC_WAL on a one-datanode block filesystem, all in this
// process) against classic-level (LevelDB, sync: false) in the same run, the same keys and 1 KiB
// values: random batched puts, random gets from the memstore, from store files with a warm block
// cache and with a cold one, and a full scan. Ratios are Colonnade ops/s ÷ classic-level ops/s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ColonnadeSide } from './engine/colonnade-side.js';
import { startInProcessDfs } from './engine/dfs.js';
import { LevelSide } from './engine/level-side.js';
import type { EngineSide } from './engine/side.js';
import { inFlight, KEY_BYTES, VALUE_BYTES, Workload } from './engine/workload.js';
import { appendToBenchmarksDoc, printRatios, type Ratio } from './report.js';
import { formatRate } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MiB = 1024 * 1024;
const ROWS = Number(process.env['BENCH_ENGINE_ROWS'] ?? '200000');
const GETS = Number(process.env['BENCH_ENGINE_GETS'] ?? String(Math.min(ROWS, 100_000)));
/** Gets of the cold phase: each reads a whole 64 KiB block from the filesystem. */
const COLD_GETS = Number(process.env['BENCH_ENGINE_COLD_GETS'] ?? String(Math.min(GETS, 10_000)));
const SEED = Number(process.env['BENCH_SEED'] ?? '20060');
/** Puts per batch, and batches in flight (so that the WAL's group commit can gather them). */
const BATCH_PUTS = 100;
const PUT_DEPTH = 4;
const GET_DEPTH = 16;
/** Untimed gets after each round's full GC, before its timing starts. */
const WARM_GETS = 2_000;
/** Memory budgets, the same on both sides: memstore flush size = LevelDB write buffer. */
const WRITE_BUFFER_BYTES = 1024 * MiB;
const CACHE_BYTES = 512 * MiB;
const DATANODES = 1;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Both engines share this process: a full collection before each measured run, so that one side's
 * garbage (a flushed memstore, say) is not collected in the other side's time.
 */
function settle(): void {
  collectGarbage();
}

interface PhaseResult {
  readonly name: string;
  readonly label: string;
  readonly colonnade: number;
  readonly level: number;
}

type Sides = readonly [colonnade: EngineSide, level: EngineSide];

/** What one round of a phase did: operations, and the seconds they took. */
interface RoundResult {
  readonly ops: number;
  readonly seconds: number;
}

/** Rounds of each phase; the reported rate of a side is its median round. */
const ROUNDS = 3;

/**
 * Runs one measured phase on both sides: ROUNDS rounds, alternating which side goes first, a full
 * GC before each; `run(side, round)` does round `round`'s share of the work and
 * returns what it did. A side's rate is its median round's (as bench:dfs does, on this noisy VM).
 */
async function phase(
  sides: Sides,
  name: string,
  label: string,
  run: (side: EngineSide, round: number) => Promise<RoundResult>,
  warm?: (side: EngineSide) => Promise<unknown>,
): Promise<PhaseResult> {
  const [colonnade, level] = sides;
  const rates: { colonnade: number[]; level: number[] } = { colonnade: [], level: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [level, colonnade] : [colonnade, level];
    for (const side of order) {
      settle();
      // A full collection shrinks V8's young generation; a few untimed reads let it grow back
      // before the timing starts (read-only phases only; puts would change the data).
      if (warm !== undefined) await warm(side);
      const done = await run(side, round);
      (side === colonnade ? rates.colonnade : rates.level).push(done.ops / done.seconds);
    }
  }
  const result = { name, label, colonnade: median(rates.colonnade), level: median(rates.level) };
  process.stdout.write(
    `${name}: Colonnade ${formatRate(result.colonnade)}/s, ` +
      `classic-level ${formatRate(result.level)}/s ` +
      `(rounds: ${rates.colonnade.map(formatRate).join(', ')} | ` +
      `${rates.level.map(formatRate).join(', ')})\n`,
  );
  return result;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}

/** Round `round`'s part of [0, total): the rounds split it into ROUNDS contiguous parts. */
function roundRange(total: number, round: number): [number, number] {
  const size = Math.ceil(total / ROUNDS);
  return [round * size, Math.min(total, (round + 1) * size)];
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

function cacheLine(side: EngineSide, what: string): string {
  const stats = side.cacheStats();
  return stats === undefined ? '' : `${what}: ${stats.hits} hits, ${stats.misses} misses`;
}

async function measure(workload: Workload, colonnade: ColonnadeSide, level: LevelSide) {
  const sides: Sides = [colonnade, level];
  const order = workload.permutation();
  const batches = Math.ceil(ROWS / BATCH_PUTS);
  const gets = workload.randomRows(GETS);
  const results: PhaseResult[] = [];
  const notes: string[] = [];
  results.push(
    await phase(sides, 'engine-put', `put, batches of ${BATCH_PUTS}`, async (side, round) => {
      // Each round puts its own third of the rows, on both sides.
      const [from, to] = roundRange(batches, round);
      const seconds = await inFlight(to - from, PUT_DEPTH, (b) =>
        side.putBatch(order.subarray((from + b) * BATCH_PUTS, (from + b + 1) * BATCH_PUTS)),
      );
      const rows = Math.min(ROWS, to * BATCH_PUTS) - from * BATCH_PUTS;
      return { ops: rows, seconds };
    }),
  );
  const wal = colonnade.walStats();
  notes.push(
    `WAL: ${wal.appends} appends in ${wal.syncs} syncs ` +
      `(${(wal.appends / Math.max(1, wal.syncs)).toFixed(2)} batches per hflush)`,
  );
  const get = async (side: EngineSide, round: number): Promise<RoundResult> => {
    const [from, to] = roundRange(GETS, round);
    const seconds = await inFlight(to - from, GET_DEPTH, (i) => side.get(gets[from + i] ?? 0));
    return { ops: to - from, seconds };
  };
  const warmGets = (side: EngineSide) =>
    inFlight(WARM_GETS, GET_DEPTH, (i) => side.get(gets[i] ?? 0));
  results.push(await phase(sides, 'engine-get-mem', 'get, memstore / memtable', get, warmGets));
  const levelFlush = await timed(() => level.flush());
  const colonnadeFlush = await timed(() => colonnade.flush());
  const files = colonnade.storeFiles();
  notes.push(
    `flush: Colonnade ${colonnadeFlush.toFixed(2)} s (${files.files} store file, ` +
      `${(files.bytes / MiB).toFixed(1)} MiB); classic-level compactRange ` +
      `${levelFlush.toFixed(2)} s`,
  );
  for (const side of sides) {
    await inFlight(GETS, GET_DEPTH, (i) => side.get(gets[i] ?? 0)); // warm-up pass, not measured
  }
  const warm = colonnade.cacheStats();
  const cached = await phase(sides, 'engine-get-cached', 'get, files, warm cache', get, warmGets);
  results.push(cached);
  const after = colonnade.cacheStats();
  notes.push(
    `block cache, warm-up pass: ${warm.hits} hits, ${warm.misses} misses; measured rounds (with their untimed warm-up gets): ` +
      `${after.hits - warm.hits} hits, ${after.misses - warm.misses} misses`,
  );
  results.push(
    await phase(sides, 'engine-scan', 'full scan, rows', async (side) => {
      let rows = 0;
      const seconds = await timed(async () => (rows = await side.scan()));
      if (rows !== ROWS) throw new Error(`${side.name} scanned ${rows} of ${ROWS} rows`);
      return { ops: rows, seconds };
    }),
  );
  for (const side of sides) await side.reopen();
  results.push(
    await phase(sides, 'engine-get-files', 'get, files, no block cache', async (side, round) => {
      const [from, to] = roundRange(COLD_GETS, round);
      const seconds = await inFlight(to - from, GET_DEPTH, (i) =>
        side.getUncached(gets[from + i] ?? 0),
      );
      return { ops: to - from, seconds };
    }),
  );
  notes.push(
    cacheLine(colonnade, 'block cache, cold phase') +
      ' (both sides reopened with an empty cache, then gets with cacheBlocks false / fillCache ' +
      'false; the OS page cache stays warm on both)',
  );
  return { results, notes };
}

async function main(): Promise<void> {
  process.env['COLONNADE_LOG_LEVEL'] ??= 'warn';
  const levelDir = mkdtempSync(join(tmpdir(), 'colonnade-bench-engine-level-'));
  const dfs = await startInProcessDfs(tmpdir(), DATANODES);
  const workload = new Workload(ROWS, SEED);
  const sideOptions = { workload, cacheBytes: CACHE_BYTES };
  let colonnade: ColonnadeSide | undefined;
  let level: LevelSide | undefined;
  try {
    const params =
      `${ROWS} rows × ${VALUE_BYTES} B values, ${KEY_BYTES}-byte PE keys, random order ` +
      `(seed ${SEED}); puts in batches of ${BATCH_PUTS}, ${PUT_DEPTH} batches in flight on both ` +
      `sides (group commit); ${GETS} random gets (${COLD_GETS} in the cold phase); each phase ` +
      `in ${ROUNDS} rounds alternating which side goes first, the median round reported; ` +
      `${GET_DEPTH} in flight; write buffer = ` +
      `memstore flush size ${WRITE_BUFFER_BYTES / MiB} MiB, block cache ${CACHE_BYTES / MiB} MiB ` +
      `on both sides`;
    process.stdout.write(`${params}\n`);
    level = await LevelSide.open({
      ...sideOptions,
      location: levelDir,
      writeBufferBytes: WRITE_BUFFER_BYTES,
    });
    colonnade = await ColonnadeSide.open({
      ...sideOptions,
      namenode: dfs.namenode,
      flushBytes: WRITE_BUFFER_BYTES,
    });
    const { results, notes } = await measure(workload, colonnade, level);
    const body = [
      params,
      '',
      '| phase | Colonnade ops/s | classic-level ops/s | ratio |',
      '|---|---:|---:|---:|',
      ...results.map(
        (r) =>
          `| ${r.name}: ${r.label} | ${formatRate(r.colonnade)} | ${formatRate(r.level)} | ` +
          `${(r.colonnade / r.level).toFixed(3)} |`,
      ),
      '',
      ...notes.filter((n) => n !== '').map((n) => `- ${n}`),
    ].join('\n');
    process.stdout.write(`\n${body}\n\n`);
    const ratios: Ratio[] = results.map((r) => ({ name: r.name, value: r.colonnade / r.level }));
    appendToBenchmarksDoc(
      root,
      'bench:engine',
      'one process: the namenode, one datanode (replication 1), the Wal and the Region ' +
        '(SYNC_WAL: an hflush to the datanode over loopback TCP per group commit), and ' +
        'classic-level (LevelDB, sync: false) in a temporary directory on the same disk',
      body,
      ratios,
    );
    printRatios(ratios);
  } finally {
    await colonnade?.close().catch(() => undefined);
    await level?.close().catch(() => undefined);
    await dfs.stop();
    rmSync(levelDir, { recursive: true, force: true });
  }
}

await main();
