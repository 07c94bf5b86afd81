// PE's output, pure: the lines HBase's PerformanceEvaluation prints in --nomapred mode (each
// client's "Finished ..." and "Latency (us) : ..." lines, then "[Test] Summary of timings (ms)",
// the duration, average latency and TPS lines), then one plain summary line of our own.
import type { LatencySummary } from './latency.js';
import { FAMILY_NAME_BASE, ROW_LENGTH_BYTES } from './limits.js';
import type { PeOptions } from './options.js';
import type { PeClientResult, PeRunResult } from './runner.js';
import type { TableCheck } from './table-setup.js';

const BYTES_PER_MB = 1024 * 1024;

const thousands = (n: number): string => Math.round(n).toLocaleString('en-US');
/** HBase's DecimalFormat("0.##"). */
const upTo2 = (n: number): string => String(Math.round(n * 100) / 100);

/** HBase's calculateMbps: rows × (26 + (valueSize + len("info0") + len("0")) × cells) per s. */
export function megabytesPerSecond(options: PeOptions, rows: number, timeMs: number): number {
  const averageValue = options.valueRandom ? options.valueSize / 2 : options.valueSize;
  const cellBytes = averageValue + FAMILY_NAME_BASE.length + 1 + 1;
  const rowBytes = ROW_LENGTH_BYTES + cellBytes * options.columns * options.families;
  return (rows * rowBytes * 1000) / Math.max(timeMs, 1e-3) / BYTES_PER_MB;
}

export function startLine(options: PeOptions, className: string, table: TableCheck): string {
  const writes = options.autoFlush
    ? `autoFlush=true${options.multiPut > 0 ? `, multiPut=${options.multiPut}` : ''}`
    : `autoFlush=false (BufferedMutator, ${options.bufferSize} B buffer)`;
  const made = table.recreated ? ' (recreated)' : table.created ? ' (created)' : '';
  return (
    `[${className}] ${options.clients} client(s) × ${options.rows} rows, key range ` +
    `${options.totalRows}; table ${options.table}${made}, valueSize ${options.valueSize}, ` +
    `${writes}, writeToWAL=${options.writeToWAL}, caching ${options.caching}, ` +
    `${options.connections} connection(s), seed ${options.seed}`
  );
}

/** YammerHistogramUtils.getHistogramReport's shape. */
export function latencyReport(l: LatencySummary): string {
  return (
    `mean=${l.mean.toFixed(2)}, min=${l.min}, max=${l.max}, stdDev=${l.stdDev.toFixed(2)}, ` +
    `50th=${l.p50}, 75th=${l.p75}, 95th=${l.p95}, 99th=${l.p99}, 99.9th=${l.p999}, ` +
    `99.99th=${l.p9999}, 99.999th=${l.p99999}`
  );
}

export function clientLines(run: PeRunResult, client: PeClientResult): string[] {
  const ms = Math.round(client.durationMs);
  const mbps = megabytesPerSecond(run.options, client.rows, client.durationMs);
  const lines = [
    `Finished TestClient-${client.index} in ${ms}ms over ${client.rows} rows ` +
      `(${upTo2(mbps)} MB/s)`,
    `Latency (us) : ${latencyReport(client.latency)}`,
    `Num measures (latency) : ${client.latency.count}`,
  ];
  if (client.counters.emptyReads > 0) {
    lines.push(`Empty results (rows not found) : ${client.counters.emptyReads}`);
  }
  return lines;
}

export function summaryLines(run: PeRunResult): string[] {
  const durations = run.clients.map((c) => Math.round(c.durationMs));
  const sorted = [...durations].sort((a, b) => a - b);
  const total = sorted.reduce((sum, d) => sum + d, 0);
  const meanLatency =
    run.clients.reduce((sum, c) => sum + c.latency.mean, 0) / Math.max(1, run.clients.length);
  const test = run.className;
  const l = run.latency;
  return [
    `[${test}] Summary of timings (ms): [${durations.join(', ')}]`,
    `[${test} duration ]\tMin: ${sorted[0] ?? 0}ms\tMax: ${sorted[sorted.length - 1] ?? 0}ms` +
      `\tAvg: ${Math.floor(total / Math.max(1, sorted.length))}ms`,
    `[ Avg latency (us)]\t${Math.round(meanLatency)}`,
    `[ Avg TPS/QPS]\t${Math.round(run.avgTps)}\t row per second`,
    `Summary: ${run.options.test}, ${run.options.clients} client(s): ${thousands(run.rows)} rows ` +
      `in ${(run.elapsedMs / 1000).toFixed(3)} s = ${thousands(run.opsPerSecond)} ops/s; ` +
      `latency µs p50 ${thousands(l.p50)}, p95 ${thousands(l.p95)}, p99 ${thousands(l.p99)}, ` +
      `p99.9 ${thousands(l.p999)} (mean ${thousands(l.mean)}, max ${thousands(l.max)})`,
  ];
}
