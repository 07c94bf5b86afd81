// `npm run bench`: a quick version of every benchmark, one after the other (under 15 minutes in
// all), each appending its record to docs/benchmarks.md; their output is passed through, and
// every `ratio NAME VALUE` line they printed is gathered and printed again, last (CONTRACT.md).
// Invariant: each benchmark runs under a bound (SIGTERM, then SIGKILL) and a failure or a
// missing benchmark is reported, never silently dropped.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAEMON_NODE_FLAGS } from '../src/cluster/daemon-launcher.js';

const here = dirname(fileURLToPath(import.meta.url));
/** One benchmark's bound; the quick sizes below take 1–4 minutes each here. */
const BENCH_TIMEOUT_MS = 6 * 60_000;
const KILL_GRACE_MS = 20_000;
const RATIO_LINE = /^ratio \S+ \S+$/;

interface Benchmark {
  readonly script: string;
  /** Quick sizes, used unless the caller's environment sets the variable. */
  readonly env: Readonly<Record<string, string>>;
}

const BENCHMARKS: readonly Benchmark[] = [
  { script: 'rpc-echo.js', env: { BENCH_ROUNDS: '1', BENCH_SECONDS: '2' } },
  { script: 'coord-bench.js', env: { BENCH_SECONDS: '2', BENCH_TRIALS: '1', BENCH_SIZES: '1,3' } },
  {
    script: 'dfs-bench.js',
    env: { BENCH_DFS_FILES: '2', BENCH_DFS_FILE_MB: '64', BENCH_DFS_HFLUSHES: '1000' },
  },
  { script: 'engine-bench.js', env: { BENCH_ENGINE_ROWS: '50000' } },
  { script: 'bigtable.js', env: { BENCH_QUICK: '1' } },
  { script: join('ycsb', 'run.js'), env: { BENCH_QUICK: '1' } },
];

interface Outcome {
  readonly script: string;
  readonly status: string;
  readonly seconds: number;
  readonly ratios: readonly string[];
}

function run(bench: Benchmark): Promise<Outcome> {
  const path = join(here, bench.script);
  if (!existsSync(path)) {
    process.stdout.write(
      `\n### ${bench.script}: skipped (${path} does not exist; not built yet)\n`,
    );
    return Promise.resolve({ script: bench.script, status: 'skipped', seconds: 0, ratios: [] });
  }
  process.stdout.write(`\n### ${bench.script} (${JSON.stringify(bench.env)})\n`);
  const start = performance.now();
  // Each bench's client process runs with the daemons' V8 flags (its peers' clients share it).
  const child = spawn(process.execPath, [...DAEMON_NODE_FLAGS, path], {
    env: { ...bench.env, ...process.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ratios: string[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (RATIO_LINE.test(line.trim())) ratios.push(line.trim());
  });
  let timedOut = false;
  const term = setTimeout(() => {
    timedOut = true;
    process.stderr.write(`${bench.script}: over ${BENCH_TIMEOUT_MS / 1000} s; stopping it\n`);
    child.kill('SIGTERM');
  }, BENCH_TIMEOUT_MS);
  const kill = setTimeout(() => child.kill('SIGKILL'), BENCH_TIMEOUT_MS + KILL_GRACE_MS);
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      clearTimeout(term);
      clearTimeout(kill);
      if (RATIO_LINE.test(partial.trim())) ratios.push(partial.trim());
      const seconds = (performance.now() - start) / 1000;
      const status = timedOut
        ? 'timed out'
        : code === 0
          ? 'ok'
          : `failed (${signal ?? `exit ${code}`})`;
      resolve({ script: bench.script, status, seconds, ratios });
    });
  });
}

const outcomes: Outcome[] = [];
const started = performance.now();
for (const bench of BENCHMARKS) outcomes.push(await run(bench));
const minutes = (performance.now() - started) / 60_000;
process.stdout.write(`\n### npm run bench: ${minutes.toFixed(1)} min\n`);
for (const o of outcomes) {
  process.stdout.write(
    `${o.script}: ${o.status}, ${o.seconds.toFixed(0)} s, ${o.ratios.length} ratios\n`,
  );
}
process.stdout.write('\n');
for (const o of outcomes) for (const line of o.ratios) process.stdout.write(`${line}\n`);
const failed = outcomes.some((o) => o.status !== 'ok' && o.status !== 'skipped');
process.exitCode = failed ? 1 : 0;
