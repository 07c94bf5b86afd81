// The filter language parser: HBase's documented examples, argument shapes, precedence, quoting,
// and the errors (with positions) for what HBase's ParseFilter refuses.
import { describe, expect, it } from 'vitest';
import {
  FILTER_LANGUAGE_NAMES,
  type FilterSpec,
  parseFilter,
} from '../../../src/common/filter/index.js';
import { all, one, parseError } from './specs.js';

const b = (text: string): Buffer => Buffer.from(text, 'utf8');
const prefix = (text: string): FilterSpec => ({ type: 'PrefixFilter', prefix: b(text) });
const page = (pageSize: number): FilterSpec => ({ type: 'PageFilter', pageSize });

describe('the examples of hbase-features.md §3.2', () => {
  it('parses PrefixFilter AND PageFilter AND FirstKeyOnlyFilter into one AND list', () => {
    expect(
      parseFilter("PrefixFilter ('Row') AND PageFilter (1) AND FirstKeyOnlyFilter ()"),
    ).toEqual(all(prefix('Row'), page(1), { type: 'FirstKeyOnlyFilter' }));
  });

  it("refuses the book's TimeStampsFilter spelling, as ParseFilter does, and names the fix", () => {
    const text =
      "(RowFilter (=, 'binary:Row 1') AND TimeStampsFilter (74689, 89734)) OR " +
      "ColumnRangeFilter ('abc', true, 'xyz', false)";
    const error = parseError(text);
    expect(error.message).toContain('Filter Name TimeStampsFilter not supported');
    expect(error.message).toContain('did you mean TimestampsFilter?');
    expect(error.position).toBe(text.indexOf('TimeStampsFilter'));
  });

  it('parses that example with the registered spelling', () => {
    const text =
      "(RowFilter (=, 'binary:Row 1') AND TimestampsFilter (74689, 89734)) OR " +
      "ColumnRangeFilter ('abc', true, 'xyz', false)";
    expect(parseFilter(text)).toEqual(
      one(
        all(
          { type: 'RowFilter', op: 'EQUAL', comparator: { type: 'binary', value: b('Row 1') } },
          { type: 'TimestampsFilter', timestamps: [74689, 89734] },
        ),
        {
          type: 'ColumnRangeFilter',
          minColumn: b('abc'),
          minColumnInclusive: true,
          maxColumn: b('xyz'),
          maxColumnInclusive: false,
        },
      ),
    );
  });

  it("refuses 'SKIP ValueFilter (0)' as HBase does (ValueFilter takes an op and a comparator)", () => {
    const error = parseError('SKIP ValueFilter (0)');
    expect(error.message).toContain('ValueFilter expects 2 arguments');
    expect(error.position).toBe(5);
    expect(parseFilter("SKIP ValueFilter (!=, 'binary:0')")).toEqual({
      type: 'SkipFilter',
      filter: {
        type: 'ValueFilter',
        op: 'NOT_EQUAL',
        comparator: { type: 'binary', value: b('0') },
      },
    });
  });

  it('parses the shell scan and get examples', () => {
    expect(
      parseFilter("(QualifierFilter (>=, 'binary:xyz')) AND (TimestampsFilter ( 123, 456))"),
    ).toEqual(
      all(
        {
          type: 'QualifierFilter',
          op: 'GREATER_OR_EQUAL',
          comparator: { type: 'binary', value: b('xyz') },
        },
        { type: 'TimestampsFilter', timestamps: [123, 456] },
      ),
    );
    expect(parseFilter("ValueFilter(=, 'binary:abc')")).toEqual({
      type: 'ValueFilter',
      op: 'EQUAL',
      comparator: { type: 'binary', value: b('abc') },
    });
  });
});

