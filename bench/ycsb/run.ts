// `npm run bench:ycsb`: YCSB's core workloads A–F, the same seeded operations and the same number
// of workers (one request in flight each) against Colonnade (a local cluster of processes),
// PostgreSQL and Redis on this machine. All three are started and loaded first; then each
// workload runs on one system after another (Contender), so that the figures a ratio compares
// are taken within seconds of each other. Prints YCSB's text output per system and phase,
// appends the figures to docs/benchmarks.md, and ends with the `ratio` lines.
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendToBenchmarksDoc, printRatios } from '../report.js';
import { Contender } from './contender.js';
import { aborted } from './db.js';
import { settle } from './settle.js';
import { settingsFromEnv, type YcsbSettings } from './settings.js';
import { markdownSummary, ratios, targetNote } from './summary.js';
import type { WorkloadId } from './workloads.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Loads every system, then runs each workload on every system in turn, alternating the order
 * (ABC, CBA, …) so that none always runs right after another's writes. A system that fails is
 * stopped and left out from then on. Returns the systems that got through, in the given order.
 */
async function runInterleaved(
  contenders: readonly Contender[],
  settings: YcsbSettings,
): Promise<{ finished: Contender[]; failures: number }> {
  let failures = 0;
  const live = new Set(contenders);
  const attempt = async (contender: Contender, step: () => Promise<void>): Promise<void> => {
    if (!live.has(contender) || aborted()) return;
    try {
      await step();
    } catch (error) {
      failures += 1;
      live.delete(contender);
      process.stderr.write(
        `ycsb: ${contender.name} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      await contender.stop();
    }
  };
  for (const contender of contenders) await attempt(contender, () => contender.load());
  const turn = async (contender: Contender, id: WorkloadId): Promise<void> => {
    const all = (): number => contenders.reduce((sum, c) => sum + c.serverCpuMs(), 0);
    const settled = await settle(all);
    if (!settled.quiet) {
      process.stdout.write(`(servers still busy after ${Math.round(settled.waitedMs)} ms)\n`);
    }
    const others = contenders.filter((c) => c !== contender && live.has(c));
    const before = others.map((c) => c.serverCpuMs());
    await contender.run(id);
    const spent = others.map(
      (c, k) => `${c.name} ${Math.round(c.serverCpuMs() - (before[k] ?? 0))} ms`,
    );
    if (others.length > 0)
      process.stdout.write(`(CPU of the others meanwhile: ${spent.join(', ')})\n`);
  };
  for (const [i, id] of settings.workloads.entries()) {
    const order = i % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) await attempt(contender, () => turn(contender, id));
  }
  return { finished: contenders.filter((c) => live.has(c)), failures };
}

const loadAverage = (): string => loadavg()[0]?.toFixed(2) ?? '?';
const loadAtStart = loadAverage();

function settingsLine(settings: YcsbSettings): string {
  const e = settings.scanOperationcount;
  return (
    `YCSB CoreWorkload (workloads ${settings.workloads.join(', ').toUpperCase()}, in YCSB's ` +
    `order; E after deleting D's inserts): recordcount ${settings.recordcount}, ` +
    `operationcount ${settings.operationcount} (E: ${e}), ${settings.threads} workers, one ` +
    `request in flight each, the same seeded operations for every system (seed ` +
    `${settings.seed}${settings.quick ? ', BENCH_QUICK' : ''}); 10 fields × 100 B; every ` +
    `system up and loaded first, then each workload on one system after another (order ` +
    `alternating); ` +
    `ratios are Colonnade's [OVERALL] Throughput over the peer's; 1-minute load average ` +
    `${loadAtStart} at the start, ${loadAverage()} at the end (other processes share the cores)`
  );
}

const settings = settingsFromEnv(process.env);
process.env['COLONNADE_LOG_LEVEL'] ??= 'warn';
const contenders: Contender[] = [];
let failures = 0;
let finished: Contender[] = [];
try {
  for (const name of settings.systems) {
    if (aborted()) break;
    try {
      contenders.push(await Contender.start(name, settings));
    } catch (error) {
      failures += 1;
      process.stderr.write(
        `ycsb: ${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
    }
  }
  const outcome = await runInterleaved(contenders, settings);
  finished = outcome.finished;
  failures += outcome.failures;
} finally {
  for (const contender of contenders) await contender.stop();
}
const results = finished.map((c) => c.results());
const found = ratios(results);
const body = markdownSummary(results, settings.workloads, settingsLine(settings));
process.stdout.write(`\n${body}\n\n`);
for (const r of found)
  process.stdout.write(`${r.name}: ${r.value.toFixed(3)} (${targetNote(r)})\n`);
process.stdout.write('\n');
const layout = [
  ...finished.map((c) => c.layout),
  `client: this process (Node ${process.version}), ${settings.threads} workers`,
].join('; ');
// BENCH_YCSB_RECORD=0: a trial run, not recorded in docs/benchmarks.md.
if (process.env['BENCH_YCSB_RECORD'] !== '0' && !aborted()) {
  appendToBenchmarksDoc(root, `bench:ycsb${settings.quick ? ' (quick)' : ''}`, layout, body, found);
}
printRatios(found);
process.exitCode = failures === 0 ? 0 : 1;
