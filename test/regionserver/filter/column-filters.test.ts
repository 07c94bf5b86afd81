// Column filters: prefix and range filters with their seeks, ColumnPaginationFilter and
// ColumnCountGetFilter (columns per row, across families), FirstKeyOnlyFilter, KeyOnlyFilter and
// TimestampsFilter (every version reaches the filter; versions are counted after it).
import { describe, expect, it } from 'vitest';
import { type Cell, SeededRng } from '../../../src/common/index.js';
import { type FilterSpec, parseFilter } from '../../../src/common/filter/index.js';
import { compileFilter, FilterCode } from '../../../src/regionserver/filter/index.js';
import { cells, describeRows, scanWithFilter, type ScanOptions } from './scan-driver.js';

const rng = new SeededRng(7);
const scan = (spec: FilterSpec | string, data: readonly Cell[], options: ScanOptions = {}) =>
  scanWithFilter(
    data,
    compileFilter(typeof spec === 'string' ? parseFilter(spec) : spec, rng),
    options,
  );
const qualifiers = (rows: readonly Cell[][]): string[][] =>
  rows.map((row) => row.map((cell) => `${cell.family.toString()}:${cell.qualifier.toString()}`));

const wide = cells(
  ...['r1', 'r2'].flatMap((row) =>
    ['a', 'ab', 'abc', 'b', 'ba', 'c'].map((qualifier) => ({ row, family: 'f', qualifier })),
  ),
);

describe('ColumnPrefixFilter and MultipleColumnPrefixFilter', () => {
  it('keeps qualifiers with the prefix, seeking to it and leaving the row after it', () => {
    const trace = scan("ColumnPrefixFilter('ab')", wide);
    expect(qualifiers(trace.rows)).toEqual([
      ['f:ab', 'f:abc'],
      ['f:ab', 'f:abc'],
    ]);
    // Per row: 'a' seeks to 'ab', 'ab' and 'abc' pass, 'b' leaves the row.
    expect(trace.cellsSeen).toBe(8);
  });

  it('keeps qualifiers with any prefix, a shorter prefix of a longer one included', () => {
    expect(qualifiers(scan("MultipleColumnPrefixFilter('b', 'ab', 'a')", wide).rows)[0]).toEqual([
      'f:a',
      'f:ab',
      'f:abc',
      'f:b',
      'f:ba',
    ]);
    expect(qualifiers(scan("MultipleColumnPrefixFilter('abc', 'c')", wide).rows)[0]).toEqual([
      'f:abc',
      'f:c',
    ]);
    expect(qualifiers(scan('MultipleColumnPrefixFilter()', wide).rows)[0]).toHaveLength(6);
  });
});

describe('ColumnRangeFilter', () => {
  it.each([
    ["ColumnRangeFilter('ab', true, 'b', true)", ['f:ab', 'f:abc', 'f:b']],
    ["ColumnRangeFilter('ab', false, 'b', false)", ['f:abc']],
    ["ColumnRangeFilter('', true, 'ab', false)", ['f:a']],
    ["ColumnRangeFilter('ba', true, '', false)", ['f:ba', 'f:c']],
  ])('%s', (text, expected) => {
    const rows = qualifiers(scan(text, wide).rows);
    expect(rows).toEqual([expected, expected]);
  });
});

describe('ColumnPaginationFilter', () => {
  const versioned = cells(
    ...['a', 'b', 'c', 'd'].flatMap((qualifier) =>
      [3, 2, 1].map((timestamp) => ({ row: 'r1', family: 'f', qualifier, timestamp })),
    ),
    { row: 'r1', family: 'g', qualifier: 'a', timestamp: 1 },
    { row: 'r2', family: 'f', qualifier: 'z', timestamp: 1 },
  );

  it('returns columns offset .. offset+limit-1 of each row, newest version, across qualifiers', () => {
    expect(describeRows(scan('ColumnPaginationFilter(2, 1)', versioned).rows)).toEqual([
      ['r1/f:b@3=', 'r1/f:c@3='],
    ]);
  });

  it('counts the columns of all families of the row together, and restarts per row', () => {
    expect(qualifiers(scan('ColumnPaginationFilter(10, 3)', versioned).rows)).toEqual([
      ['f:d', 'g:a'],
    ]);
    expect(qualifiers(scan('ColumnPaginationFilter(1, 0)', versioned).rows)).toEqual([
      ['f:a'],
      ['f:z'],
    ]);
  });

  it('answers NextCol before the offset, IncludeAndNextCol inside and NextRow after', () => {
    const filter = compileFilter(parseFilter('ColumnPaginationFilter(1, 1)'), rng);
    const [first, second, third] = cells(
      { row: 'r', family: 'f', qualifier: 'a' },
      { row: 'r', family: 'f', qualifier: 'b' },
      { row: 'r', family: 'f', qualifier: 'c' },
    ) as [Cell, Cell, Cell];
    expect(filter.filterCell(first)).toBe(FilterCode.NextCol);
    expect(filter.filterCell(second)).toBe(FilterCode.IncludeAndNextCol);
    expect(filter.filterCell(third)).toBe(FilterCode.NextRow);
  });
});

