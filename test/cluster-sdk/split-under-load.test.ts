// A table split twice (Admin.split) while four writers put distinct rows without pause and a
// scanner reads the whole table over and over: no scan returns a row twice or out of order or
// misses a row acknowledged before it started; afterwards a full scan reads every acknowledged row
// exactly once, and meta's regions tile the key space, every one OPEN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Put, Scan, type Table } from '../../src/client/index.js';
import { expectTiled, scanRows, SdkCluster, waitUntil, within } from './support.js';

const TABLE = 'load';
const WRITERS = 4;
/** A writer's puts at most, however long the splits take. */
const PUTS_PER_WRITER_MAX = 20_000;
/** Acknowledged rows to wait for before the first split, between the splits and after them. */
const ROWS_PER_PHASE = 300;
const SPLIT_ROWS = ['h', 'q'];
/** Rows per scanner call: small, so that one scan makes many calls while a split runs. */
const SCAN_CACHING_ROWS = 25;
const PHASE_WAIT_MS = 20_000;

/** Writer `w`'s row `n`: spread over the alphabet, distinct across writers. */
const rowKey = (w: number, n: number): string =>
  `${String.fromCharCode(97 + ((n * 7 + w * 3) % 26))}-${String(n).padStart(6, '0')}-w${w}`;

interface ScanRecord {
  readonly startMs: number;
  readonly endMs: number;
  readonly problems: string[];
}

/** Whether `rows` is strictly in scan order (so no row twice), naming the first fault. */
function orderProblems(rows: readonly string[], reversed = false): string[] {
  for (let i = 1; i < rows.length; i++) {
    const previous = rows[i - 1] as string;
    const row = rows[i] as string;
    const c = Buffer.compare(Buffer.from(previous), Buffer.from(row));
    if (reversed ? c <= 0 : c >= 0) {
      return [`${reversed ? 'reversed: ' : ''}row ${row} came after ${previous} (index ${i})`];
    }
  }
  return [];
}

/** What the writers and the scanner share and record. */
interface Load {
  readonly acked: Set<string>;
  readonly attempted: Set<string>;
  readonly writeErrors: unknown[];
  readonly scans: ScanRecord[];
  stop: boolean;
}

/** Writer `w`: distinct rows, one put after another, until told to stop. */
async function writer(load: Load, table: Table, w: number): Promise<void> {
  for (let n = 0; !load.stop && n < PUTS_PER_WRITER_MAX; n++) {
    const row = rowKey(w, n);
    load.attempted.add(row);
    try {
      await table.put(new Put(row).addColumn('f', 'q', `${w}:${n}`));
      load.acked.add(row);
    } catch (error) {
      load.writeErrors.push(error);
    }
  }
}

/**
 * Whole-table scans, forward and reversed in turn, until told to stop: each must be in order and
 * hold every row acknowledged before it started.
 */
async function scanner(load: Load, table: Table): Promise<void> {
  for (let n = 0; !load.stop; n++) {
    const reversed = n % 2 === 1;
    const before = [...load.acked];
    const startMs = performance.now();
    const problems: string[] = [];
    try {
      const scan = new Scan().setCaching(SCAN_CACHING_ROWS).setReversed(reversed);
      const rows = await scanRows(table, scan);
      problems.push(...orderProblems(rows, reversed));
      const seen = new Set(rows);
      const missing = before.filter((r) => !seen.has(r));
      if (missing.length > 0) problems.push(`missing ${missing.length}: ${missing[0]}...`);
    } catch (error) {
      problems.push(`scan failed: ${String(error)}`);
    }
    load.scans.push({ startMs, endMs: performance.now(), problems });
  }
}

describe('splits under a write load and during scans', () => {
  let cluster: SdkCluster;

  beforeAll(async () => {
    cluster = await SdkCluster.start({ regionServers: 2, seed: 5 });
  }, 60_000);
  afterAll(() => cluster?.stop(), 60_000);

  it('loses and repeats no row, and leaves meta consistent', async () => {
    const admin = cluster.admin;
    await admin.createTable({ name: TABLE, families: [{ name: 'f' }] });
    const writerTables = await Promise.all(
      Array.from({ length: WRITERS }, async () => (await cluster.connect()).getTable(TABLE)),
    );
    const scanTable = (await cluster.connect()).getTable(TABLE);
    const load: Load = {
      acked: new Set(),
      attempted: new Set(),
      writeErrors: [],
      scans: [],
      stop: false,
    };
    const { acked, attempted, scans } = load;
    const running = Promise.all([
      ...writerTables.map((t, w) => writer(load, t, w)),
      scanner(load, scanTable),
    ]);

    const splits: { startMs: number; endMs: number }[] = [];
    try {
      let target = ROWS_PER_PHASE;
      for (const row of SPLIT_ROWS) {
        await waitUntil(() => acked.size >= target, `${target} rows written`, PHASE_WAIT_MS);
        const startMs = performance.now();
        await admin.split(TABLE, row);
        splits.push({ startMs, endMs: performance.now() });
        target = acked.size + ROWS_PER_PHASE;
      }
      await waitUntil(() => acked.size >= target, `${target} rows written`, PHASE_WAIT_MS);
    } finally {
      load.stop = true;
      await within(running, 30_000, 'the writers and the scanner');
    }

    expect(load.writeErrors.map(String)).toEqual([]);
    expect(scans.flatMap((s) => s.problems)).toEqual([]);
    // Scans really ran across the splits.
    expect(splits.length).toBe(SPLIT_ROWS.length);
    for (const split of splits) {
      const overlapping = scans.filter((s) => s.startMs < split.endMs && s.endMs > split.startMs);
      expect(overlapping.length).toBeGreaterThan(0);
    }

    const rows = await scanRows(scanTable, new Scan());
    expect(orderProblems(rows)).toEqual([]);
    const seen = new Set(rows);
    expect([...acked].filter((r) => !seen.has(r))).toEqual([]);
    expect(rows.filter((r) => !attempted.has(r))).toEqual([]);
    expect(rows.length).toBe(acked.size);

    const regions = await admin.getRegions(TABLE);
    expectTiled(regions);
    expect(regions.map((r) => r.startKey.toString())).toEqual(['', ...SPLIT_ROWS]);
  }, 90_000);

  it('carries a scanner opened before a split on across it, either way', async () => {
    const admin = cluster.admin;
    await admin.createTable({ name: 'midscan', families: [{ name: 'f' }] });
    const table = cluster.conn.getTable('midscan');
    const all = Array.from({ length: 200 }, (_, i) => `row${String(i).padStart(4, '0')}`);
    await table.put(all.map((row) => new Put(row).addColumn('f', 'q', row)));
    // Each scan reads a few rows, a split cuts ahead of it (and one behind), then it reads on.
    const plans = [
      { reversed: false, ahead: 'row0150', behind: 'row0010' },
      { reversed: true, ahead: 'row0030', behind: 'row0190' },
    ];
    for (const { reversed, ahead, behind } of plans) {
      const scanner = table.getScanner(new Scan().setReversed(reversed).setCaching(7));
      const rows: string[] = [];
      for (let i = 0; i < 20; i++) {
        const next = await scanner.next();
        if (next.done === true) break;
        rows.push(next.value.getRow()?.toString() ?? '');
      }
      await admin.split('midscan', ahead);
      await admin.split('midscan', behind);
      for await (const r of scanner) rows.push(r.getRow()?.toString() ?? '');
      expect(rows).toEqual(reversed ? [...all].reverse() : all);
    }
    expectTiled(await admin.getRegions('midscan'));
  }, 60_000);
});
