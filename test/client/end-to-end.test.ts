// CONTRACT.md's SDK example end to end, with a real master: in-process coordinator, filesystem,
// two region servers and the master; the client creates a table through Admin, then puts, gets,
// scans, deletes and increments through the regions the master opened.
import { afterEach, describe, expect, it } from 'vitest';
import { connect, Delete, Get, Increment, Put, Scan } from '../../src/client/index.js';
import { Master } from '../../src/master/master.js';
import { RegionServer } from '../../src/regionserver/service/region-server.js';
import { InProcessEnsemble } from '../support/coord-ensemble.js';
import { DfsMiniCluster } from '../support/dfs-mini-cluster.js';

describe('the SDK against a master and region servers', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  }, 60_000);

  it('runs the CONTRACT example', async () => {
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
    const admin = conn.getAdmin();
    await admin.createTable({
      name: 'users',
      families: [{ name: 'info', maxVersions: 3 }],
      splitKeys: ['g', 'n', 't'],
    });
    expect((await admin.listTables()).map((t) => t.name)).toEqual(['users']);
    expect((await admin.describeTable('users')).families[0]?.maxVersions).toBe(3);

    const users = conn.getTable('users');
    await users.put(new Put('ada').addColumn('info', 'name', 'Ada Lovelace'));
    await users.put([
      new Put('bob').addColumn('info', 'name', 'Bob'),
      new Put('cy').addColumn('info', 'name', 'Cy'),
      new Put('zed').addColumn('info', 'name', 'Zed'),
    ]);
    const r = await users.get(new Get('ada'));
    expect(r.getValue('info', 'name')?.toString()).toBe('Ada Lovelace');
    const rows: string[] = [];
    for await (const row of users.getScanner(new Scan().withStartRow('a').withStopRow('c'))) {
      rows.push(row.getRow()?.toString() ?? '');
    }
    expect(rows).toEqual(['ada', 'bob']);
    const all: string[] = [];
    for await (const row of users.getScanner(new Scan())) all.push(row.getRow()?.toString() ?? '');
    expect(all).toEqual(['ada', 'bob', 'cy', 'zed']);
    await users.delete(new Delete('bob'));
    expect((await users.get(new Get('bob'))).isEmpty()).toBe(true);
    await users.increment(new Increment('ada').addColumn('info', 'visits', 1n));
    const visits = await users.increment(new Increment('ada').addColumn('info', 'visits', 1n));
    expect(visits.getValueAsBigInt('info', 'visits')).toBe(2n);
    await expect(
      admin.createTable({ name: 'users', families: [{ name: 'info' }] }),
    ).rejects.toMatchObject({
      code: 'TableExists',
    });
    const status = await admin.clusterStatus();
    expect(status.servers.length).toBe(2);

    // Disable: data calls fail at once; enable: the data is back; delete: the table is gone.
    await expect(admin.deleteTable('users')).rejects.toMatchObject({ code: 'TableNotDisabled' });
    await admin.disableTable('users');
    conn.clearRegionCache('users');
    await expect(users.get(new Get('ada'))).rejects.toMatchObject({ code: 'TableNotEnabled' });
    await admin.enableTable('users');
    conn.clearRegionCache('users');
    expect((await users.get(new Get('ada'))).getValue('info', 'name')?.toString()).toBe(
      'Ada Lovelace',
    );
    await admin.disableTable('users');
    await admin.deleteTable('users');
    expect(await admin.listTables()).toEqual([]);
    conn.clearRegionCache('users');
    await expect(users.get(new Get('ada'))).rejects.toMatchObject({ code: 'TableNotFound' });
  }, 90_000);
});
