// modifyTable and the family conveniences through the SDK against a real master: an added family
// takes puts, a removed one is unreadable and its directories are gone, an altered maxVersions
// shows in gets at once; a disabled table is modified too; bad input gets typed errors. Then a
// master taking over a modify cut short after its meta write reopens the regions and finishes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Get, Put, type Table } from '../../../src/client/index.js';
import { familyDescriptor, type TableDescriptor } from '../../../src/common/operations.js';
import { tableRowPut } from '../../../src/master/meta/index.js';
import { waitFor } from '../../support/dfs-mini-cluster.js';
import { DdlCluster, WAIT_MS } from './ddl-cluster.js';

/** How many versions of f:q a get asking for every version returns. */
async function versions(table: Table, row: string, family = 'f'): Promise<number> {
  const result = await table.get(new Get(row).readAllVersions());
  return result.getColumnCells(family, 'q').length;
}

describe('modifyTable', () => {
  let cluster: DdlCluster;
  beforeAll(async () => {
    cluster = await DdlCluster.start();
  }, 60_000);
  afterAll(async () => cluster?.stop(), 60_000);

  it('adds a family that takes puts, and removes one with its data', async () => {
    const { admin, conn } = cluster;
    await admin.createTable({
      name: 'm',
      families: [{ name: 'f' }, { name: 'g' }],
      splitKeys: ['k'],
    });
    const table = conn.getTable('m');
    await table.put([
      new Put('a').addColumn('f', 'q', 'fa').addColumn('g', 'q', 'ga'),
      new Put('x').addColumn('f', 'q', 'fx').addColumn('g', 'q', 'gx'),
    ]);
    await admin.flush('m');
    await expect(table.put(new Put('a').addColumn('h', 'q', 'ha'))).rejects.toBeDefined();

    await admin.addColumnFamily('m', { name: 'h', maxVersions: 2 });
    const described = await admin.describeTable('m');
    expect(described.families.map((f) => f.name)).toEqual(['f', 'g', 'h']);
    expect(described.families[2]?.maxVersions).toBe(2);
    await table.put(new Put('a').addColumn('h', 'q', 'ha'));
    expect((await table.get(new Get('a'))).getValue('h', 'q')?.toString()).toBe('ha');
    expect((await table.get(new Get('x'))).getValue('g', 'q')?.toString()).toBe('gx');

    const regions = await cluster.metaRegions('m');
    const gDirs = regions.map((info) => `${cluster.regionDir(info)}/g`);
    expect(await cluster.exists(gDirs[0] as string)).toBe(true);
    await admin.deleteColumnFamily('m', 'g');
    expect((await admin.describeTable('m')).families.map((f) => f.name)).toEqual(['f', 'h']);
    for (const dir of gDirs) expect(await cluster.exists(dir)).toBe(false);
    const row = await table.get(new Get('x'));
    expect(row.getValue('g', 'q')).toBeUndefined();
    expect(row.getValue('f', 'q')?.toString()).toBe('fx');
    await expect(table.get(new Get('x').addFamily('g'))).rejects.toMatchObject({
      code: 'NoSuchColumnFamily',
    });
    await expect(table.put(new Put('x').addColumn('g', 'q', 'again'))).rejects.toBeDefined();
    expect(await cluster.tableState('m')).toBe('ENABLED');
  }, 60_000);

  it('alters maxVersions, visible in gets at once', async () => {
    const { admin, conn } = cluster;
    await admin.createTable({ name: 'v', families: [{ name: 'f', maxVersions: 3 }] });
    const table = conn.getTable('v');
    for (let ts = 1; ts <= 3; ts++) await table.put(new Put('r').addColumn('f', 'q', ts, `v${ts}`));
    expect(await versions(table, 'r')).toBe(3);
    await admin.modifyColumnFamily('v', { name: 'f', maxVersions: 1 });
    expect((await admin.describeTable('v')).families[0]?.maxVersions).toBe(1);
    expect(await versions(table, 'r')).toBe(1);
    await admin.modifyColumnFamily('v', { name: 'f', maxVersions: 5 });
    for (let ts = 10; ts <= 14; ts++)
      await table.put(new Put('s').addColumn('f', 'q', ts, `v${ts}`));
    expect(await versions(table, 's')).toBe(5);
    // Fields not given keep their values; modifyTable replaces the whole descriptor.
    const now = await admin.describeTable('v');
    expect(now.families[0]?.maxVersions).toBe(5);
    await admin.modifyTable({
      ...now,
      families: [{ name: 'f', maxVersions: 2 }],
      durability: 'SYNC_WAL',
    });
    expect(await admin.describeTable('v')).toMatchObject({ durability: 'SYNC_WAL' });
    expect(await versions(table, 's')).toBe(2);
  }, 60_000);

  it('modifies a disabled table: its removed family is gone when it is enabled again', async () => {
    const { admin, conn } = cluster;
    await admin.createTable({ name: 'd', families: [{ name: 'f' }, { name: 'g' }] });
    const table = conn.getTable('d');
    await table.put(new Put('r').addColumn('f', 'q', 'f1').addColumn('g', 'q', 'g1'));
    await admin.disableTable('d');
    const [info] = await cluster.metaRegions('d');
    const gDir = `${cluster.regionDir(info as NonNullable<typeof info>)}/g`;
    expect(await cluster.exists(gDir)).toBe(true);
    await admin.deleteColumnFamily('d', 'g');
    expect(await cluster.exists(gDir)).toBe(false);
    expect(await cluster.tableState('d')).toBe('DISABLED');
    await admin.enableTable('d');
    const row = await table.get(new Get('r'));
    expect(row.getValue('f', 'q')?.toString()).toBe('f1');
    expect(row.getValue('g', 'q')).toBeUndefined();
  }, 60_000);

  it('refuses bad modifications with typed errors naming the value', async () => {
    const { admin } = cluster;
    await admin.createTable({ name: 'bad', families: [{ name: 'f' }] });
    await expect(admin.addColumnFamily('bad', { name: 'f' })).rejects.toMatchObject({
      code: 'InvalidFamilyOperation',
      message: expect.stringContaining('f') as unknown,
    });
    await expect(admin.deleteColumnFamily('bad', 'zz')).rejects.toMatchObject({
      code: 'InvalidFamilyOperation',
      message: expect.stringContaining('zz') as unknown,
    });
    await expect(admin.modifyColumnFamily('bad', { name: 'zz' })).rejects.toMatchObject({
      code: 'InvalidFamilyOperation',
    });
    await expect(admin.deleteColumnFamily('bad', 'f')).rejects.toMatchObject({
      code: 'InvalidFamilyOperation',
      message: expect.stringContaining('only family') as unknown,
    });
    await expect(admin.modifyTable({ name: 'bad', families: [] })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await expect(
      admin.modifyTable({ name: 'bad', families: [{ name: 'f', maxVersions: 0 }] }),
    ).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('maxVersions') as unknown,
    });
    await expect(
      admin.modifyTable({ name: 'ghost', families: [{ name: 'f' }] }),
    ).rejects.toMatchObject({
      code: 'TableNotFound',
      message: expect.stringContaining('ghost') as unknown,
    });
    await expect(admin.addColumnFamily('ghost', { name: 'f' })).rejects.toMatchObject({
      code: 'TableNotFound',
    });
    expect((await admin.describeTable('bad')).families.map((f) => f.name)).toEqual(['f']);
  }, 60_000);

  it('is finished by a master taking over right after its meta write', async () => {
    const second = await DdlCluster.start(2);
    try {
      const { admin, conn } = second;
      const [first, backup] = second.masters;
      await admin.createTable({
        name: 'mt',
        families: [{ name: 'f' }, { name: 'g' }],
        splitKeys: ['m'],
      });
      const table = conn.getTable('mt');
      await table.put([
        new Put('a').addColumn('f', 'q', 'fa').addColumn('g', 'q', 'ga'),
        new Put('z').addColumn('f', 'q', 'fz').addColumn('g', 'q', 'gz'),
      ]);
      await admin.flush('mt');
      const regions = await second.metaRegions('mt');
      const next: TableDescriptor = {
        name: 'mt',
        families: [familyDescriptor('f'), familyDescriptor('h')],
        durability: 'USE_DEFAULT',
      };
      // What modify writes first (the new descriptor, the table ENABLING); the master dies then,
      // its regions still open with the old descriptor.
      await second.writeMeta([tableRowPut({ table: 'mt', state: 'ENABLING', descriptor: next })]);
      await first?.stop();

      await waitFor(() => backup?.isActive === true, WAIT_MS, 'the backup to become active');
      await waitFor(
        async () => (await second.tableState('mt')) === 'ENABLED',
        WAIT_MS,
        'the modified table to be enabled by the new master',
      );
      // Every region reopened with the new descriptor: h takes puts, g is gone from disk.
      await table.put([
        new Put('a').addColumn('h', 'q', 'ha'),
        new Put('z').addColumn('h', 'q', 'hz'),
      ]);
      expect((await table.get(new Get('z'))).getValue('h', 'q')?.toString()).toBe('hz');
      expect((await table.get(new Get('a'))).getValue('f', 'q')?.toString()).toBe('fa');
      for (const info of regions) {
        expect(await second.exists(`${second.regionDir(info)}/g`)).toBe(false);
      }
    } finally {
      await second.stop();
    }
  }, 60_000);
});
