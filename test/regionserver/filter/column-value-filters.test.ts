// SingleColumnValueFilter (the missing-column gotcha, filterIfMissing, latestVersionOnly), its
// Exclude variant, ColumnValueFilter and DependentColumnFilter.
import { describe, expect, it } from 'vitest';
import { type Cell, SeededRng } from '../../../src/common/index.js';
import { type FilterSpec, parseFilter } from '../../../src/common/filter/index.js';
import { compileFilter, FilterCode } from '../../../src/regionserver/filter/index.js';
import { cells, describeRows, rowKeys, scanWithFilter, type ScanOptions } from './scan-driver.js';

const rng = new SeededRng(3);
const scan = (spec: FilterSpec | string, data: readonly Cell[], options: ScanOptions = {}) =>
  scanWithFilter(
    data,
    compileFilter(typeof spec === 'string' ? parseFilter(spec) : spec, rng),
    options,
  );

const people = cells(
  { row: 'alice', family: 'f', qualifier: 'age', value: '30' },
  { row: 'alice', family: 'f', qualifier: 'city', value: 'oslo' },
  { row: 'bob', family: 'f', qualifier: 'age', value: '25' },
  { row: 'bob', family: 'f', qualifier: 'city', value: 'rome' },
  { row: 'carol', family: 'f', qualifier: 'city', value: 'oslo' },
  { row: 'dave', family: 'g', qualifier: 'x', value: '1' },
);

describe('SingleColumnValueFilter', () => {
  it('keeps whole rows whose column passes, and rows without the column (the gotcha)', () => {
    const trace = scan("SingleColumnValueFilter('f', 'city', =, 'binary:oslo')", people);
    expect(rowKeys(trace.rows)).toEqual(['alice', 'carol', 'dave']);
    expect(trace.rows[0]).toHaveLength(2);
    expect(
      rowKeys(scan("SingleColumnValueFilter('f', 'age', =, 'binary:30')", people).rows),
    ).toEqual(['alice', 'carol', 'dave']);
  });

  it('through the interface: a row without the column passes filterRow unless filterIfMissing', () => {
    const row = cells(
      { row: 'carol', family: 'f', qualifier: 'city', value: 'oslo' },
      { row: 'carol', family: 'f', qualifier: 'zip', value: '0150' },
    );
    for (const [filterIfMissing, dropped] of [
      [false, false],
      [true, true],
    ] as const) {
      const filter = compileFilter(
        {
          type: 'SingleColumnValueFilter',
          family: Buffer.from('f'),
          qualifier: Buffer.from('age'),
          op: 'EQUAL',
          comparator: { type: 'binary', value: Buffer.from('30') },
          filterIfMissing,
          latestVersionOnly: true,
        },
        rng,
      );
      filter.reset();
      expect(filter.filterRowKey(Buffer.from('carol'))).toBe(false);
      expect(row.map((cell) => filter.filterCell(cell))).toEqual([
        FilterCode.Include,
        FilterCode.Include,
      ]);
      expect(filter.hasFilterRow()).toBe(true);
      expect(filter.filterRow()).toBe(dropped);
    }
  });

  it('through the interface: a failing newest version answers NextRow and drops the row', () => {
    const filter = compileFilter(
      parseFilter("SingleColumnValueFilter('f', 'age', =, 'binary:30')"),
      rng,
    );
    const [age, city] = cells(
      { row: 'bob', family: 'f', qualifier: 'age', value: '25' },
      { row: 'bob', family: 'f', qualifier: 'city', value: 'rome' },
    ) as [Cell, Cell];
    filter.reset();
    expect(filter.filterCell(age)).toBe(FilterCode.NextRow);
    expect(filter.filterCell(city)).toBe(FilterCode.NextRow);
    expect(filter.filterRow()).toBe(true);
    filter.reset();
    expect(filter.filterRow()).toBe(false);
  });

  it('drops rows without the column when filterIfMissing', () => {
    const text = "SingleColumnValueFilter('f', 'age', <, 'binary:3', true, true)";
    expect(rowKeys(scan(text, people).rows)).toEqual(['bob']);
  });

  it('tests only the newest version unless latestVersionOnly is false', () => {
    const history = cells(
      { row: 'r1', family: 'f', qualifier: 's', timestamp: 2, value: 'new' },
      { row: 'r1', family: 'f', qualifier: 's', timestamp: 1, value: 'old' },
      { row: 'r1', family: 'f', qualifier: 't', timestamp: 1, value: 'x' },
    );
    const latest = "SingleColumnValueFilter('f', 's', =, 'binary:old', true, true)";
    const any = "SingleColumnValueFilter('f', 's', =, 'binary:old', true, false)";
    expect(scan(latest, history).rows).toEqual([]);
    expect(describeRows(scan(any, history, { maxVersions: 5 }).rows)).toEqual([
      ['r1/f:s@2=6e6577', 'r1/f:s@1=6f6c64', 'r1/f:t@1=78'],
    ]);
  });

  it('makes only its own family essential when filterIfMissing', () => {
    const filter = compileFilter(
      parseFilter("SingleColumnValueFilter('f', 'a', =, 'binary:1', true, true)"),
      rng,
    );
    expect(filter.isFamilyEssential(Buffer.from('f'))).toBe(true);
    expect(filter.isFamilyEssential(Buffer.from('g'))).toBe(false);
    const lenient = compileFilter(
      parseFilter("SingleColumnValueFilter('f','a',=,'binary:1')"),
      rng,
    );
    expect(lenient.isFamilyEssential(Buffer.from('g'))).toBe(true);
  });
});

