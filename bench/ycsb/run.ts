// `npm run bench:ycsb`: YCSB's core workloads A–F, the same seeded operations and the same number
// of workers (one request in flight each) against Colonnade (a local cluster of processes),
// PostgreSQL and Redis, one system at a time on this machine. Prints YCSB's text output per
// system and phase, appends the figures to docs/benchmarks.md, and ends with the `ratio` lines.
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendToBenchmarksDoc, printRatios } from '../report.js';
import { ColonnadeSystem } from './colonnade-db.js';
import { CoreWorkload } from './core-workload.js';
import { cpuPerOperation, sampleCpu, type CpuPerOperation } from './cpu.js';
import { aborted, stopOnSignal, type YcsbDb, type YcsbSystem } from './db.js';
import { buildKeyName } from './fnv.js';
import { deleteKeys, loadPhase, runPhase, type PhaseResult } from './driver.js';
import { PostgresSystem } from './postgres-db.js';
import { YcsbRandom } from './random.js';
import { RedisSystem } from './redis-db.js';
import { operationsFor, settingsFromEnv, type SystemName, type YcsbSettings } from './settings.js';
import { markdownSummary, ratios, targetNote, type SystemResults } from './summary.js';
import { formatReport } from './text-format.js';
import { ValueSource } from './values.js';
import { fieldNames, WORKLOADS, type WorkloadId } from './workloads.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function startSystem(name: SystemName, settings: YcsbSettings): Promise<YcsbSystem> {
  switch (name) {
    case 'colonnade':
      return ColonnadeSystem.start(settings.regionServers, settings.regions, settings.profileDir);
    case 'postgres':
      return PostgresSystem.start();
    case 'redis':
      return RedisSystem.start();
  }
}

function printPhase(system: YcsbSystem, title: string, phase: PhaseResult): void {
  const text = formatReport(phase.runtimeMs, phase.operations, phase.summaries);
  process.stdout.write(`\n# ${system.label} — ${title}\n${text}`);
}

type CpuByPhase = Map<WorkloadId | 'load', CpuPerOperation>;

/** Runs one phase, recording the CPU it cost the client and the servers per operation. */
async function metered(
  system: YcsbSystem,
  cpu: CpuByPhase,
  id: WorkloadId | 'load',
  phase: () => Promise<PhaseResult>,
): Promise<PhaseResult> {
  const before = sampleCpu(system.serverPids());
  const result = await phase();
  cpu.set(id, cpuPerOperation(before, sampleCpu(system.serverPids()), result.operations));
  return result;
}

/** A seed per workload, the same for every system. */
function workloadSeed(seed: number, id: WorkloadId | 'load'): number {
  return (seed * 31 + id.charCodeAt(0) + id.length) >>> 0;
}

async function runWorkloads(
  system: YcsbSystem,
  settings: YcsbSettings,
  clients: readonly YcsbDb[],
  values: ValueSource,
  keyNames: readonly string[],
  cpu: CpuByPhase,
): Promise<Map<WorkloadId, PhaseResult>> {
  const runs = new Map<WorkloadId, PhaseResult>();
  let insertedKeys: string[] = [];
  for (const id of settings.workloads) {
    if (aborted()) break;
    const spec = WORKLOADS[id];
    if (spec.insertproportion > 0 && insertedKeys.length > 0) {
      // YCSB reloads before E; deleting the records D inserted gives the same loaded table.
      const failed = await deleteKeys(clients, spec.table, insertedKeys);
      if (failed > 0) process.stderr.write(`${system.name}: ${failed} deletes failed\n`);
      insertedKeys = [];
    }
    const operationcount = operationsFor(settings, id);
    const random = new YcsbRandom(workloadSeed(settings.seed, id));
    const counts = { recordcount: settings.recordcount, operationcount, keyNames };
    const workload = new CoreWorkload(spec, counts, random, values);
    const run = await metered(system, cpu, id, () =>
      runPhase(`${system.name} ${id}`, clients, workload, operationcount),
    );
    runs.set(id, run);
    printPhase(system, `workload ${id} (${spec.title}), run phase`, run);
    for (let k = settings.recordcount; k <= workload.lastInsertedKeynum(); k += 1) {
      insertedKeys.push(workload.keyName(k));
    }
  }
  return runs;
}

async function benchSystem(
  name: SystemName,
  settings: YcsbSettings,
): Promise<SystemResults & { layout: string }> {
  process.stdout.write(`\n=== ${name}: starting ===\n`);
  const system = await startSystem(name, settings);
  const forget = stopOnSignal(() => system.stop());
  const clients: YcsbDb[] = [];
  try {
    process.stdout.write(`layout: ${system.layout}\n`);
    const values = new ValueSource(new YcsbRandom(settings.seed));
    const counts = { recordcount: settings.recordcount, operationcount: settings.operationcount };
    const random = new YcsbRandom(workloadSeed(settings.seed, 'load'));
    const loadKeys = Array.from({ length: settings.recordcount }, (_, i) => buildKeyName(i));
    const loader = new CoreWorkload(WORKLOADS.a, { ...counts, keyNames: loadKeys }, random, values);
    await system.createTable({
      table: WORKLOADS.a.table,
      fields: fieldNames(WORKLOADS.a),
      loadKeys,
    });
    for (let i = 0; i < settings.threads; i += 1) clients.push(await system.newClient());
    const cpu: CpuByPhase = new Map();
    const load = await metered(system, cpu, 'load', () =>
      loadPhase(`${name} load`, clients, loader, settings.recordcount),
    );
    printPhase(system, 'load phase', load);
    const runs = await runWorkloads(system, settings, clients, values, loadKeys, cpu);
    return { name, label: system.label, layout: system.layout, load, runs, cpu };
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    await system.stop();
    forget();
  }
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
    `${settings.seed}${settings.quick ? ', BENCH_QUICK' : ''}); 10 fields × 100 B; ` +
    `ratios are Colonnade's [OVERALL] Throughput over the peer's; 1-minute load average ` +
    `${loadAtStart} at the start, ${loadAverage()} at the end (other processes share the cores)`
  );
}

const settings = settingsFromEnv(process.env);
process.env['COLONNADE_LOG_LEVEL'] ??= 'warn';
const results: (SystemResults & { layout: string })[] = [];
let failures = 0;
for (const name of settings.systems) {
  if (aborted()) break;
  try {
    results.push(await benchSystem(name, settings));
  } catch (error) {
    failures += 1;
    process.stderr.write(
      `ycsb: ${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
  }
}
const found = ratios(results);
const body = markdownSummary(results, settings.workloads, settingsLine(settings));
process.stdout.write(`\n${body}\n\n`);
for (const r of found)
  process.stdout.write(`${r.name}: ${r.value.toFixed(3)} (${targetNote(r)})\n`);
process.stdout.write('\n');
const layout = [
  ...results.map((r) => r.layout),
  `client: this process (Node ${process.version}), ${settings.threads} workers`,
].join('; ');
// BENCH_YCSB_RECORD=0: a trial run, not recorded in docs/benchmarks.md.
if (process.env['BENCH_YCSB_RECORD'] !== '0' && !aborted()) {
  appendToBenchmarksDoc(root, `bench:ycsb${settings.quick ? ' (quick)' : ''}`, layout, body, found);
}
printRatios(found);
process.exitCode = failures === 0 ? 0 : 1;
