// Every PE test against an in-process cluster with tiny --rows: each runs, prints PE's lines and
// the summary, and leaves what HBase's would (rows written, counters incremented, values
// appended). The `colonnade pe` command runs through commander with HBase-style arguments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Get, Scan, type Connection } from '../../src/client/index.js';
import { peCommand } from '../../src/cli/pe-command.js';
import { MiniCluster } from '../../src/cluster/index.js';
import { SeededRng } from '../../src/common/rng.js';
import {
  formatRow,
  PE_TEST_NAMES,
  PeTableMissingError,
  resolvePeOptions,
  runPe,
  type PeOptionsInput,
  type PeRunResult,
} from '../../src/pe/index.js';

const ROWS = 20;
const CLIENTS = 2;

describe('colonnade pe on a MiniCluster', () => {
  let cluster: MiniCluster;
  let conn: Connection;

  beforeAll(async () => {
    cluster = await MiniCluster.start({
      regionServers: 1,
      rng: new SeededRng(8),
      namenodeTuning: { safeModeExtensionMs: 0 },
    });
    conn = await cluster.connect();
  }, 60_000);
  afterAll(() => cluster?.shutdown(), 60_000);

  async function run(
    input: Omit<PeOptionsInput, 'test'> & { test: string },
  ): Promise<{ result: PeRunResult; lines: string[] }> {
    const lines: string[] = [];
    const options = resolvePeOptions({ rows: ROWS, clients: CLIENTS, seed: 7, ...input });
    const result = await runPe(options, {
      connect: () => cluster.connect(),
      out: (line) => lines.push(line),
    });
    return { result, lines };
  }

  async function tableRows(table: string): Promise<number> {
    let rows = 0;
    for await (const _row of conn.getTable(table).getScanner(new Scan())) rows += 1;
    return rows;
  }

  it('refuses a read test before the table exists', async () => {
    await expect(run({ test: 'randomRead', table: 'Missing' })).rejects.toBeInstanceOf(
      PeTableMissingError,
    );
  }, 30_000);

  it('sequentialWrite writes every client its rows, through the buffered mutator', async () => {
    const { result, lines } = await run({ test: 'sequentialWrite', presplit: 2 });
    expect(result.rows).toBe(ROWS * CLIENTS);
    expect(result.table.created).toBe(true);
    expect(await tableRows('TestTable')).toBe(ROWS * CLIENTS);
    const value = (await conn.getTable('TestTable').get(new Get(formatRow(3)))).getValue(
      'info0',
      '0',
    );
    expect(value?.length).toBe(1000);
    expect(lines.some((l) => l.startsWith('Finished TestClient-0 in '))).toBe(true);
    expect(lines.some((l) => /^Latency \(us\) : mean=.*99\.9th=/.test(l))).toBe(true);
    expect(lines).toContain(
      `[SequentialWriteTest] Summary of timings (ms): [${result.clients
        .map((c) => Math.round(c.durationMs))
        .join(', ')}]`,
    );
    expect(lines.some((l) => l.startsWith('[ Avg TPS/QPS]\t'))).toBe(true);
    expect(lines.at(-1)).toMatch(
      /^Summary: sequentialWrite, 2 client\(s\): 40 rows in .* ops\/s; latency µs p50 .* p95 .* p99 .* p99\.9 /,
    );
    expect((await conn.getAdmin().getRegions('TestTable')).length).toBe(2);
  }, 30_000);

  it('runs every read and scan test on the written table', async () => {
    const reads = [
      'sequentialRead',
      'randomRead',
      'scan',
      'reverseScan',
      'randomSeekScan',
      'scanRange10',
      'scanRange100',
      'scanRange1000',
      'scanRange10000',
      'filterScan',
    ];
    for (const test of reads) {
      const { result, lines } = await run({ test, presplit: 2 });
      expect(result.rows, test).toBe(ROWS * CLIENTS);
      expect(result.counters.emptyReads, test).toBe(0);
      expect(lines.at(-1), test).toMatch(new RegExp(`^Summary: ${test}, `));
    }
    const scanned = await run({ test: 'scan', rows: 5 });
    expect(scanned.result.counters.scannedRows).toBe(10);
    const seek = await run({ test: 'randomSeekScan', rows: 2, clients: 1 });
    expect(seek.result.counters.scannedRows).toBeGreaterThan(0);
  }, 60_000);

  it('randomWrite with autoFlush and multiPut, randomRead with multiGet', async () => {
    const writes = await run({ test: 'randomWrite', autoFlush: true, multiPut: 7, presplit: 2 });
    expect(writes.result.rows).toBe(ROWS * CLIENTS);
    // 20 rows per client in batches of 7: two full batches timed; the last 6 go at takedown.
    expect(writes.result.clients.map((c) => c.latency.count)).toEqual([2, 2]);
    const reads = await run({ test: 'randomRead', multiGet: 4 });
    expect(reads.result.counters.emptyReads).toBe(0);
  }, 30_000);

  it('the CAS tests overlap on rows 0..rows and do their operation on each', async () => {
    const inc = await run({ test: 'increment', table: 'Cas', clients: 3, rows: 5 });
    expect(inc.result.clients.map((c) => c.startRow)).toEqual([0, 0, 0]);
    const counter = await conn.getTable('Cas').get(new Get(formatRow(4)));
    expect(counter.getValueAsBigInt('info0', 'IncrementTest')).toBe(3n);
    await run({ test: 'append', table: 'Cas', clients: 2, rows: 5 });
    const appended = await conn.getTable('Cas').get(new Get(formatRow(1)));
    expect(appended.getValue('info0', 'AppendTest')?.toString()).toBe(
      formatRow(1).toString().repeat(2),
    );
    for (const test of ['checkAndMutate', 'checkAndPut', 'checkAndDelete']) {
      const { result } = await run({ test, table: 'Cas', rows: 5 });
      expect(result.rows, test).toBe(10);
    }
    const deleted = await conn.getTable('Cas').get(new Get(formatRow(2)));
    expect(deleted.getValue('info0', 'CheckAndDeleteTest')).toBeUndefined();
    const mutated = await conn.getTable('Cas').get(new Get(formatRow(2)));
    expect(mutated.getValue('info0', 'CheckAndMutateTest')?.toString()).toBe(
      formatRow(2).toString(),
    );
  }, 30_000);

  it('covers every test name', () => {
    expect([...PE_TEST_NAMES].sort()).toEqual(
      [
        'sequentialWrite',
        'randomWrite',
        'sequentialRead',
        'randomRead',
        'randomSeekScan',
        'scan',
        'reverseScan',
        'scanRange10',
        'scanRange100',
        'scanRange1000',
        'scanRange10000',
        'filterScan',
        'increment',
        'append',
        'checkAndMutate',
        'checkAndPut',
        'checkAndDelete',
      ].sort(),
    );
  });

  it('`colonnade pe` runs with HBase-style arguments and prints the summary', async () => {
    let stdout = '';
    const io = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true } };
    const command = peCommand(io).exitOverride();
    await command.parseAsync(
      ['--coord', cluster.coord, '--rows=15', '--nomapred', '--table=Cli', 'sequentialWrite', '3'],
      { from: 'user' },
    );
    expect(stdout).toMatch(/^\[SequentialWriteTest\] 3 client\(s\) × 15 rows/m);
    expect(stdout).toMatch(/^Summary: sequentialWrite, 3 client\(s\): 45 rows in /m);
    expect(await tableRows('Cli')).toBe(45);
  }, 30_000);
});
