// FilterList AND/OR (HBase 2's return-code merging, transforms, hints, which members are asked)
// and the SKIP/WHILE wrappers, driven directly and through the reference driver.
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  InvalidArgumentError,
  LimitExceededError,
  SeededRng,
} from '../../../src/common/index.js';
import {
  FILTER_LIST_FILTERS_MAX,
  FILTER_NESTING_DEPTH_MAX,
  type FilterSpec,
  parseFilter,
} from '../../../src/common/filter/index.js';
import { type Filter, compileFilter, FilterCode } from '../../../src/regionserver/filter/index.js';
import { FilterBase } from '../../../src/regionserver/filter/filter-base.js';
import { FilterListAnd, FilterListOr } from '../../../src/regionserver/filter/filter-list.js';
import { mergeAnd, mergeOr } from '../../../src/regionserver/filter/filter-list-codes.js';
import { cells, describeRows, rowKeys, scanWithFilter } from './scan-driver.js';

const rng = new SeededRng(11);
const scan = (text: string, data: readonly Cell[], maxVersions = 1) =>
  scanWithFilter(data, compileFilter(parseFilter(text), rng), { maxVersions });
const CODES = Object.values(FilterCode);
const keeps = (code: FilterCode): boolean =>
  code === FilterCode.Include ||
  code === FilterCode.IncludeAndNextCol ||
  code === FilterCode.IncludeAndSeekNextRow;

describe('return-code merging', () => {
  it('AND keeps a cell only when both keep it; OR when either does (all 49 pairs)', () => {
    for (const merged of CODES) {
      for (const local of CODES) {
        expect(keeps(mergeAnd(merged, local))).toBe(keeps(merged) && keeps(local));
        expect(keeps(mergeOr(merged, local))).toBe(keeps(merged) || keeps(local));
      }
    }
  });

  it('AND takes the larger step and OR the smaller, as in HBase 2', () => {
    const { Include, IncludeAndNextCol, IncludeAndSeekNextRow, Skip, NextCol, NextRow } =
      FilterCode;
    const hint = FilterCode.SeekNextUsingHint;
    expect(mergeAnd(IncludeAndNextCol, Skip)).toBe(NextCol);
    expect(mergeAnd(Skip, IncludeAndSeekNextRow)).toBe(NextRow);
    expect(mergeAnd(Include, hint)).toBe(hint);
    expect(mergeAnd(NextRow, hint)).toBe(hint);
    expect(mergeOr(NextCol, IncludeAndSeekNextRow)).toBe(IncludeAndNextCol);
    expect(mergeOr(NextRow, NextCol)).toBe(NextCol);
    expect(mergeOr(hint, NextRow)).toBe(Skip);
    expect(mergeOr(hint, hint)).toBe(hint);
    expect(mergeOr(undefined, NextRow)).toBe(NextRow);
  });
});

const grid = cells(
  ...['r1', 'r2', 'r3'].flatMap((row, i) =>
    ['a', 'b', 'c'].map((qualifier, j) => ({
      row,
      family: 'f',
      qualifier,
      value: String((i + j) % 3),
    })),
  ),
);