describe('SingleColumnValueExcludeFilter', () => {
  it('keeps the same rows without the tested column', () => {
    const trace = scan("SingleColumnValueExcludeFilter('f', 'city', =, 'binary:oslo')", people);
    expect(describeRows(trace.rows).map((row) => row.map((c) => c.split('@')[0]))).toEqual([
      ['alice/f:age'],
      ['dave/g:x'],
    ]);
  });
});

describe('ColumnValueFilter', () => {
  it('returns only the matching cells of its column', () => {
    const trace = scan("ColumnValueFilter('f', 'city', =, 'binary:oslo')", people);
    expect(describeRows(trace.rows).map((row) => row.map((c) => c.split('@')[0]))).toEqual([
      ['alice/f:city'],
      ['carol/f:city'],
    ]);
  });
});

describe('DependentColumnFilter', () => {
  const stamped = cells(
    { row: 'r1', family: 'f', qualifier: 'dep', timestamp: 1, value: 'yes' },
    { row: 'r1', family: 'f', qualifier: 'dep', timestamp: 3, value: 'no' },
    { row: 'r1', family: 'f', qualifier: 'a', timestamp: 1, value: 'a1' },
    { row: 'r1', family: 'f', qualifier: 'a', timestamp: 2, value: 'a2' },
    { row: 'r1', family: 'g', qualifier: 'b', timestamp: 3, value: 'b3' },
    { row: 'r2', family: 'f', qualifier: 'a', timestamp: 1, value: 'x' },
  );
  const names = (rows: readonly Cell[][]): string[][] =>
    describeRows(rows).map((row) => row.map((cell) => cell.split('=')[0] ?? ''));

  it('keeps cells whose timestamp the dependent column has; rows without it come back empty', () => {
    expect(
      names(scan("DependentColumnFilter('f', 'dep')", stamped, { maxVersions: 5 }).rows),
    ).toEqual([['r1/f:a@1', 'r1/f:dep@3', 'r1/f:dep@1', 'r1/g:b@3']]);
  });

  it('drops the dependent column itself when asked', () => {
    const trace = scan("DependentColumnFilter('f', 'dep', true)", stamped, { maxVersions: 5 });
    expect(names(trace.rows)).toEqual([['r1/f:a@1', 'r1/g:b@3']]);
  });

  it('only counts versions of the dependent column whose value passes', () => {
    const text = "DependentColumnFilter('f', 'dep', false, =, 'binary:yes')";
    expect(names(scan(text, stamped, { maxVersions: 5 }).rows)).toEqual([
      ['r1/f:a@1', 'r1/f:dep@1'],
    ]);
  });
});
