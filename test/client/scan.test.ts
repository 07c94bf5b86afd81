// Scans through the SDK across four regions on two servers, checked against a model (the loaded
// rows, bounded, ordered, filtered and limited by hand): forward and reversed, start and stop rows
// inclusive or not, prefixes, limits, caching, a filter, setBatch on wide rows; and the server
// scanners are closed on every way out.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect, Put, Scan, type Connection, type Table } from '../../src/client/index.js';
import { parseFilter } from '../../src/common/filter/index.js';
import { familyDescriptor, type TableDescriptor } from '../../src/common/operations.js';
import { ClientCluster } from './support/client-cluster.js';

const T: TableDescriptor = {
  name: 'scans',
  families: [familyDescriptor('f')],
  durability: 'USE_DEFAULT',
};
const SPLITS = ['g', 'n', 't'];
/** 52 rows a0, a1, ... z1; the value of xN is `v-xN`. */
const ROWS = Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i)).flatMap((l) => [
  `${l}0`,
  `${l}1`,
]);

interface ScanCase {
  start: string;
  startInclusive: boolean;
  stop: string;
  stopInclusive: boolean;
  reversed: boolean;
  limit: number | undefined;
  caching: number;
  filter: boolean;
}

/** What the scan must return, computed from ROWS by hand. */
function model(c: ScanCase): string[] {
  const cmp = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
  const rows = ROWS.filter((r) => {
    if (c.filter && !r.endsWith('1')) return false;
    if (c.start !== '') {
      const s = cmp(r, c.start);
      if (
        c.reversed
          ? s > 0 || (s === 0 && !c.startInclusive)
          : s < 0 || (s === 0 && !c.startInclusive)
      )
        return false;
    }
    if (c.stop !== '') {
      const s = cmp(r, c.stop);
      if (
        c.reversed ? s < 0 || (s === 0 && !c.stopInclusive) : s > 0 || (s === 0 && !c.stopInclusive)
      )
        return false;
    }
    return true;
  });
  if (c.reversed) rows.reverse();
  return c.limit === undefined ? rows : rows.slice(0, c.limit);
}

function scanOf(c: ScanCase): Scan {
  const scan = new Scan().setReversed(c.reversed).setCaching(c.caching);
  if (c.start !== '') scan.withStartRow(c.start, c.startInclusive);
  if (c.stop !== '') scan.withStopRow(c.stop, c.stopInclusive);
  if (c.limit !== undefined) scan.setLimit(c.limit);
  if (c.filter) scan.setFilter(parseFilter("ValueFilter(=, 'regexstring:1$')"));
  return scan;
}

async function rowsOf(table: Table, scan: Scan): Promise<string[]> {
  const out: string[] = [];
  for await (const result of table.getScanner(scan)) out.push(result.getRow()?.toString() ?? '');
  return out;
}

describe('scans across regions', () => {
  let cluster: ClientCluster;
  let conn: Connection;
  let table: Table;

  beforeEach(async () => {
    cluster = await ClientCluster.start();
    await cluster.createTable(T, SPLITS);
    conn = await connect({ coord: cluster.connectString, operationTimeoutMs: 10_000 });
    table = conn.getTable(T.name);
    await table.put(ROWS.map((r) => new Put(r).addColumn('f', 'v', `v-${r}`)));
  });

  afterEach(async () => {
    await conn?.close();
    await cluster?.stop();
  });

  it('returns exactly the rows the model gives, forward and reversed (property)', async () => {
    expect(await rowsOf(table, new Scan())).toEqual(ROWS);
    expect(await rowsOf(table, new Scan().setReversed(true))).toEqual([...ROWS].reverse());
    const key = fc.constantFrom(
      '',
      'a0',
      'f1',
      'g',
      'g0',
      'h',
      'm1',
      'n',
      'n0',
      's',
      't',
      'z1',
      'zz',
    );
    const cases = fc.record({
      start: key,
      startInclusive: fc.boolean(),
      stop: key,
      stopInclusive: fc.boolean(),
      reversed: fc.boolean(),
      limit: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
      caching: fc.integer({ min: 1, max: 7 }),
      filter: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        expect(await rowsOf(table, scanOf(c))).toEqual(model(c));
      }),
      { seed: 20_251, numRuns: 60 },
    );
  }, 60_000);

  it('scans a prefix either way, and cuts wide rows with setBatch', async () => {
    expect(await rowsOf(table, new Scan().setRowPrefixFilter('m'))).toEqual(['m0', 'm1']);
    expect(await rowsOf(table, new Scan().setRowPrefixFilter('n').setReversed(true))).toEqual([
      'n1',
      'n0',
    ]);
    const wide = new Put('h5');
    for (let q = 0; q < 7; q++) wide.addColumn('f', `q${q}`, `${q}`);
    await table.put(wide);
    const parts: number[] = [];
    const scan = new Scan().withStartRow('h1').withStopRow('i').setBatch(3).setCaching(2);
    for await (const r of table.getScanner(scan)) parts.push(r.size());
    // h1 (one cell), then h5's 7 cells (q0..q6) in 3 + 3 + 1.
    expect(parts).toEqual([1, 3, 3, 1]);
  });

  it('closes server scanners on break, on close and when the connection closes', async () => {
    const open = async () => {
      const counts = await Promise.all(cluster.servers.map(async (s) => s.status().openScanners));
      return counts.reduce((a, b) => a + b, 0);
    };
    for await (const r of table.getScanner(new Scan().setCaching(2))) {
      expect(r.getRow()?.toString()).toBe('a0');
      expect(await open()).toBe(1);
      break;
    }
    expect(await open()).toBe(0);
    const scanner = table.getScanner(new Scan().setCaching(2));
    await scanner.next();
    expect(await open()).toBe(1);
    await scanner.close();
    expect(await open()).toBe(0);
    expect((await scanner.next()).done).toBe(true);
    const left = table.getScanner(new Scan().setCaching(2).setReversed(true));
    expect((await left.next()).value?.getRow()?.toString()).toBe('z1');
    await conn.close();
    expect(await open()).toBe(0);
  });
});
