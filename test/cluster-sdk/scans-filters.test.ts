// Scans through a master-run cluster on a table of four regions, checked against an in-test
// model: forward and reversed across regions with start and stop rows (boundaries and missing
// rows too), prefixes, limits, caching and batches, and server-side filters either way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scan, type Table } from '../../src/client/index.js';
import type { FilterSpec } from '../../src/common/filter/spec.js';
import { resultText, RowModel, type RowText } from './row-model.js';
import { LETTER_ROWS, scanResults, SdkCluster, seedRows } from './support.js';

const TABLE = 'scans';
const SPLIT_KEYS = ['g', 'n', 't'];
const bin = (v: string) => ({ type: 'binary' as const, value: Buffer.from(v) });

interface FilterCase {
  readonly name: string;
  readonly filter: FilterSpec;
  readonly expected: (reversed: boolean) => RowText[];
}

describe('scans and filters through the cluster', () => {
  let cluster: SdkCluster;
  let table: Table;
  const model = new RowModel();
  const scanText = async (scan: Scan): Promise<RowText[]> =>
    (await scanResults(table, scan)).map(resultText);

  beforeAll(async () => {
    cluster = await SdkCluster.start({ regionServers: 2, seed: 3 });
    await cluster.admin.createTable({
      name: TABLE,
      families: [{ name: 'f' }, { name: 'g' }],
      splitKeys: SPLIT_KEYS,
    });
    table = cluster.conn.getTable(TABLE);
    await seedRows(table, model, LETTER_ROWS);
    expect(model.scan().length).toBe(LETTER_ROWS.length);
  }, 60_000);
  afterAll(() => cluster?.stop(), 60_000);

  it('scans forward and reversed across regions with start and stop rows', async () => {
    const cases: { scan: () => Scan; expected: () => RowText[] }[] = [
      { scan: () => new Scan(), expected: () => model.scan() },
      {
        scan: () => new Scan().setReversed(true),
        expected: () => model.scan({ reversed: true }),
      },
      {
        scan: () => new Scan().withStartRow('e2').withStopRow('u1'),
        expected: () => model.scan({ start: 'e2', stop: 'u1' }),
      },
      {
        scan: () => new Scan().withStartRow('e2', false).withStopRow('u1', true),
        expected: () =>
          model.scan({ start: 'e2', startInclusive: false, stop: 'u1', stopInclusive: true }),
      },
      {
        scan: () => new Scan().withStartRow('u1').withStopRow('e2').setReversed(true),
        expected: () => model.scan({ start: 'u1', stop: 'e2', reversed: true }),
      },
      {
        scan: () => new Scan().withStartRow('u1', false).withStopRow('e2', true).setReversed(true),
        expected: () =>
          model.scan({
            start: 'u1',
            startInclusive: false,
            stop: 'e2',
            stopInclusive: true,
            reversed: true,
          }),
      },
      // Bounds that are region boundaries, and rows that do not exist.
      {
        scan: () => new Scan().withStartRow('g').withStopRow('t'),
        expected: () => model.scan({ start: 'g', stop: 't' }),
      },
      {
        scan: () => new Scan().withStartRow('t').withStopRow('g').setReversed(true),
        expected: () => model.scan({ start: 't', stop: 'g', reversed: true }),
      },
      {
        scan: () => new Scan().withStartRow('zzz').setReversed(true),
        expected: () => model.scan({ start: 'zzz', reversed: true }),
      },
      { scan: () => new Scan().withStartRow('zzz'), expected: () => [] },
      {
        scan: () => new Scan().setRowPrefixFilter('m'),
        expected: () => model.scan({ start: 'm', stop: 'n' }),
      },
      {
        scan: () => new Scan().setRowPrefixFilter('s').setReversed(true),
        expected: () =>
          model.scan({
            start: 't',
            startInclusive: false,
            stop: 's',
            stopInclusive: true,
            reversed: true,
          }),
      },
    ];
    for (const [i, c] of cases.entries()) {
      expect(await scanText(c.scan()), `case ${i}`).toEqual(c.expected());
    }
  }, 30_000);

  /** Filters that read each row on its own: the same rows either way. */
  const rowFilters = (): FilterCase[] => [
    {
      name: 'RowFilter',
      filter: { type: 'RowFilter', op: 'GREATER_OR_EQUAL', comparator: bin('l') },
      expected: (reversed) => model.scan({ reversed }).filter((r) => r.row >= 'l'),
    },
    {
      name: 'ValueFilter',
      filter: { type: 'ValueFilter', op: 'EQUAL', comparator: bin('3') },
      expected: (reversed) =>
        model
          .scan({ reversed }, (f, q) => f === 'f' && q.toString() === 'v')
          .filter((r) => r.cells.includes('f:v=3')),
    },
    {
      name: 'SingleColumnValueFilter',
      filter: {
        type: 'SingleColumnValueFilter',
        family: Buffer.from('f'),
        qualifier: Buffer.from('v'),
        op: 'EQUAL',
        comparator: bin('2'),
        filterIfMissing: true,
        latestVersionOnly: true,
      },
      expected: (reversed) => model.scan({ reversed }).filter((r) => r.cells.includes('f:v=2')),
    },
    {
      name: 'KeyOnlyFilter',
      filter: { type: 'KeyOnlyFilter', lengthAsValue: false },
      expected: (reversed) =>
        model.scan({ reversed }).map((r) => ({
          row: r.row,
          cells: r.cells.map((c) => c.slice(0, c.indexOf('=') + 1)),
        })),
    },
    {
      name: 'FirstKeyOnlyFilter',
      filter: { type: 'FirstKeyOnlyFilter' },
      expected: (reversed) =>
        model.scan({ reversed }).map((r) => ({ row: r.row, cells: r.cells.slice(0, 1) })),
    },
    {
      name: 'FilterList',
      filter: {
        type: 'FilterList',
        op: 'MUST_PASS_ALL',
        filters: [
          { type: 'RowFilter', op: 'LESS', comparator: bin('s') },
          { type: 'FamilyFilter', op: 'EQUAL', comparator: bin('g') },
        ],
      },
      expected: (reversed) => model.scan({ reversed }, (f) => f === 'g').filter((r) => r.row < 's'),
    },
  ];

  /** Filters that end the scan (or seek) by row position: HBase turns them round when reversed. */
  const positionFilters = (): FilterCase[] => [
    {
      name: 'PrefixFilter',
      filter: { type: 'PrefixFilter', prefix: Buffer.from('p') },
      expected: (reversed) => model.scan({ reversed }).filter((r) => r.row.startsWith('p')),
    },
    {
      name: 'InclusiveStopFilter',
      filter: { type: 'InclusiveStopFilter', stopRow: Buffer.from('k1') },
      expected: (reversed) =>
        model.scan({ reversed }).filter((r) => (reversed ? r.row >= 'k1' : r.row <= 'k1')),
    },
    {
      name: 'MultiRowRangeFilter',
      filter: {
        type: 'MultiRowRangeFilter',
        ranges: [
          {
            startRow: Buffer.from('b'),
            startRowInclusive: true,
            stopRow: Buffer.from('d'),
            stopRowInclusive: false,
          },
          {
            startRow: Buffer.from('m2'),
            startRowInclusive: true,
            stopRow: Buffer.from('u1'),
            stopRowInclusive: true,
          },
        ],
      },
      expected: (reversed) =>
        model
          .scan({ reversed })
          .filter((r) => (r.row >= 'b' && r.row < 'd') || (r.row >= 'm2' && r.row <= 'u1')),
    },
  ];

  async function expectFiltered(cases: readonly FilterCase[], reversed: boolean): Promise<void> {
    for (const c of cases) {
      const got = await scanText(
        new Scan().setFilter(c.filter).setReversed(reversed).setCaching(4),
      );
      expect.soft(got, `${c.name}${reversed ? ' reversed' : ''}`).toEqual(c.expected(reversed));
    }
  }

  it('filters scans across regions, either way', async () => {
    await expectFiltered(rowFilters(), false);
    await expectFiltered(rowFilters(), true);
    await expectFiltered(positionFilters(), false);
  }, 30_000);

  // Filters learn the scan's direction (HBase's Filter.setReversed): reversed, PrefixFilter is
  // passed below its prefix, InclusiveStopFilter ends below its stop row, and MultiRowRangeFilter
  // ends below its first range.
  it('ends a reversed scan where a position filter says, not at its first row', async () => {
    await expectFiltered(positionFilters(), true);
  }, 30_000);

  // When a region's filter says filterAllRemaining, the whole scan ends (HBase's
  // moreResults=false) rather than going on to the next region, whose fresh filter would pass
  // rows again.
  it('stops a scan across regions once a WhileMatchFilter stops matching', async () => {
    // HBase: the scan ends at the first row the inner filter drops ('c1'), in every region after.
    const filter: FilterSpec = {
      type: 'WhileMatchFilter',
      filter: { type: 'RowFilter', op: 'NOT_EQUAL', comparator: bin('c1') },
    };
    expect(await scanText(new Scan().setFilter(filter))).toEqual(model.scan({ stop: 'c1' }));
  }, 30_000);

  it('honours limits, caching and batches across regions', async () => {
    for (const reversed of [false, true]) {
      for (const caching of [1, 2, 7, 1000]) {
        const scan = () => new Scan().setReversed(reversed).setCaching(caching);
        expect(await scanText(scan()), `caching ${caching}`).toEqual(model.scan({ reversed }));
        for (const limit of [1, 5, 30, 500]) {
          expect(await scanText(scan().setLimit(limit)), `limit ${limit}`).toEqual(
            model.scan({ reversed, limit }),
          );
        }
      }
      // setBatch cuts each row into Results of at most n cells, in order.
      for (const batch of [1, 2]) {
        const results = await scanResults(
          table,
          new Scan().setReversed(reversed).setBatch(batch).setCaching(3),
        );
        expect(results.every((r) => r.size() <= batch)).toBe(true);
        const merged: RowText[] = [];
        for (const r of results.map(resultText)) {
          const last = merged[merged.length - 1];
          if (last?.row === r.row)
            merged[merged.length - 1] = { row: r.row, cells: [...last.cells, ...r.cells] };
          else merged.push(r);
        }
        expect(merged, `batch ${batch}`).toEqual(model.scan({ reversed }));
      }
    }
    const limited = await scanResults(table, new Scan().setOneRowLimit().withStartRow('h'));
    expect(limited.map(resultText)).toEqual(model.scan({ start: 'h', limit: 1 }));
  }, 60_000);
});
