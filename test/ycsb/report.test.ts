// The YCSB text output (TextMeasurementsExporter's lines, Java's number formatting, YCSB's
// percentile ordinals), the markdown record, the ratio lines and the settings from the environment.
import { describe, expect, it } from 'vitest';
import type { PhaseResult } from '../../bench/ycsb/driver.js';
import { cpuPerOperation, sampleCpu } from '../../bench/ycsb/cpu.js';
import { Measurements } from '../../bench/ycsb/measurements.js';
import {
  QUICK_OPERATIONS,
  QUICK_RECORDS,
  RECORDS_DEFAULT,
  settingsFromEnv,
} from '../../bench/ycsb/settings.js';
import {
  markdownSummary,
  ratios,
  throughput,
  type SystemResults,
} from '../../bench/ycsb/summary.js';
import { formatReport, javaDouble, percentileLabel } from '../../bench/ycsb/text-format.js';
import type { WorkloadId } from '../../bench/ycsb/workloads.js';

function phase(runtimeMs: number, operations: number): PhaseResult {
  const m = new Measurements();
  for (let i = 1; i <= 100; i += 1) m.record('READ', 'OK', i * 10);
  m.record('UPDATE', 'ERROR', 5000);
  m.measure('READ-MODIFY-WRITE', 700);
  m.reportStatus('READ-MODIFY-WRITE', 'OK');
  const summaries = m.summaries();
  m.destroy();
  return { runtimeMs, operations, summaries };
}

describe('YCSB output', () => {
  it('prints Java doubles', () => {
    expect(javaDouble(1234)).toBe('1234.0');
    expect(javaDouble(98911.5)).toBe('98911.5');
    expect(javaDouble(12_345_678.5)).toBe('1.23456785E7');
    expect(javaDouble(0)).toBe('0.0');
  });

  it('names percentiles with ordinals', () => {
    expect([50, 95, 99, 99.9, 1, 2, 3, 11, 12, 13, 21].map(percentileLabel)).toEqual([
      '50th',
      '95th',
      '99th',
      '99.9',
      '1st',
      '2nd',
      '3rd',
      '11th',
      '12th',
      '13th',
      '21st',
    ]);
  });

  it('writes [OVERALL] and per-operation lines, failures apart', () => {
    const text = formatReport(2000, 102, phase(2000, 102).summaries);
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      '[OVERALL], RunTime(ms), 2000',
      '[OVERALL], Throughput(ops/sec), 51.0',
    ]);
    expect(lines).toContain('[READ], Operations, 100');
    expect(lines).toContain('[READ], AverageLatency(us), 505.0');
    expect(lines).toContain('[READ], MinLatency(us), 10');
    expect(lines).toContain('[READ], MaxLatency(us), 1000');
    expect(lines).toContain('[READ], 50thPercentileLatency(us), 500');
    expect(lines).toContain('[READ], 95thPercentileLatency(us), 950');
    expect(lines).toContain('[READ], 99thPercentileLatency(us), 990');
    expect(lines).toContain('[READ], Return=OK, 100');
    expect(lines).toContain('[UPDATE-FAILED], Operations, 1');
    expect(lines).toContain('[UPDATE], Return=ERROR, 1');
    expect(lines).toContain('[READ-MODIFY-WRITE], Operations, 1');
    expect(lines).toContain('[READ-MODIFY-WRITE], Return=OK, 1');
    for (const l of lines) expect(l).toMatch(/^\[[A-Z-]+\], [^,]+, [-0-9.E]+$/);
  });
});