describe('FilterList MUST_PASS_ALL', () => {
  it("runs the book's PrefixFilter AND PageFilter AND FirstKeyOnlyFilter", () => {
    const text = "PrefixFilter ('r') AND PageFilter (2) AND FirstKeyOnlyFilter ()";
    expect(
      describeRows(scan(text, grid).rows).map((row) => row.map((c) => c.split('@')[0])),
    ).toEqual([['r1/f:a'], ['r2/f:a']]);
  });

  it('stops asking members once a cell is dropped, so counters see only kept cells', () => {
    const text = "ValueFilter(=, 'binary:1') AND ColumnPaginationFilter(1, 0)";
    expect(
      describeRows(scan(text, grid).rows).map((row) => row.map((c) => c.split('@')[0])),
    ).toEqual([['r1/f:b'], ['r2/f:a'], ['r3/f:c']]);
  });

  it('chains transforms and takes the furthest hint', () => {
    const text =
      "KeyOnlyFilter(true) AND ColumnRangeFilter('b', true, '', false) AND ColumnPrefixFilter('c')";
    const filter = compileFilter(parseFilter(text), rng);
    const [first] = grid as [Cell];
    expect(filter.filterCell(first)).toBe(FilterCode.SeekNextUsingHint);
    expect(filter.nextCellHint(first)?.qualifier.toString()).toBe('b');
    const trace = scanWithFilter(grid, compileFilter(parseFilter(text), rng));
    expect(describeRows(trace.rows)).toEqual([
      ['r1/f:c@9007199254740991=00000001'],
      ['r2/f:c@9007199254740991=00000001'],
      ['r3/f:c@9007199254740991=00000001'],
    ]);
  });

  it('empty, passes everything', () => {
    const filter = compileFilter({ type: 'FilterList', op: 'MUST_PASS_ALL', filters: [] }, rng);
    expect(scanWithFilter(grid, filter).rows.flat()).toHaveLength(9);
    expect(filter.isFamilyEssential(Buffer.from('f'))).toBe(true);
  });
});

/** Records the cells it is asked about; answers from a script keyed by qualifier. */
class ScriptedFilter extends FilterBase {
  readonly asked: string[] = [];
  readonly #answers: Readonly<Record<string, FilterCode>>;

  constructor(answers: Readonly<Record<string, FilterCode>>) {
    super();
    this.#answers = answers;
  }

  override filterCell(cell: Cell): FilterCode {
    const qualifier = cell.qualifier.toString();
    this.asked.push(`${qualifier}@${cell.timestamp}`);
    return this.#answers[qualifier] ?? FilterCode.Skip;
  }
}

describe('FilterList MUST_PASS_ONE', () => {
  it('keeps what any member keeps', () => {
    const text = "ValueFilter(=, 'binary:0') OR QualifierFilter(=, 'binary:c')";
    expect(
      describeRows(scan(text, grid).rows).map((row) => row.map((c) => c.split('@')[0])),
    ).toEqual([['r1/f:a', 'r1/f:c'], ['r2/f:c'], ['r3/f:b', 'r3/f:c']]);
  });

  it('does not ask a member again about a column it left (HBASE-17678)', () => {
    const leaves = new ScriptedFilter({ a: FilterCode.NextCol });
    const keepsAll = new ScriptedFilter({ a: FilterCode.Include });
    const list: Filter = new FilterListOr([leaves, keepsAll]);
    const versions = cells(
      ...[3, 2, 1].map((timestamp) => ({ row: 'r', family: 'f', qualifier: 'a', timestamp })),
    );
    list.reset();
    expect(versions.map((cell) => list.filterCell(cell))).toEqual([
      FilterCode.Include,
      FilterCode.Include,
      FilterCode.Include,
    ]);
    expect(leaves.asked).toEqual(['a@3']);
    expect(keepsAll.asked).toEqual(['a@3', 'a@2', 'a@1']);
  });

  it('transforms a cell only through the members that kept it', () => {
    const text = "(KeyOnlyFilter() AND ValueFilter(=, 'binary:0')) OR ValueFilter(=, 'binary:1')";
    const kept = scan(text, grid)
      .rows.flat()
      .map((cell) => cell.value.toString());
    expect(kept.sort()).toEqual(['', '', '', '1', '1', '1']);
  });

  it('takes the nearest hint, and none when a live member has none', () => {
    const both = compileFilter(
      parseFilter("ColumnPrefixFilter('c') OR ColumnRangeFilter('b', true, 'z', true)"),
      rng,
    );
    const [first] = grid as [Cell];
    expect(both.filterCell(first)).toBe(FilterCode.SeekNextUsingHint);
    expect(both.nextCellHint(first)?.qualifier.toString()).toBe('b');
    const list = new FilterListOr([
      new ScriptedFilter({}),
      compileFilter(parseFilter("ColumnPrefixFilter('c')"), rng),
    ]);
    expect(list.nextCellHint(first)).toBeUndefined();
  });

  it('drops a row key only when every live member does', () => {
    const text = "RowFilter(=, 'binary:r1') OR RowFilter(=, 'binary:r3')";
    expect(rowKeys(scan(text, grid).rows)).toEqual(['r1', 'r3']);
  });

  it('with an AND inside keeps the AND whole', () => {
    const list = new FilterListAnd([new ScriptedFilter({ a: FilterCode.Include })]);
    const [first] = grid as [Cell];
    expect(list.filterCell(first)).toBe(FilterCode.Include);
  });
});

