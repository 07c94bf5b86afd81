// MiniCluster: every role in this process. The CONTRACT SDK example runs against it; a region
// server started later joins, an aborted one's regions serve again elsewhere; shutdown stops
// everything and removes the temp dir; bad options are refused naming the value.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Delete, Get, Increment, Put, Scan } from '../../src/client/index.js';
import { MiniCluster } from '../../src/cluster/index.js';

/** Short, so that an aborted server's regions move soon. */
const SESSION_MS = 2_000;
const FAST_NAMENODE = { safeModeExtensionMs: 0 };

describe('MiniCluster', () => {
  const clusters: MiniCluster[] = [];
  afterEach(async () => {
    for (const cluster of clusters.splice(0)) await cluster.shutdown();
  }, 60_000);

  async function start(options: Parameters<typeof MiniCluster.start>[0]): Promise<MiniCluster> {
    const cluster = await MiniCluster.start(options);
    clusters.push(cluster);
    return cluster;
  }

  it('runs the CONTRACT SDK example and shuts down cleanly', async () => {
    const cluster = await start({
      regionServers: 2,
      masters: 2,
      sessionTimeoutMs: SESSION_MS,
      namenodeTuning: FAST_NAMENODE,
    });
    expect(cluster.coord).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(cluster.namenode).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(cluster.masters).toHaveLength(2);
    expect(cluster.regionServers).toHaveLength(2);
    const active = await cluster.waitForActiveMaster();
    expect(cluster.masters.filter((m) => m.isActive)).toEqual([active]);

    const conn = await cluster.connect();
    const admin = conn.getAdmin();
    await admin.createTable({
      name: 'users',
      families: [{ name: 'info', maxVersions: 3 }],
      splitKeys: ['g', 'n', 't'],
    });
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
    const visits = await users.increment(new Increment('ada').addColumn('info', 'visits', 1n));
    expect(visits.getValueAsBigInt('info', 'visits')).toBe(1n);
    expect((await admin.clusterStatus()).servers).toHaveLength(2);

    const dir = cluster.dataDir;
    expect(existsSync(dir)).toBe(true);
    await cluster.shutdown();
    expect(existsSync(dir)).toBe(false);
    expect(cluster.regionServers).toEqual([]);
    expect(cluster.masters).toEqual([]);
    await cluster.shutdown(); // twice is harmless
  }, 90_000);

  it('adds a region server, and serves again after one aborts', async () => {
    const cluster = await start({ sessionTimeoutMs: SESSION_MS, namenodeTuning: FAST_NAMENODE });
    const added = await cluster.startRegionServer();
    expect(cluster.regionServer(1)).toBe(added);
    await cluster.waitForLiveRegionServers(2);
    const conn = await cluster.connect();
    await conn.getAdmin().createTable({ name: 't', families: [{ name: 'f' }], splitKeys: ['m'] });
    const table = conn.getTable('t');
    await table.put([new Put('a').addColumn('f', 'q', '1'), new Put('z').addColumn('f', 'q', '2')]);

    await cluster.abortRegionServer(0);
    expect(() => cluster.regionServer(0)).toThrow(/no running region server 0/);
    await cluster.waitForLiveRegionServers(1);
    expect((await table.get(new Get('a'))).getValue('f', 'q')?.toString()).toBe('1');
    expect((await table.get(new Get('z'))).getValue('f', 'q')?.toString()).toBe('2');
    expect(cluster.regionServers).toEqual([added]);
  }, 90_000);

  it('refuses bad options naming the value', async () => {
    await expect(MiniCluster.start({ regionServers: -1 })).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('regionServers is -1') as unknown,
    });
    await expect(MiniCluster.start({ datanodes: 1, replication: 2 })).rejects.toThrow(
      /replication is 2; it must be an integer in 1\.\.1/,
    );
    await expect(MiniCluster.start({ coordinators: 1.5 })).rejects.toThrow(/coordinators is 1.5/);
  });
});
