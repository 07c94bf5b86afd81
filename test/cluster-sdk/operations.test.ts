// Every data operation of CONTRACT.md's SDK through a master-run cluster, on a table of four
// regions, checked against an in-test model: put, get, exists, delete, batch, checkAndMutate,
// mutateRow, append, increment, versions and filters on Get (scans: scans-filters.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Append,
  CheckAndMutate,
  Delete,
  Get,
  Increment,
  Put,
  RowMutations,
  Scan,
  type Table,
} from '../../src/client/index.js';
import type { FilterSpec } from '../../src/common/filter/spec.js';
import { resultCells, resultText, RowModel } from './row-model.js';
import { LETTER_ROWS, scanResults, SdkCluster, seedRows } from './support.js';

const TABLE = 'ops';
const SPLIT_KEYS = ['g', 'n', 't'];

describe('every SDK operation through the cluster', () => {
  let cluster: SdkCluster;
  let table: Table;
  const model = new RowModel();

  /** The whole table, as a scan reads it, equals the model. */
  async function expectTableMatches(): Promise<void> {
    const rows = (await scanResults(table, new Scan())).map(resultText);
    expect(rows).toEqual(model.scan());
  }

  beforeAll(async () => {
    cluster = await SdkCluster.start({ regionServers: 2, seed: 2 });
    await cluster.admin.createTable({
      name: TABLE,
      families: [{ name: 'f', maxVersions: 3 }, { name: 'g' }],
      splitKeys: SPLIT_KEYS,
    });
    expect((await cluster.admin.getRegions(TABLE)).length).toBe(4);
    table = cluster.conn.getTable(TABLE);
    await seedRows(table, model, LETTER_ROWS);
  }, 60_000);
  afterAll(() => cluster?.stop(), 60_000);

  it('puts, gets, exists and deletes', async () => {
    expect(resultCells(await table.get(new Get('m1')))).toEqual(model.get('m1'));
    await table.put(new Put('m1').addColumn('f', 'new', 'x'));
    model.put('m1', 'f', 'new', 'x');
    expect(resultCells(await table.get(new Get('m1')))).toEqual(model.get('m1'));
    const gets = ['a1', 'missing', 'h2', 'z2', 'o1'].map((r) => new Get(r));
    const results = await table.get(gets);
    expect(results.map(resultCells)).toEqual(
      ['a1', 'missing', 'h2', 'z2', 'o1'].map((r) => model.get(r)),
    );
    expect(results[1]?.isEmpty()).toBe(true);
    // Columns and families selected.
    const narrowed = await table.get(new Get('a1').addColumn('f', 'v').addFamily('g'));
    expect(resultCells(narrowed)).toEqual(
      model.get('a1', (f, q) => f === 'g' || q.toString() === 'v'),
    );
    expect(await table.exists(new Get('t2'))).toBe(true);
    expect(await table.exists(new Get('t3'))).toBe(false);
    expect(
      await table.exists([new Get('b1'), new Get('nope'), new Get('u1').addFamily('g')]),
    ).toEqual([true, false, model.get('u1', (f) => f === 'g').length > 0]);

    await table.delete(new Delete('b1').addColumns('f', 'a'));
    model.deleteColumn('b1', 'f', 'a');
    await table.delete(new Delete('h1').addFamily('g'));
    model.deleteFamily('h1', 'g');
    await table.delete([new Delete('n1'), new Delete('y2')]);
    model.deleteRow('n1');
    model.deleteRow('y2');
    expect((await table.get(new Get('n1'))).isEmpty()).toBe(true);
    await expectTableMatches();
  }, 30_000);

  it('runs a batch of every action kind across the regions', async () => {
    const actions = [
      new Put('c9').addColumn('f', 'a', 'batch-put'),
      new Get('k1'),
      new Delete('q2'),
      new Increment('w1').addColumn('g', 'n', 5n),
      new Append('s1').addColumn('f', 'a', '+app'),
      new RowMutations('e1').add([
        new Put('e1').addColumn('g', 'rm', 'yes'),
        new Delete('e1').addColumns('f', 'v'),
      ]),
      new Get('zz-missing'),
    ];
    const expectedGet = model.get('k1');
    const results = await table.batch(actions);
    model.put('c9', 'f', 'a', 'batch-put');
    model.deleteRow('q2');
    const counter = model.increment('w1', 'g', 'n', 5n);
    const appended = model.append('s1', 'f', 'a', '+app');
    model.put('e1', 'g', 'rm', 'yes');
    model.deleteColumn('e1', 'f', 'v');
    expect(results.length).toBe(actions.length);
    expect(results[0]?.isEmpty()).toBe(true);
    expect(resultCells(results[1] ?? expect.fail('no result'))).toEqual(expectedGet);
    expect(results[2]?.isEmpty()).toBe(true);
    expect(results[3]?.getValueAsBigInt('g', 'n')).toBe(counter);
    expect(results[4]?.getValue('f', 'a')).toEqual(appended);
    expect(results[5]?.isEmpty()).toBe(true);
    expect(results[6]?.isEmpty()).toBe(true);
    await expectTableMatches();
  }, 30_000);

  it('checks and mutates, mutates rows, appends and increments', async () => {
    const ifEquals = (row: string, value: string, put: Put) =>
      table.checkAndMutate(CheckAndMutate.newBuilder(row).ifEquals('f', 'a', value).build(put));
    expect(
      (await ifEquals('d1', 'wrong', new Put('d1').addColumn('f', 'a', 'x'))).isSuccess(),
    ).toBe(false);
    expect(
      (await ifEquals('d1', 'd1:a', new Put('d1').addColumn('f', 'a', 'cas'))).isSuccess(),
    ).toBe(true);
    model.put('d1', 'f', 'a', 'cas');
    const notExists = CheckAndMutate.newBuilder('p1')
      .ifNotExists('g', 'flag')
      .build(new Put('p1').addColumn('g', 'flag', 'set'));
    expect((await table.checkAndMutate(notExists)).isSuccess()).toBe(true);
    expect((await table.checkAndMutate(notExists)).isSuccess()).toBe(false);
    model.put('p1', 'g', 'flag', 'set');
    // `value op stored`: '9' > stored '1' ... the row's f:v is a digit below 5.
    const stored = model.value('r1', 'f', 'v')?.toString() ?? '';
    const greater = CheckAndMutate.newBuilder('r1')
      .ifMatches('f', 'v', 'GREATER', '9')
      .build(new Delete('r1').addFamily('g'));
    expect((await table.checkAndMutate(greater)).isSuccess()).toBe('9' > stored);
    model.deleteFamily('r1', 'g');
    const incrementIf = CheckAndMutate.newBuilder('x1')
      .ifEquals('f', 'a', 'x1:a')
      .build(new Increment('x1').addColumn('g', 'hits', 2n));
    const camIncrement = await table.checkAndMutate(incrementIf);
    expect(camIncrement.isSuccess()).toBe(true);
    expect(camIncrement.getResult().getValueAsBigInt('g', 'hits')).toBe(
      model.increment('x1', 'g', 'hits', 2n),
    );

    const mutations = new RowMutations('j1').add([
      new Put('j1').addColumn('f', 'b', 'atomic'),
      new Delete('j1').addColumns('f', 'a'),
    ]);
    expect((await table.mutateRow(mutations)).isEmpty()).toBe(true);
    model.put('j1', 'f', 'b', 'atomic');
    model.deleteColumn('j1', 'f', 'a');

    const app = await table.append(
      new Append('v2').addColumn('f', 'a', '-1').addColumn('g', 'z', 'new'),
    );
    expect(app.getValue('f', 'a')).toEqual(model.append('v2', 'f', 'a', '-1'));
    expect(app.getValue('g', 'z')).toEqual(model.append('v2', 'g', 'z', 'new'));
    const inc = await table.increment(
      new Increment('f2').addColumn('g', 'n', 10n).addColumn('g', 'm', -3n),
    );
    expect(inc.getValueAsBigInt('g', 'n')).toBe(model.increment('f2', 'g', 'n', 10n));
    expect(inc.getValueAsBigInt('g', 'm')).toBe(model.increment('f2', 'g', 'm', -3n));
    expect(await table.incrementColumnValue('f2', 'g', 'n', 1n)).toBe(
      model.increment('f2', 'g', 'n', 1n),
    );
    const quiet = await table.increment(
      new Increment('f2').addColumn('g', 'n', 1n).setReturnResults(false),
    );
    expect(quiet.isEmpty()).toBe(true);
    model.increment('f2', 'g', 'n', 1n);
    await expectTableMatches();
  }, 30_000);

  it('keeps and reads versions', async () => {
    const row = 'vers';
    for (const ts of [1000, 2000, 3000, 4000]) {
      await table.put(new Put(row).addColumn('f', 'x', ts, `at${ts}`));
    }
    model.put(row, 'f', 'x', 'at4000');
    const versions = async (get: Get) =>
      (await table.get(get)).getColumnCells('f', 'x').map((c) => c.value.toString());
    expect(await versions(new Get(row))).toEqual(['at4000']);
    expect(await versions(new Get(row).readAllVersions())).toEqual(['at4000', 'at3000', 'at2000']);
    expect(await versions(new Get(row).readVersions(2))).toEqual(['at4000', 'at3000']);
    expect(await versions(new Get(row).readAllVersions().setTimeRange(2000, 4000))).toEqual([
      'at3000',
      'at2000',
    ]);
    expect(await versions(new Get(row).setTimestamp(3000))).toEqual(['at3000']);
    await table.delete(new Delete(row).addColumn('f', 'x', 4000));
    expect(await versions(new Get(row))).toEqual(['at3000']);
    model.put(row, 'f', 'x', 'at3000');
    await expectTableMatches();
  }, 30_000);

  it('filters Gets', async () => {
    const get = (filter: FilterSpec) => table.get(new Get('c2').setFilter(filter));
    const qualifierA: FilterSpec = {
      type: 'QualifierFilter',
      op: 'EQUAL',
      comparator: { type: 'binary', value: Buffer.from('a') },
    };
    expect(resultCells(await get(qualifierA))).toEqual(
      model.get('c2', (_f, q) => q.toString() === 'a'),
    );
    const familyG: FilterSpec = {
      type: 'FamilyFilter',
      op: 'EQUAL',
      comparator: { type: 'binary', value: Buffer.from('g') },
    };
    expect(resultCells(await get(familyG))).toEqual(model.get('c2', (f) => f === 'g'));
    const noRow: FilterSpec = {
      type: 'RowFilter',
      op: 'EQUAL',
      comparator: { type: 'binary', value: Buffer.from('other') },
    };
    expect((await get(noRow)).isEmpty()).toBe(true);
    expect(
      resultCells(await get({ type: 'ColumnPrefixFilter', prefix: Buffer.from('v') })),
    ).toEqual(model.get('c2', (_f, q) => q.toString().startsWith('v')));
  }, 30_000);
});