describe('SKIP and WHILE', () => {
  const data = cells(
    { row: 'r1', family: 'f', qualifier: 'a', value: '1' },
    { row: 'r1', family: 'f', qualifier: 'b', value: '1' },
    { row: 'r2', family: 'f', qualifier: 'a', value: '1' },
    { row: 'r2', family: 'f', qualifier: 'b', value: '0' },
    { row: 'r2', family: 'f', qualifier: 'c', value: '1' },
    { row: 'r3', family: 'f', qualifier: 'a', value: '1' },
  );

  it('SKIP drops every row with a cell the wrapped filter refuses', () => {
    expect(rowKeys(scan("SKIP ValueFilter(!=, 'binary:0')", data).rows)).toEqual(['r1', 'r3']);
  });

  it('SKIP asks the wrapped filter about row keys', () => {
    expect(rowKeys(scan("SKIP RowFilter(!=, 'binary:r2')", data).rows)).toEqual(['r1', 'r3']);
  });

  it('WHILE ends the scan at the first refused cell, keeping what came before it', () => {
    const filter = compileFilter(parseFilter("WHILE ValueFilter(!=, 'binary:0')"), rng);
    const trace = scanWithFilter(data, filter);
    expect(describeRows(trace.rows).map((row) => row.map((c) => c.split('@')[0]))).toEqual([
      ['r1/f:a', 'r1/f:b'],
      ['r2/f:a'],
    ]);
    expect(filter.filterAllRemaining()).toBe(true);
    filter.reset();
    expect(filter.filterAllRemaining()).toBe(true);
  });

  it('WHILE ends the scan at the first refused row key', () => {
    const trace = scan("WHILE RowFilter(<, 'binary:r2')", data);
    expect(rowKeys(trace.rows)).toEqual(['r1']);
    expect(trace.cellsSeen).toBe(2);
  });
});

describe('compileFilter limits', () => {
  const leaf: FilterSpec = { type: 'FirstKeyOnlyFilter' };

  it('refuses nesting deeper than FILTER_NESTING_DEPTH_MAX', () => {
    let spec: FilterSpec = leaf;
    for (let i = 0; i < FILTER_NESTING_DEPTH_MAX; i++) spec = { type: 'SkipFilter', filter: spec };
    expect(() => compileFilter(spec, rng)).toThrow(LimitExceededError);
  });

  it.each<[string, FilterSpec]>([
    ['a negative page size', { type: 'PageFilter', pageSize: -1 }],
    ['a fractional limit', { type: 'ColumnPaginationFilter', limit: 1.5, offset: 0 }],
    ['a negative count', { type: 'ColumnCountGetFilter', limit: -2 }],
    ['a negative timestamp', { type: 'TimestampsFilter', timestamps: [5, -1] }],
    ['a NaN chance', { type: 'RandomRowFilter', chance: Number.NaN }],
    [
      'a bad pattern',
      { type: 'RowFilter', op: 'EQUAL', comparator: { type: 'regexstring', pattern: '(' } },
    ],
  ])('refuses %s', (_what, spec) => {
    expect(() => compileFilter(spec, rng)).toThrow(InvalidArgumentError);
  });

  it('refuses a list longer than FILTER_LIST_FILTERS_MAX', () => {
    const filters = Array.from({ length: FILTER_LIST_FILTERS_MAX + 1 }, () => leaf);
    expect(() => compileFilter({ type: 'FilterList', op: 'MUST_PASS_ONE', filters }, rng)).toThrow(
      LimitExceededError,
    );
  });
});
