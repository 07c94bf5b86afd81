// formatFilter: specs written back in the filter language, refused where the language has no
// form, and the round trip parseFilter(formatFilter(spec)) = spec as a seeded property.
// Seeded: COLONNADE_SEED=<seed> replays a failing run.
import { Packr } from 'msgpackr';
import { checkFilterSpec } from '../../../src/common/filter/check.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import {
  type ComparatorSpec,
  type CompareOp,
  type FilterSpec,
  formatFilter,
  parseFilter,
} from '../../../src/common/filter/index.js';
import { seedFromEnv } from '../../../src/common/rng.js';

const seed = seedFromEnv();
const b = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('formatFilter', () => {
  it('writes calls, chains and wrappers', () => {
    expect(formatFilter(parseFilter("PrefixFilter ('Row') AND PageFilter (1)"))).toBe(
      "PrefixFilter('Row') AND PageFilter(1)",
    );
    expect(
      formatFilter(
        parseFilter("(PrefixFilter('a') OR SKIP ValueFilter(=,'binary:x')) AND KeyOnlyFilter()"),
      ),
    ).toBe("(PrefixFilter('a') OR SKIP ValueFilter(=, 'binary:x')) AND KeyOnlyFilter()");
    expect(formatFilter(parseFilter("WHILE (RowFilter(<, 'binary:m') AND PageFilter(2))"))).toBe(
      "WHILE (RowFilter(<, 'binary:m') AND PageFilter(2))",
    );
  });

  it('doubles quotes and writes open column bounds as empty strings', () => {
    expect(formatFilter({ type: 'PrefixFilter', prefix: b("it's") })).toBe("PrefixFilter('it''s')");
    expect(
      formatFilter({
        type: 'ColumnRangeFilter',
        minColumn: null,
        minColumnInclusive: true,
        maxColumn: b('z'),
        maxColumnInclusive: false,
      }),
    ).toBe("ColumnRangeFilter('', true, 'z', false)");
  });

  it('writes a one-filter list as its filter, parenthesizing what it wraps', () => {
    const inner: FilterSpec = {
      type: 'FilterList',
      op: 'MUST_PASS_ONE',
      filters: [{ type: 'FirstKeyOnlyFilter' }, { type: 'KeyOnlyFilter', lengthAsValue: true }],
    };
    const single: FilterSpec = { type: 'FilterList', op: 'MUST_PASS_ALL', filters: [inner] };
    expect(formatFilter({ type: 'SkipFilter', filter: single })).toBe(
      'SKIP (FirstKeyOnlyFilter() OR KeyOnlyFilter(true))',
    );
  });

  it.each<[string, FilterSpec]>([
    ['RandomRowFilter', { type: 'RandomRowFilter', chance: 0.5 }],
    ['FuzzyRowFilter', { type: 'FuzzyRowFilter', pairs: [] }],
    ['MultiRowRangeFilter', { type: 'MultiRowRangeFilter', ranges: [] }],
    ['an empty FilterList', { type: 'FilterList', op: 'MUST_PASS_ALL', filters: [] }],
    ['NO_OP', { type: 'RowFilter', op: 'NO_OP', comparator: { type: 'binary', value: b('a') } }],
    [
      'a long comparator',
      { type: 'ValueFilter', op: 'EQUAL', comparator: { type: 'long', value: 1n } },
    ],
    ['a null comparator', { type: 'ValueFilter', op: 'EQUAL', comparator: { type: 'null' } }],
    ['bytes that are not UTF-8', { type: 'PrefixFilter', prefix: Buffer.from([0xff, 0x00]) }],
  ])('refuses %s', (_what, spec) => {
    expect(() => formatFilter(spec)).toThrow(InvalidArgumentError);
  });
});

// ---- Arbitrary specs of the registered filters, shaped as the parser builds them ----

/** Printable ASCII (quotes, parentheses and commas included) or any code unit at all. */
const text = (minLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ minLength, maxLength: 6 }),
    fc.string({ unit: 'binary', minLength, maxLength: 6 }),
  );