describe('YCSB summary', () => {
  const runs = (ms: Partial<Record<WorkloadId, number>>): Map<WorkloadId, PhaseResult> =>
    new Map(
      Object.entries(ms).map(([id, runtimeMs]) => [id as WorkloadId, phase(runtimeMs, 1000)]),
    );
  const results: SystemResults[] = [
    {
      name: 'colonnade',
      label: 'Colonnade',
      load: phase(1000, 1000),
      runs: runs({ a: 100, b: 100, c: 100, f: 100, e: 100 }),
    },
    {
      name: 'postgres',
      label: 'PostgreSQL 15',
      load: phase(1000, 1000),
      runs: runs({ a: 200, b: 100, c: 50, f: 400, e: 100 }),
    },
    { name: 'redis', label: 'Redis 7', load: undefined, runs: runs({ a: 50, b: 50, c: 50 }) },
  ];

  it('computes throughput as YCSB does', () => {
    expect(throughput(phase(250, 1000))).toBe(4000);
  });

  it('gives Colonnade over PostgreSQL for A, B, C, F and over Redis for A, B, C', () => {
    expect(ratios(results)).toEqual([
      { name: 'ycsb-a-vs-postgres', value: 2 },
      { name: 'ycsb-b-vs-postgres', value: 1 },
      { name: 'ycsb-c-vs-postgres', value: 0.5 },
      { name: 'ycsb-f-vs-postgres', value: 4 },
      { name: 'ycsb-a-vs-redis', value: 0.5 },
      { name: 'ycsb-b-vs-redis', value: 0.5 },
      { name: 'ycsb-c-vs-redis', value: 0.5 },
    ]);
    expect(ratios(results.slice(1))).toEqual([]);
  });

  it('writes a markdown record with throughput and latency tables', () => {
    const md = markdownSummary(results, ['a', 'e'], 'settings');
    expect(md).toContain('| workload | Colonnade ops/s | PostgreSQL 15 ops/s | Redis 7 ops/s |');
    expect(md).toContain('| A: Update heavy | 10,000 | 5,000 | 20,000 |');
    expect(md).toContain('| E: Short ranges | 10,000 | 10,000 | – |');
    expect(md).toContain('| load (insert) | 1,000 | 1,000 | – |');
    expect(md).toMatch(/\| A \| READ \| 505 \/ 950 \/ 990 \|/);
  });
});

describe('YCSB settings', () => {
  it('has CI-size defaults and a quick version', () => {
    const full = settingsFromEnv({});
    expect([full.recordcount, full.threads, full.workloads, full.systems]).toEqual([
      RECORDS_DEFAULT,
      16,
      ['a', 'b', 'c', 'f', 'd', 'e'],
      ['colonnade', 'postgres', 'redis'],
    ]);
    const quick = settingsFromEnv({ BENCH_QUICK: '1' });
    expect([quick.recordcount, quick.operationcount, quick.scanOperationcount]).toEqual([
      QUICK_RECORDS,
      QUICK_OPERATIONS,
      QUICK_OPERATIONS / 10,
    ]);
  });

  it('keeps YCSB order and refuses bad values, naming them', () => {
    expect(settingsFromEnv({ BENCH_YCSB_WORKLOADS: 'e,a,d' }).workloads).toEqual(['a', 'd', 'e']);
    expect(() => settingsFromEnv({ BENCH_YCSB_RECORDS: '-3' })).toThrow(/BENCH_YCSB_RECORDS is -3/);
    expect(() => settingsFromEnv({ BENCH_YCSB_SYSTEMS: 'mysql' })).toThrow(/mysql/);
  });
});

describe('YCSB CPU accounting', () => {
  it('divides the client and server CPU of a phase by its operations', () => {
    const before = {
      clientMicros: 1_000,
      servers: new Map([
        [10, 500],
        [11, 100],
      ]),
    };
    // pid 12 appeared during the phase: not counted (no starting value).
    const after = {
      clientMicros: 101_000,
      servers: new Map([
        [10, 600],
        [11, 200],
        [12, 50],
      ]),
    };
    expect(cpuPerOperation(before, after, 1000)).toEqual({ clientUs: 100, serverUs: 200 });
  });

  it('reads this process and its own stat from /proc', () => {
    const sample = sampleCpu([process.pid]);
    expect(sample.clientMicros).toBeGreaterThan(0);
    expect(sample.servers.get(process.pid)).toBeGreaterThanOrEqual(0);
  });

  it('adds a CPU table to the record', () => {
    const cpu = new Map([['load' as const, { clientUs: 90.4, serverUs: 150.6 }]]);
    const md = markdownSummary(
      [{ name: 'colonnade', label: 'Colonnade', load: undefined, runs: new Map(), cpu }],
      [],
      's',
    );
    expect(md).toContain('| load | 90 + 151 |');
  });
});
