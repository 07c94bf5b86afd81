// truncateTable through the SDK against a real master: the table comes back empty and ENABLED,
// with its split keys or with one region, its old regions' rows and directories gone, and puts
// work again; an enabled or unknown table is refused. Then a master taking over right after the
// truncate's one meta write (the state a master dying there leaves) finishes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Get, Put, Scan, type Table } from '../../../src/client/index.js';
import { truncatedRegions, truncateMutations } from '../../../src/master/table-truncate.js';
import { waitFor } from '../../support/dfs-mini-cluster.js';
import { DdlCluster, WAIT_MS } from './ddl-cluster.js';

async function rows(table: Table): Promise<string[]> {
  const out: string[] = [];
  for await (const row of table.getScanner(new Scan())) out.push(row.getRow()?.toString() ?? '');
  return out;
}

async function putRows(table: Table, keys: readonly string[]): Promise<void> {
  await table.put(keys.map((k) => new Put(k).addColumn('f', 'q', `v-${k}`)));
}

describe('truncateTable', () => {
  let cluster: DdlCluster;
  beforeAll(async () => {
    cluster = await DdlCluster.start();
  }, 60_000);
  afterAll(async () => cluster?.stop(), 60_000);

  it('keeps the split keys, empties the table, and takes puts again', async () => {
    const { admin, conn } = cluster;
    await admin.createTable({ name: 'keep', families: [{ name: 'f' }], splitKeys: ['g', 'n'] });
    const table = conn.getTable('keep');
    await putRows(table, ['a', 'h', 'p', 'z']);
    expect(await rows(table)).toEqual(['a', 'h', 'p', 'z']);
    const old = await cluster.metaRegions('keep');

    await expect(admin.truncateTable('keep')).rejects.toMatchObject({ code: 'TableNotDisabled' });
    await admin.disableTable('keep');
    await admin.truncateTable('keep');

    expect(await cluster.tableState('keep')).toBe('ENABLED');
    const fresh = await cluster.metaRegions('keep');
    expect(fresh.map((r) => r.startKey.toString())).toEqual(['', 'g', 'n']);
    expect(fresh.map((r) => r.endKey.toString())).toEqual(['g', 'n', '']);
    for (const info of fresh) {
      expect(old.map((o) => o.encodedName)).not.toContain(info.encodedName);
    }
    for (const info of old) expect(await cluster.exists(cluster.regionDir(info))).toBe(false);
    const regions = await admin.getRegions('keep');
    expect(regions.map((r) => r.state)).toEqual(['OPEN', 'OPEN', 'OPEN']);

    expect(await rows(table)).toEqual([]);
    expect((await table.get(new Get('h'))).isEmpty()).toBe(true);
    await putRows(table, ['b', 'o']);
    expect(await rows(table)).toEqual(['b', 'o']);
    expect((await table.get(new Get('o'))).getValue('f', 'q')?.toString()).toBe('v-o');
  }, 60_000);

  it('drops the split keys when asked: one region', async () => {
    const { admin, conn } = cluster;
    await admin.createTable({ name: 'drop', families: [{ name: 'f' }], splitKeys: ['k'] });
    const table = conn.getTable('drop');
    await putRows(table, ['a', 'x']);
    await admin.disableTable('drop');
    await admin.truncateTable('drop', false);
    const fresh = await cluster.metaRegions('drop');
    expect(fresh.length).toBe(1);
    expect(fresh[0]?.startKey.length).toBe(0);
    expect(fresh[0]?.endKey.length).toBe(0);
    expect(await rows(table)).toEqual([]);
    await putRows(table, ['m']);
    expect(await rows(table)).toEqual(['m']);
  }, 60_000);

  it('refuses an unknown table and bad arguments with typed errors', async () => {
    const { admin } = cluster;
    await expect(admin.truncateTable('nope')).rejects.toMatchObject({
      code: 'TableNotFound',
      message: expect.stringContaining('nope') as unknown,
    });
    const master = await cluster.active();
    await expect(master.ddl.truncateTable('nope')).rejects.toMatchObject({ code: 'TableNotFound' });
  });

  it('is finished by a master taking over right after its meta write', async () => {
    const second = await DdlCluster.start(2);
    try {
      const { admin, conn } = second;
      const [first, backup] = second.masters as [
        (typeof second.masters)[0],
        (typeof second.masters)[0],
      ];
      await admin.createTable({ name: 'tk', families: [{ name: 'f' }], splitKeys: ['m'] });
      const table = conn.getTable('tk');
      await putRows(table, ['a', 'q']);
      await admin.disableTable('tk');
      const old = await second.metaRegions('tk');
      const descriptor = first.ddl.describeTable('tk');

      // What the active master writes in one call, then it dies before doing anything else.
      const fresh = truncatedRegions('tk', old, true, 0);
      await second.writeMeta(truncateMutations(descriptor, old, fresh));
      await first.stop();

      await waitFor(() => backup.isActive, WAIT_MS, 'the backup to become active');
      await waitFor(
        async () => (await second.tableState('tk')) === 'ENABLED',
        WAIT_MS,
        'the truncated table to be enabled by the new master',
      );
      const inMeta = await second.metaRegions('tk');
      expect(inMeta.map((r) => r.encodedName)).toEqual(fresh.map((r) => r.encodedName));
      expect((await admin.getRegions('tk')).map((r) => r.state)).toEqual(['OPEN', 'OPEN']);
      expect(await rows(table)).toEqual([]);
      await putRows(table, ['b', 'z']);
      expect(await rows(table)).toEqual(['b', 'z']);
      // The old regions' directories may be left behind: garbage no meta row names.
      const status = backup.status().regions.map((r) => r.region);
      for (const info of fresh) expect(status).toContain(info.encodedName);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
