// Bad input through the SDK against a master-run cluster: an unknown table or family, a disabled
// table, an oversized cell, a split at a region boundary, a merge of regions that do not touch, a
// move to a server that does not exist. Each fails with a typed error and its stable code, and the
// cluster keeps serving: a put and a get right after work, and so does the cluster status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Append, Delete, Get, Increment, Put, Scan, type Table } from '../../src/client/index.js';
import { CELL_BYTES_MAX, ROW_KEY_BYTES_MAX } from '../../src/common/limits.js';
import { errorCodeOf, expectTiled, scanRows, SdkCluster } from './support.js';

const TABLE = 'bad';
const SPLIT_KEYS = ['g', 'n', 't'];

describe('bad input through the SDK', () => {
  let cluster: SdkCluster;
  let table: Table;
  let written = 0;

  /** The cluster still serves: a new row reads back and the master answers. */
  async function expectServing(): Promise<void> {
    const row = `ok-${++written}`;
    await table.put(new Put(row).addColumn('f', 'q', `v${written}`));
    expect((await table.get(new Get(row))).getValue('f', 'q')?.toString()).toBe(`v${written}`);
    const status = await cluster.admin.clusterStatus();
    expect(status.servers.length).toBe(cluster.servers.length);
    expectTiled(await cluster.admin.getRegions(TABLE));
  }

  beforeAll(async () => {
    cluster = await SdkCluster.start({ regionServers: 2, seed: 4 });
    await cluster.admin.createTable({
      name: TABLE,
      families: [{ name: 'f' }],
      splitKeys: SPLIT_KEYS,
    });
    table = cluster.conn.getTable(TABLE);
    await table.put(new Put('a').addColumn('f', 'q', 'A'));
  }, 60_000);
  afterAll(() => cluster?.stop(), 60_000);

  it('refuses an unknown table with TableNotFound', async () => {
    const missing = cluster.conn.getTable('no-such-table');
    expect(await errorCodeOf(() => missing.get(new Get('a')))).toBe('TableNotFound');
    expect(await errorCodeOf(() => missing.put(new Put('a').addColumn('f', 'q', 'v')))).toBe(
      'TableNotFound',
    );
    expect(await errorCodeOf(() => scanRows(missing))).toBe('TableNotFound');
    expect(
      await errorCodeOf(() => missing.batch([new Get('a'), new Put('b').addColumn('f', 'q', 'v')])),
    ).toBe('TableNotFound');
    const admin = cluster.admin;
    expect(await errorCodeOf(() => admin.describeTable('no-such-table'))).toBe('TableNotFound');
    expect(await errorCodeOf(() => admin.disableTable('no-such-table'))).toBe('TableNotFound');
    expect(await errorCodeOf(() => admin.split('no-such-table', 'm'))).toBe('TableNotFound');
    expect(await errorCodeOf(() => admin.getRegions('no-such-table'))).toBe('TableNotFound');
    await expectServing();
  }, 30_000);

  it('refuses an unknown family with NoSuchColumnFamily', async () => {
    const code = 'NoSuchColumnFamily';
    expect(await errorCodeOf(() => table.put(new Put('b').addColumn('nope', 'q', 'v')))).toBe(code);
    expect(await errorCodeOf(() => table.get(new Get('a').addFamily('nope')))).toBe(code);
    expect(await errorCodeOf(() => table.delete(new Delete('a').addFamily('nope')))).toBe(code);
    expect(
      await errorCodeOf(() => table.increment(new Increment('a').addColumn('nope', 'n', 1n))),
    ).toBe(code);
    expect(await errorCodeOf(() => table.append(new Append('a').addColumn('nope', 'q', 'x')))).toBe(
      code,
    );
    expect(await errorCodeOf(() => scanRows(table, new Scan().addFamily('nope')))).toBe(code);
    // In a batch, the failed action is named and the others are applied.
    const batch = [
      new Put('h-batch').addColumn('f', 'q', 'fine'),
      new Put('h-batch').addColumn('nope', 'q', 'bad'),
    ];
    const failure = await table.batch(batch).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'RetriesExhaustedWithDetails' });
    const details = failure as { failures: { index: number; error: { code?: string } }[] };
    expect(details.failures.map((f) => [f.index, f.error.code])).toEqual([[1, code]]);
    expect((await table.get(new Get('h-batch'))).getValue('f', 'q')?.toString()).toBe('fine');
    // Nothing of a refused put is applied.
    const mixed = new Put('m-mixed').addColumn('f', 'q', 'x').addColumn('nope', 'q', 'y');
    expect(await errorCodeOf(() => table.put(mixed))).toBe(code);
    expect((await table.get(new Get('m-mixed'))).isEmpty()).toBe(true);
    await expectServing();
  }, 30_000);

  it('refuses a disabled table with TableNotEnabled; serves it again once enabled', async () => {
    const admin = cluster.admin;
    await admin.createTable({ name: 'off', families: [{ name: 'f' }], splitKeys: ['m'] });
    const off = cluster.conn.getTable('off');
    await off.put(new Put('x').addColumn('f', 'q', 'kept'));
    // The client has the regions' locations cached when the table goes off.
    await admin.disableTable('off');
    const code = 'TableNotEnabled';
    expect(await errorCodeOf(() => off.get(new Get('x')))).toBe(code);
    expect(await errorCodeOf(() => off.put(new Put('a').addColumn('f', 'q', 'v')))).toBe(code);
    expect(await errorCodeOf(() => scanRows(off))).toBe(code);
    expect(await errorCodeOf(() => admin.split('off', 'p'))).toBe(code);
    const other = await cluster.connect();
    expect(await errorCodeOf(() => other.getTable('off').get(new Get('x')))).toBe(code);
    await expectServing();
    await admin.enableTable('off');
    expect((await off.get(new Get('x'))).getValue('f', 'q')?.toString()).toBe('kept');
    expect(await scanRows(off)).toEqual(['x']);
  }, 30_000);

  it('refuses an oversized cell or row key before sending it', async () => {
    const big = Buffer.alloc(CELL_BYTES_MAX + 1);
    expect(await errorCodeOf(() => new Put('big').addColumn('f', 'q', big))).toBe('CellTooLarge');
    expect(await errorCodeOf(() => new Append('big').addColumn('f', 'q', big))).toBe(
      'CellTooLarge',
    );
    const longRow = Buffer.alloc(ROW_KEY_BYTES_MAX + 1, 0x61);
    expect(await errorCodeOf(() => new Put(longRow))).toBe('InvalidArgument');
    expect(await errorCodeOf(() => new Get(longRow))).toBe('InvalidArgument');
    expect(await errorCodeOf(() => table.put(new Put('empty')))).toBe('InvalidArgument');
    expect(await errorCodeOf(() => table.increment(new Increment('empty')))).toBe(
      'InvalidArgument',
    );
    // A value just under the limit goes through.
    const fits = Buffer.alloc(CELL_BYTES_MAX - 1024, 0x62);
    await table.put(new Put('large').addColumn('f', 'q', fits));
    expect((await table.get(new Get('large'))).getValue('f', 'q')?.length).toBe(fits.length);
    await expectServing();
  }, 30_000);

  it('refuses an increment of a value that is not a counter', async () => {
    await table.put(new Put('text').addColumn('f', 'q', 'not a long'));
    expect(
      await errorCodeOf(() => table.increment(new Increment('text').addColumn('f', 'q', 1n))),
    ).toBe('InvalidMutation');
    expect((await table.get(new Get('text'))).getValue('f', 'q')?.toString()).toBe('not a long');
    await expectServing();
  }, 30_000);

  it('refuses bad region operations with typed errors', async () => {
    const admin = cluster.admin;
    const regions = await admin.getRegions(TABLE);
    expect(regions.length).toBe(4);
    const [r0, r1, r2] = regions.map((r) => r.region);
    // A split at a region's boundary (its start row) is no split.
    expect(await errorCodeOf(() => admin.split(TABLE, 'n'))).toBe('InvalidArgument');
    expect(await errorCodeOf(() => admin.split(TABLE, ''))).toBe('InvalidArgument');
    expect(await errorCodeOf(() => admin.mergeRegions(r0 ?? '', r2 ?? ''))).toBe('MergeRegion');
    expect(await errorCodeOf(() => admin.mergeRegions(r0 ?? '', r0 ?? ''))).toBe('MergeRegion');
    expect(await errorCodeOf(() => admin.mergeRegions(r0 ?? '', 'no-such-region'))).toBe(
      'UnknownRegion',
    );
    expect(await errorCodeOf(() => admin.move(r1 ?? '', '127.0.0.1,1,1'))).toBe('InvalidArgument');
    expect(await errorCodeOf(() => admin.move(r1 ?? '', 'not a server name'))).toBe(
      'InvalidArgument',
    );
    expect(await errorCodeOf(() => admin.move('no-such-region'))).toBe('UnknownRegion');
    expect(
      await errorCodeOf(() => admin.createTable({ name: TABLE, families: [{ name: 'f' }] })),
    ).toBe('TableExists');
    // Split keys given twice, or empty (HBase sorts them, so their order is free).
    for (const splitKeys of [
      ['m', 'c', 'm'],
      ['c', ''],
    ]) {
      expect(
        await errorCodeOf(() =>
          admin.createTable({ name: 'bad-keys', families: [{ name: 'f' }], splitKeys }),
        ),
      ).toBe('InvalidArgument');
    }
    expect((await admin.listTables()).map((t) => t.name)).not.toContain('bad-keys');
    expect(await errorCodeOf(() => admin.deleteTable(TABLE))).toBe('TableNotDisabled');
    // Nothing moved, split or merged.
    const after = await admin.getRegions(TABLE);
    expect(after.map((r) => [r.region, r.server])).toEqual(
      regions.map((r) => [r.region, r.server]),
    );
    await expectServing();
  }, 60_000);
});
