// YCSB's TextMeasurementsExporter output: `[METRIC], measurement, value` lines — [OVERALL] run
// time and throughput (1000 × operations / run time in ms), then per operation its count, average,
// min, max, percentiles and `Return=STATUS` counts. Numbers print as Java prints them.
import { REPORTED_PERCENTILES, type MeasurementSummary } from './measurements.js';

/** Java's Double.toString for the values YCSB prints (shortest digits; E notation ≥ 10^7). */
export function javaDouble(value: number): string {
  if (!Number.isFinite(value))
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  const magnitude = Math.abs(value);
  if (magnitude === 0 || (magnitude >= 1e-3 && magnitude < 1e7)) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
  const digits = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${digits}E${exponent.replace('+', '')}`;
}

/** YCSB's ordinal(): 50 → "50th", 99.9 → "99.9". */
export function percentileLabel(percentile: number): string {
  if (percentile % 1 !== 0) return String(percentile);
  const j = Math.trunc(percentile);
  if ([11, 12, 13].includes(j % 100)) return `${j}th`;
  const suffixes = ['th', 'st', 'nd', 'rd', 'th', 'th', 'th', 'th', 'th', 'th'];
  return `${j}${suffixes[j % 10] ?? 'th'}`;
}

function line(metric: string, measurement: string, value: string): string {
  return `[${metric}], ${measurement}, ${value}`;
}

export function formatMeasurement(m: MeasurementSummary): string[] {
  const lines = [
    line(m.name, 'Operations', String(m.operations)),
    line(m.name, 'AverageLatency(us)', javaDouble(m.averageUs)),
    line(m.name, 'MinLatency(us)', String(m.minUs)),
    line(m.name, 'MaxLatency(us)', String(m.maxUs)),
  ];
  REPORTED_PERCENTILES.forEach((p, i) => {
    const label = `${percentileLabel(p)}PercentileLatency(us)`;
    lines.push(line(m.name, label, String(m.percentilesUs[i] ?? 0)));
  });
  for (const [status, count] of m.returns)
    lines.push(line(m.name, `Return=${status}`, String(count)));
  return lines;
}

/** The whole report of one phase (load or run). */
export function formatReport(
  runtimeMs: number,
  operations: number,
  measurements: readonly MeasurementSummary[],
): string {
  const runtime = Math.round(runtimeMs);
  const throughput = runtime === 0 ? 0 : (1000 * operations) / runtime;
  const lines = [
    line('OVERALL', 'RunTime(ms)', String(runtime)),
    line('OVERALL', 'Throughput(ops/sec)', javaDouble(throughput)),
    ...measurements.flatMap((m) =>
      m.operations === 0 && m.returns.size === 0 ? [] : formatMeasurement(m),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
