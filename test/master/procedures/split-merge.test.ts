// Splits and merges through Admin against an in-process cluster (coordinator, filesystem, two
// region servers, a master): the daughters serve every row, meta's regions tile the table, and a
// merge brings the range back into one region.
import { afterEach, describe, expect, it } from 'vitest';
import { connect, Get, Put, Scan } from '../../../src/client/index.js';
import { Master } from '../../../src/master/master.js';
import { RegionServer } from '../../../src/regionserver/service/region-server.js';
import { InProcessEnsemble } from '../../support/coord-ensemble.js';
import { DfsMiniCluster } from '../../support/dfs-mini-cluster.js';

const ROWS = 300;
const rowKey = (i: number): string => `row${String(i).padStart(5, '0')}`;

describe('splits and merges', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  }, 60_000);

  async function cluster(
    serverOptions: { maxFileBytes?: number; splitCheckIntervalMs?: number } = {},
  ) {
    const ensemble = await InProcessEnsemble.start(1);
    cleanups.push(() => ensemble.stop());
    const dfs = await DfsMiniCluster.start(1);
    cleanups.push(() => dfs.shutdown());
    for (let i = 0; i < 2; i++) {
      const server = await RegionServer.start({
        namenode: dfs.namenodeAddress,
        port: 0,
        replication: 1,
        coord: ensemble.connectString,
        ...serverOptions,
      });
      cleanups.push(() => server.stop());
    }
    const master = await Master.start({
      coord: ensemble.connectString,
      namenode: dfs.namenodeAddress,
      port: 0,
    });
    cleanups.push(() => master.stop());
    const conn = await connect({ coord: ensemble.connectString });
    cleanups.push(() => conn.close());
    return { conn, master };
  }

  async function scanAll(table: ReturnType<Awaited<ReturnType<typeof connect>>['getTable']>) {
    const rows: string[] = [];
    for await (const row of table.getScanner(new Scan())) rows.push(row.getRow()?.toString() ?? '');
    return rows;
  }

  it('splits at a row and at the middle, then merges back', async () => {
    const { conn } = await cluster();
    const admin = conn.getAdmin();
    await admin.createTable({ name: 't', families: [{ name: 'f' }] });
    const t = conn.getTable('t');
    const puts = Array.from({ length: ROWS }, (_, i) =>
      new Put(rowKey(i)).addColumn('f', 'q', `v${i}`),
    );
    await t.put(puts);
    const expected = puts.map((_, i) => rowKey(i));

    await admin.split('t', rowKey(100));
    let regions = await admin.getRegions('t');
    expect(regions.map((r) => r.startKey.toString())).toEqual(['', rowKey(100)]);
    expect(regions.every((r) => r.state === 'OPEN')).toBe(true);
    expect(await scanAll(t)).toEqual(expected);

    await admin.split('t');
    regions = await admin.getRegions('t');
    expect(regions.length).toBe(4);
    for (let i = 1; i < regions.length; i++) {
      expect(regions[i]?.startKey.equals(regions[i - 1]?.endKey ?? Buffer.alloc(0))).toBe(true);
    }
    expect(await scanAll(t)).toEqual(expected);
    expect((await t.get(new Get(rowKey(250)))).getValue('f', 'q')?.toString()).toBe('v250');
    await t.put(new Put(rowKey(1000)).addColumn('f', 'q', 'after'));

    const [a, b] = regions;
    const merged = await admin.mergeRegions(a?.region ?? '', b?.region ?? '');
    regions = await admin.getRegions('t');
    expect(regions.length).toBe(3);
    expect(regions[0]?.region).toBe(merged);
    expect(await scanAll(t)).toEqual([...expected, rowKey(1000)]);
    await expect(
      admin.mergeRegions(regions[0]?.region ?? '', regions[2]?.region ?? ''),
    ).rejects.toMatchObject({ code: 'MergeRegion' });
  }, 120_000);

  it('a region server asks for a split once a region outgrows the threshold', async () => {
    const { conn } = await cluster({ maxFileBytes: 64 * 1024, splitCheckIntervalMs: 100 });
    const admin = conn.getAdmin();
    await admin.createTable({ name: 'grow', families: [{ name: 'f' }] });
    const t = conn.getTable('grow');
    const value = 'x'.repeat(200);
    const keys: string[] = [];
    for (let batch = 0; batch < 4; batch++) {
      const puts = Array.from({ length: 150 }, (_, i) => {
        const key = rowKey(batch * 150 + i);
        keys.push(key);
        return new Put(key).addColumn('f', 'q', value);
      });
      await t.put(puts);
      await admin.flush('grow');
    }
    const deadline = Date.now() + 30_000;
    let regions = await admin.getRegions('grow');
    while (regions.length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      regions = await admin.getRegions('grow');
    }
    expect(regions.length).toBeGreaterThanOrEqual(2);
    expect(await scanAll(t)).toEqual(keys);
  }, 120_000);
});