describe('ColumnCountGetFilter', () => {
  it('keeps the first columns of each row: past the limit the rest of the row is skipped', () => {
    const filter = compileFilter(parseFilter('ColumnCountGetFilter(2)'), rng);
    const trace = scanWithFilter(wide, filter);
    expect(qualifiers(trace.rows)).toEqual([
      ['f:a', 'f:ab'],
      ['f:a', 'f:ab'],
    ]);
    // Per row: a, ab, abc (the third turns filterAllRemaining on), then b is answered NextRow.
    expect(trace.cellsSeen).toBe(8);
    // reset() before the next row clears it, so (as in HBase) the scan goes on.
    expect(filter.filterAllRemaining()).toBe(true);
    filter.reset();
    expect(filter.filterAllRemaining()).toBe(false);
  });
});

describe('FirstKeyOnlyFilter and KeyOnlyFilter', () => {
  const twoFamilies = cells(
    { row: 'r1', family: 'f', qualifier: 'a', value: 'hello' },
    { row: 'r1', family: 'g', qualifier: 'b', value: 'x' },
    { row: 'r2', family: 'g', qualifier: 'c', value: '' },
  );

  it('FirstKeyOnlyFilter returns one cell per row', () => {
    expect(qualifiers(scan('FirstKeyOnlyFilter()', twoFamilies).rows)).toEqual([['f:a'], ['g:c']]);
  });

  it('KeyOnlyFilter strips values, or replaces them by their 4-byte length', () => {
    expect(describeRows(scan('KeyOnlyFilter()', twoFamilies).rows)[0]).toEqual([
      'r1/f:a@9007199254740991=',
      'r1/g:b@9007199254740991=',
    ]);
    const lengths = scan('KeyOnlyFilter(true)', twoFamilies).rows.flat();
    expect(lengths.map((cell) => cell.value.toString('hex'))).toEqual([
      '00000005',
      '00000001',
      '00000000',
    ]);
  });

  it('transforms only what it is asked to (the cell itself is not changed)', () => {
    const filter = compileFilter(parseFilter('KeyOnlyFilter()'), rng);
    const cell = twoFamilies[0] as Cell;
    expect(filter.transformCell(cell).value.length).toBe(0);
    expect(cell.value.toString()).toBe('hello');
  });
});

describe('TimestampsFilter', () => {
  const versions = cells(
    ...[9, 7, 5, 3, 1].map((timestamp) => ({ row: 'r1', family: 'f', qualifier: 'a', timestamp })),
    ...[8, 5, 2].map((timestamp) => ({ row: 'r1', family: 'f', qualifier: 'b', timestamp })),
  );

  it('keeps only listed versions, seeking down to the next listed timestamp', () => {
    const trace = scan('TimestampsFilter(5, 3, 2)', versions, { maxVersions: 10 });
    expect(describeRows(trace.rows)).toEqual([
      ['r1/f:a@5=', 'r1/f:a@3=', 'r1/f:b@5=', 'r1/f:b@2='],
    ]);
    // a@9 seeks to a@5, so a@7 is never read; a@1 leaves the column; b@8 seeks to b@5.
    expect(trace.cellsSeen).toBe(7);
  });

  it('counts versions after the filter: one version means the newest listed one', () => {
    expect(describeRows(scan('TimestampsFilter(3, 5)', versions).rows)).toEqual([
      ['r1/f:a@5=', 'r1/f:b@5='],
    ]);
  });

  it('with no timestamps keeps nothing', () => {
    expect(scan('TimestampsFilter()', versions).rows).toEqual([]);
  });
});
