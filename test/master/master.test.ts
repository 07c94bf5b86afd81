// The master for real (in-process coordinator, filesystem and two region servers): the active
// master assigns meta and publishes its location, creates a table whose regions open across the
// servers with their rows in meta; when it stops, the backup takes over from the records and the
// catalog in meta, and nothing moves.
import { afterEach, describe, expect, it } from 'vitest';
import { familyDescriptor } from '../../src/common/operations.js';
import { META_LOCATION_PATH } from '../../src/common/znodes.js';
import { CoordClient } from '../../src/coord/client/index.js';
import { Master } from '../../src/master/master.js';
import { regionsOf } from '../../src/master/region-layout.js';
import { MetaAccess } from '../../src/master/meta-access.js';
import { RpcClient } from '../../src/rpc/index.js';
import { RegionServer } from '../../src/regionserver/service/region-server.js';
import { InProcessEnsemble } from '../support/coord-ensemble.js';
import { DfsMiniCluster, waitFor } from '../support/dfs-mini-cluster.js';

const WAIT_MS = 30_000;

describe('master', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  }, 60_000);

  it('assigns meta, creates a table across servers, and hands over to a backup', async () => {
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
    const start = () =>
      Master.start({ coord: ensemble.connectString, namenode: dfs.namenodeAddress, port: 0 });
    const first = await start();
    cleanups.push(() => first.stop());
    const backup = await start();
    cleanups.push(() => backup.stop());
    await first.whenActive(WAIT_MS);
    expect(backup.isActive).toBe(false);

    const table = {
      name: 'users',
      families: [familyDescriptor('info')],
      durability: 'USE_DEFAULT',
    };
    const splits = ['g', 'n', 't'].map((k) => Buffer.from(k));
    await first.ddl.createTable(table, splits);
    await expect(first.ddl.createTable(table)).rejects.toMatchObject({ code: 'TableExists' });
    expect(first.ddl.listTables().map((t) => t.name)).toEqual(['users']);

    // Meta's location is published, and meta holds the table's rows with their servers.
    const coord = await CoordClient.connect({ ensemble: ensemble.connectString });
    cleanups.push(() => coord.close());
    const location = JSON.parse((await coord.getData(META_LOCATION_PATH)).data.toString()) as {
      server: string;
    };
    const rpc = new RpcClient();
    cleanups.push(async () => rpc.close());
    const meta = new MetaAccess(rpc, () => location.server);
    const contents = await meta.readAll();
    expect(contents.tables).toMatchObject([{ table: 'users', state: 'ENABLED' }]);
    const users = contents.regions.filter((r) => r.info.table === 'users');
    expect(users.map((r) => r.state)).toEqual(['OPEN', 'OPEN', 'OPEN', 'OPEN']);
    expect(new Set(users.map((r) => r.server?.port)).size).toBe(2);

    // The active master stops; the backup resumes from the records and the catalog in meta.
    const before = first.status().regions;
    await first.stop();
    await waitFor(() => backup.isActive, WAIT_MS, 'the backup to become active');
    expect(backup.ddl.listTables().map((t) => t.name)).toEqual(['users']);
    const sorted = (list: { region: string }[]) =>
      [...list].sort((a, b) => (a.region < b.region ? -1 : 1));
    expect(sorted(backup.status().regions)).toEqual(sorted(before));
  }, 90_000);

  it('cuts a table into regions at its split keys, refusing empty or repeated keys', () => {
    const regions = regionsOf('t', [Buffer.from('m'), Buffer.from('c')], 7);
    expect(regions.map((r) => [r.startKey.toString(), r.endKey.toString()])).toEqual([
      ['', 'c'],
      ['c', 'm'],
      ['m', ''],
    ]);
    expect(() => regionsOf('t', [Buffer.alloc(0)], 1)).toThrow('empty');
    expect(() => regionsOf('t', [Buffer.from('a'), Buffer.from('a')], 1)).toThrow('twice');
  });
});
