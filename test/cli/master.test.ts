// `colonnade master` as real processes beside real coordinator, filesystem and region server
// processes: two masters (one active, one backup); the SDK creates a table through the active one
// and writes; the active master is killed with -9, the backup takes over, and DDL and the data
// path work on (every row written before the kill reads back).
import { afterEach, describe, expect, it } from 'vitest';
import { connect, Get, Put } from '../../src/client/index.js';
import { CoordCluster } from '../support/coord-cluster.js';
import { waitFor } from '../support/dfs-mini-cluster.js';
import { DfsProcessCluster } from '../support/dfs-processes.js';
import { startMasterProcess as startMaster } from '../support/master-process.js';
import { killProcess, startRegionServerProcess } from '../support/region-server-process.js';

describe('colonnade master', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  }, 60_000);

  it('serves DDL, and a backup takes over when the active one is killed', async () => {
    const coord = await CoordCluster.start(1);
    cleanups.push(() => coord.stop());
    const dfs = await DfsProcessCluster.start(1);
    cleanups.push(() => dfs.stop());
    const rs = await startRegionServerProcess(coord.ensemble, dfs.namenode.address, [
      '--replication',
      '1',
    ]);
    cleanups.push(() => killProcess(rs.child));
    const first = await startMaster(coord.ensemble, dfs.namenode.address);
    cleanups.push(() => killProcess(first));
    const conn = await connect({ coord: coord.ensemble });
    cleanups.push(() => conn.close());
    const admin = conn.getAdmin();
    await admin.createTable({ name: 't', families: [{ name: 'f' }], splitKeys: ['m'] });
    const second = await startMaster(coord.ensemble, dfs.namenode.address);
    cleanups.push(() => killProcess(second));
    const table = conn.getTable('t');
    await table.put([new Put('a').addColumn('f', 'q', '1'), new Put('z').addColumn('f', 'q', '2')]);

    await killProcess(first);
    await admin.createTable({ name: 'u', families: [{ name: 'f' }] });
    expect((await admin.listTables()).map((t) => t.name)).toEqual(['t', 'u']);
    expect((await table.get(new Get('a'))).getValue('f', 'q')?.toString()).toBe('1');
    expect((await table.get(new Get('z'))).getValue('f', 'q')?.toString()).toBe('2');
    await conn.getTable('u').put(new Put('x').addColumn('f', 'q', '3'));
    expect((await conn.getTable('u').get(new Get('x'))).getValue('f', 'q')?.toString()).toBe('3');
  }, 120_000);

  it('finishes a createTable whose master was killed in the middle of it', async () => {
    const coord = await CoordCluster.start(1);
    cleanups.push(() => coord.stop());
    const dfs = await DfsProcessCluster.start(1);
    cleanups.push(() => dfs.stop());
    for (let i = 0; i < 2; i++) {
      const rs = await startRegionServerProcess(coord.ensemble, dfs.namenode.address, [
        '--replication',
        '1',
      ]);
      cleanups.push(() => killProcess(rs.child));
    }
    const first = await startMaster(coord.ensemble, dfs.namenode.address);
    cleanups.push(() => killProcess(first));
    const second = await startMaster(coord.ensemble, dfs.namenode.address);
    cleanups.push(() => killProcess(second));
    const conn = await connect({ coord: coord.ensemble, operationTimeoutMs: 30_000 });
    cleanups.push(() => conn.close());
    const admin = conn.getAdmin();
    const splitKeys = Array.from({ length: 15 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    const creating = admin.createTable({ name: 'wide', families: [{ name: 'f' }], splitKeys }).then(
      () => 'created',
      (error: unknown) => (error as { code?: string }).code ?? 'error',
    );
    // Kill the active master once the table row is in meta (the table is listed), mid-assignment.
    await waitFor(
      async () => (await admin.listTables().catch(() => [])).some((t) => t.name === 'wide'),
      20_000,
      'the table to be recorded',
    );
    await killProcess(first);
    await creating;
    // The backup resumes the ENABLING table: every region opens, each on exactly one server.
    await waitFor(
      async () => {
        const status = await admin.clusterStatus().catch(() => undefined);
        const open = status?.regions.filter((r) => r.state === 'OPEN') ?? [];
        return open.length === splitKeys.length + 2; // the table's regions and meta
      },
      30_000,
      'every region of the table to open',
    );
    const table = conn.getTable('wide');
    const rows = splitKeys.map((k) => `${k}-row`);
    await table.put(rows.map((row) => new Put(row).addColumn('f', 'q', row)));
    for (const row of rows) {
      expect((await table.get(new Get(row))).getValue('f', 'q')?.toString()).toBe(row);
    }
  }, 120_000);
});