describe('argument shapes', () => {
  const cases: [string, FilterSpec][] = [
    ["PrefixFilter('row')", prefix('row')],
    ["ColumnPrefixFilter('qual')", { type: 'ColumnPrefixFilter', prefix: b('qual') }],
    [
      "MultipleColumnPrefixFilter('a','b')",
      { type: 'MultipleColumnPrefixFilter', prefixes: [b('a'), b('b')] },
    ],
    ['ColumnCountGetFilter(4)', { type: 'ColumnCountGetFilter', limit: 4 }],
    ['PageFilter(10)', page(10)],
    ['ColumnPaginationFilter(5, 2)', { type: 'ColumnPaginationFilter', limit: 5, offset: 2 }],
    ["InclusiveStopFilter('row')", { type: 'InclusiveStopFilter', stopRow: b('row') }],
    [
      'TimestampsFilter(5985489, 48895495)',
      { type: 'TimestampsFilter', timestamps: [5985489, 48895495] },
    ],
    [
      "RowFilter(<=, 'binary:xyz')",
      { type: 'RowFilter', op: 'LESS_OR_EQUAL', comparator: { type: 'binary', value: b('xyz') } },
    ],
    [
      "FamilyFilter(>, 'binaryprefix:f')",
      { type: 'FamilyFilter', op: 'GREATER', comparator: { type: 'binaryprefix', value: b('f') } },
    ],
    [
      "QualifierFilter(!=, 'regexstring:^q[0-9]+$')",
      {
        type: 'QualifierFilter',
        op: 'NOT_EQUAL',
        comparator: { type: 'regexstring', pattern: '^q[0-9]+$' },
      },
    ],
    [
      "ValueFilter(=, 'substring:abc123')",
      { type: 'ValueFilter', op: 'EQUAL', comparator: { type: 'substring', value: 'abc123' } },
    ],
    [
      "DependentColumnFilter('f','q')",
      {
        type: 'DependentColumnFilter',
        family: b('f'),
        qualifier: b('q'),
        dropDependentColumn: false,
        op: 'NO_OP',
        comparator: null,
      },
    ],
    [
      "DependentColumnFilter('f','q', true)",
      {
        type: 'DependentColumnFilter',
        family: b('f'),
        qualifier: b('q'),
        dropDependentColumn: true,
        op: 'NO_OP',
        comparator: null,
      },
    ],
    [
      "DependentColumnFilter('f','q', false, <, 'binary:v')",
      {
        type: 'DependentColumnFilter',
        family: b('f'),
        qualifier: b('q'),
        dropDependentColumn: false,
        op: 'LESS',
        comparator: { type: 'binary', value: b('v') },
      },
    ],
    [
      "SingleColumnValueFilter('f','q', =, 'binary:v')",
      {
        type: 'SingleColumnValueFilter',
        family: b('f'),
        qualifier: b('q'),
        op: 'EQUAL',
        comparator: { type: 'binary', value: b('v') },
        filterIfMissing: false,
        latestVersionOnly: true,
      },
    ],
    [
      "SingleColumnValueExcludeFilter('f','q', >=, 'binary:v', true, false)",
      {
        type: 'SingleColumnValueExcludeFilter',
        family: b('f'),
        qualifier: b('q'),
        op: 'GREATER_OR_EQUAL',
        comparator: { type: 'binary', value: b('v') },
        filterIfMissing: true,
        latestVersionOnly: false,
      },
    ],
    [
      "ColumnValueFilter('f','q', =, 'binary:v')",
      {
        type: 'ColumnValueFilter',
        family: b('f'),
        qualifier: b('q'),
        op: 'EQUAL',
        comparator: { type: 'binary', value: b('v') },
      },
    ],
    [
      "ColumnRangeFilter('a', true, 'c', false)",
      {
        type: 'ColumnRangeFilter',
        minColumn: b('a'),
        minColumnInclusive: true,
        maxColumn: b('c'),
        maxColumnInclusive: false,
      },
    ],
    [
      "ColumnRangeFilter('', false, '', TRUE)",
      {
        type: 'ColumnRangeFilter',
        minColumn: null,
        minColumnInclusive: false,
        maxColumn: null,
        maxColumnInclusive: true,
      },
    ],
    ['KeyOnlyFilter()', { type: 'KeyOnlyFilter', lengthAsValue: false }],
    ['KeyOnlyFilter(true)', { type: 'KeyOnlyFilter', lengthAsValue: true }],
    ['FirstKeyOnlyFilter()', { type: 'FirstKeyOnlyFilter' }],
  ];

  it.each(cases)('%s', (text, spec) => {
    expect(parseFilter(text)).toEqual(spec);
  });

  it('covers every registered name', () => {
    const covered = new Set(cases.map(([text]) => text.slice(0, text.indexOf('('))));
    expect(FILTER_LANGUAGE_NAMES.filter((name) => !covered.has(name))).toEqual([]);
    expect(FILTER_LANGUAGE_NAMES).toHaveLength(19);
  });
});

describe('quoting and whitespace', () => {
  it('unescapes a doubled quote and keeps an empty string', () => {
    expect(parseFilter("PrefixFilter('it''s')")).toEqual(prefix("it's"));
    expect(parseFilter("PrefixFilter('''')")).toEqual(prefix("'"));
    expect(parseFilter("PrefixFilter('')")).toEqual(prefix(''));
  });

  it('keeps parentheses, commas, keywords and colons inside strings', () => {
    expect(parseFilter("PrefixFilter('a) AND (b, c')")).toEqual(prefix('a) AND (b, c'));
    expect(parseFilter("RowFilter(=, 'binary:a:b')")).toEqual({
      type: 'RowFilter',
      op: 'EQUAL',
      comparator: { type: 'binary', value: b('a:b') },
    });
  });

  it('reads strings as UTF-8', () => {
    expect(parseFilter("PrefixFilter('é')")).toEqual({
      type: 'PrefixFilter',
      prefix: Buffer.from([0xc3, 0xa9]),
    });
  });

  it('allows whitespace anywhere between tokens', () => {
    const spaced = " \tPrefixFilter \t( 'a' ,\n'b' ) ";
    expect(parseError(spaced).message).toContain('PrefixFilter expects 1 argument');
    expect(parseFilter("  ( PrefixFilter ( 'Row' ) )AND(PageFilter(1))  ")).toEqual(
      all(prefix('Row'), page(1)),
    );
  });

  it('accepts booleans in any case', () => {
    expect(parseFilter('KeyOnlyFilter(TrUe)')).toEqual({
      type: 'KeyOnlyFilter',
      lengthAsValue: true,
    });
  });
});