const utf8 = text(0).map(b);
const nonEmptyUtf8 = text(1).map(b);
const anyOp = fc.constantFrom<CompareOp>(
  'LESS',
  'LESS_OR_EQUAL',
  'EQUAL',
  'NOT_EQUAL',
  'GREATER_OR_EQUAL',
  'GREATER',
);
const regexSafe = text(0).map((text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
const byteComparator = fc.oneof(
  utf8.map((value): ComparatorSpec => ({ type: 'binary', value })),
  utf8.map((value): ComparatorSpec => ({ type: 'binaryprefix', value })),
);
const textComparator = fc.oneof(
  regexSafe.map((pattern): ComparatorSpec => ({ type: 'regexstring', pattern })),
  text(0).map((value): ComparatorSpec => ({ type: 'substring', value })),
);
/** An op and comparator that HBase's rule allows together. */
const opAndComparator = fc.oneof(
  fc.record({ op: anyOp, comparator: byteComparator }),
  fc.record({ op: fc.constantFrom<CompareOp>('EQUAL', 'NOT_EQUAL'), comparator: textComparator }),
);
const count = fc.integer({ min: 0, max: 2_147_483_647 });
const timestamp = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

const compareFilter = fc
  .tuple(
    fc.constantFrom('RowFilter', 'FamilyFilter', 'QualifierFilter', 'ValueFilter'),
    opAndComparator,
  )
  .map(([type, rest]) => ({ type, ...rest }) as FilterSpec);

const columnValueFilter = fc
  .tuple(
    fc.constantFrom('SingleColumnValueFilter', 'SingleColumnValueExcludeFilter'),
    utf8,
    utf8,
    opAndComparator,
    fc.boolean(),
    fc.boolean(),
  )
  .map(
    ([type, family, qualifier, rest, filterIfMissing, latestVersionOnly]) =>
      ({ type, family, qualifier, ...rest, filterIfMissing, latestVersionOnly }) as FilterSpec,
  );

const dependentColumnFilter = fc.oneof(
  fc
    .record({ family: utf8, qualifier: utf8, dropDependentColumn: fc.boolean() })
    .map((rest): FilterSpec => ({
      type: 'DependentColumnFilter',
      ...rest,
      op: 'NO_OP',
      comparator: null,
    })),
  fc
    .record({
      family: utf8,
      qualifier: utf8,
      dropDependentColumn: fc.boolean(),
      op: anyOp,
      comparator: fc.oneof(byteComparator, textComparator),
    })
    .map((rest): FilterSpec => ({ type: 'DependentColumnFilter', ...rest })),
);

const leafFilter: fc.Arbitrary<FilterSpec> = fc.oneof(
  compareFilter,
  columnValueFilter,
  dependentColumnFilter,
  fc.boolean().map((lengthAsValue): FilterSpec => ({ type: 'KeyOnlyFilter', lengthAsValue })),
  fc.constant<FilterSpec>({ type: 'FirstKeyOnlyFilter' }),
  utf8.map((prefix): FilterSpec => ({ type: 'PrefixFilter', prefix })),
  utf8.map((prefix): FilterSpec => ({ type: 'ColumnPrefixFilter', prefix })),
  fc
    .uniqueArray(utf8, { maxLength: 4, selector: (bytes) => bytes.toString('hex') })
    .map((prefixes): FilterSpec => ({ type: 'MultipleColumnPrefixFilter', prefixes })),
  count.map((limit): FilterSpec => ({ type: 'ColumnCountGetFilter', limit })),
  timestamp.map((pageSize): FilterSpec => ({ type: 'PageFilter', pageSize })),
  fc
    .record({ limit: count, offset: count })
    .map((rest): FilterSpec => ({ type: 'ColumnPaginationFilter', ...rest })),
  utf8.map((stopRow): FilterSpec => ({ type: 'InclusiveStopFilter', stopRow })),
  fc
    .array(timestamp, { maxLength: 4 })
    .map((timestamps): FilterSpec => ({ type: 'TimestampsFilter', timestamps })),
  fc
    .record({
      minColumn: fc.option(nonEmptyUtf8, { nil: null }),
      minColumnInclusive: fc.boolean(),
      maxColumn: fc.option(nonEmptyUtf8, { nil: null }),
      maxColumnInclusive: fc.boolean(),
    })
    .map((rest): FilterSpec => ({ type: 'ColumnRangeFilter', ...rest })),
  fc
    .record({ family: utf8, qualifier: utf8 }, { requiredKeys: ['family', 'qualifier'] })
    .chain(({ family, qualifier }) =>
      opAndComparator.map((rest): FilterSpec => ({
        type: 'ColumnValueFilter',
        family,
        qualifier,
        ...rest,
      })),
    ),
);

const { filter: languageFilter } = fc.letrec<{ filter: FilterSpec }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafFilter,
    fc
      .record({
        op: fc.constantFrom<'MUST_PASS_ALL' | 'MUST_PASS_ONE'>('MUST_PASS_ALL', 'MUST_PASS_ONE'),
        filters: fc.array(tie('filter'), { minLength: 2, maxLength: 3 }),
      })
      .map((rest): FilterSpec => ({ type: 'FilterList', ...rest })),
    tie('filter').map((filter): FilterSpec => ({ type: 'SkipFilter', filter })),
    tie('filter').map((filter): FilterSpec => ({ type: 'WhileMatchFilter', filter })),
  ),
}));

describe(`round trip (seed ${seed})`, () => {
  it('parseFilter(formatFilter(spec)) equals spec for every spec of registered filters', () => {
    fc.assert(
      fc.property(languageFilter, (spec) => {
        expect(parseFilter(formatFilter(spec))).toEqual(spec);
      }),
      { seed, numRuns: 500 },
    );
  });
});

describe(`wire check (seed ${seed})`, () => {
  it('checkFilterSpec accepts every spec as msgpack delivers it, unchanged', () => {
    const packr = new Packr({ useRecords: false, mapsAsObjects: true });
    fc.assert(
      fc.property(languageFilter, (spec) => {
        const delivered = packr.unpack(packr.pack(spec)) as unknown;
        expect(checkFilterSpec(delivered)).toEqual(spec);
      }),
      { seed, numRuns: 300 },
    );
  });
});
