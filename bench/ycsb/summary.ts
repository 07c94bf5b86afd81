// The run's summary for docs/benchmarks.md and the `ratio` lines: throughput per workload and
// system, per-operation latencies, and Colonnade's throughput over PostgreSQL's (A, B, C, F;
// target ≥ 2) and over Redis's (A, B, C; target ≥ 0.5). Pure: results in, text out.
import type { CpuPerOperation } from './cpu.js';
import type { PhaseResult } from './driver.js';
import type { WorkloadId } from './workloads.js';
import { WORKLOADS } from './workloads.js';

export interface Ratio {
  readonly name: string;
  readonly value: number;
}

export interface SystemResults {
  readonly name: string;
  readonly label: string;
  readonly load: PhaseResult | undefined;
  readonly runs: ReadonlyMap<WorkloadId, PhaseResult>;
  /** CPU per operation of each phase ('load' or a workload), where it could be read. */
  readonly cpu?: ReadonlyMap<WorkloadId | 'load', CpuPerOperation>;
}

/** The workloads each peer's ratio is printed for, with the target it is held against. */
export const RATIO_TARGETS: readonly {
  peer: string;
  workloads: readonly WorkloadId[];
  target: number;
}[] = [
  { peer: 'postgres', workloads: ['a', 'b', 'c', 'f'], target: 2 },
  { peer: 'redis', workloads: ['a', 'b', 'c'], target: 0.5 },
];

/** YCSB's [OVERALL] Throughput(ops/sec): 1000 × operations / whole milliseconds. */
export function throughput(phase: PhaseResult): number {
  const runtime = Math.round(phase.runtimeMs);
  return runtime === 0 ? 0 : (1000 * phase.operations) / runtime;
}

export function ratios(results: readonly SystemResults[]): Ratio[] {
  const ours = results.find((r) => r.name === 'colonnade');
  if (ours === undefined) return [];
  const out: Ratio[] = [];
  for (const { peer, workloads } of RATIO_TARGETS) {
    const theirs = results.find((r) => r.name === peer);
    if (theirs === undefined) continue;
    for (const id of workloads) {
      const a = ours.runs.get(id);
      const b = theirs.runs.get(id);
      if (a === undefined || b === undefined || throughput(b) === 0) continue;
      out.push({ name: `ycsb-${id}-vs-${peer}`, value: throughput(a) / throughput(b) });
    }
  }
  return out;
}

const rate = (ops: number): string => Math.round(ops).toLocaleString('en-US');

function throughputTable(
  results: readonly SystemResults[],
  workloads: readonly WorkloadId[],
): string[] {
  const head = `| workload | ${results.map((r) => `${r.label} ops/s`).join(' | ')} |`;
  const rule = `|---|${results.map(() => '---:').join('|')}|`;
  const rows: string[] = [];
  const load = results.map((r) => (r.load === undefined ? '–' : rate(throughput(r.load))));
  rows.push(`| load (insert) | ${load.join(' | ')} |`);
  for (const id of workloads) {
    const cells = results.map((r) => {
      const run = r.runs.get(id);
      return run === undefined ? '–' : rate(throughput(run));
    });
    rows.push(`| ${id.toUpperCase()}: ${WORKLOADS[id].title} | ${cells.join(' | ')} |`);
  }
  return [head, rule, ...rows];
}

function latencyTable(
  results: readonly SystemResults[],
  workloads: readonly WorkloadId[],
): string[] {
  const columns = results.map((r) => `${r.label} avg / p95 / p99 µs`);
  const head = `| workload | operation | ${columns.join(' | ')} |`;
  const rule = `|---|---|${results.map(() => '---:').join('|')}|`;
  const rows: string[] = [];
  for (const id of workloads) {
    const names = new Set<string>();
    for (const r of results) for (const m of r.runs.get(id)?.summaries ?? []) names.add(m.name);
    for (const name of names) {
      const cells = results.map((r) => {
        const m = r.runs.get(id)?.summaries.find((s) => s.name === name);
        if (m === undefined || m.operations === 0) return '–';
        const [, p95 = 0, p99 = 0] = m.percentilesUs;
        return `${Math.round(m.averageUs)} / ${p95} / ${p99}`;
      });
      rows.push(`| ${id.toUpperCase()} | ${name} | ${cells.join(' | ')} |`);
    }
  }
  return [head, rule, ...rows];
}

function cpuTable(results: readonly SystemResults[], workloads: readonly WorkloadId[]): string[] {
  const head = `| phase | ${results.map((r) => `${r.label} client + servers µs`).join(' | ')} |`;
  const rule = `|---|${results.map(() => '---:').join('|')}|`;
  const rows = (['load', ...workloads] as const).map((id) => {
    const cells = results.map((r) => {
      const cpu = r.cpu?.get(id);
      if (cpu === undefined) return '–';
      return `${Math.round(cpu.clientUs)} + ${Math.round(cpu.serverUs)}`;
    });
    return `| ${id === 'load' ? 'load' : id.toUpperCase()} | ${cells.join(' | ')} |`;
  });
  return [
    'CPU time per operation (µs; /proc and process.cpuUsage over each phase):',
    '',
    head,
    rule,
    ...rows,
  ];
}

/** The markdown body of the record appended to docs/benchmarks.md. */
export function markdownSummary(
  results: readonly SystemResults[],
  workloads: readonly WorkloadId[],
  settings: string,
): string {
  return [
    settings,
    '',
    ...throughputTable(results, workloads),
    '',
    ...latencyTable(results, workloads),
    '',
    ...cpuTable(results, workloads),
  ].join('\n');
}

/** How a ratio compares with its target, for the printed summary. */
export function targetNote(ratio: Ratio): string {
  const peer = RATIO_TARGETS.find((t) => ratio.name.endsWith(`-vs-${t.peer}`));
  if (peer === undefined) return '';
  return ratio.value >= peer.target ? `meets ≥ ${peer.target}×` : `misses ≥ ${peer.target}×`;
}
