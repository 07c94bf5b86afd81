// The filter language's operator precedence (parentheses > SKIP/WHILE > AND > OR) and its errors:
// each a FilterParseError with a clear message and the offending position.
import { describe, expect, it } from 'vitest';
import { fromWire, toWire } from '../../../src/common/errors.js';
import {
  FILTER_ARGUMENTS_MAX,
  FILTER_NESTING_DEPTH_MAX,
  FILTER_STRING_CHARS_MAX,
  FilterParseError,
  type FilterSpec,
  parseFilter,
} from '../../../src/common/filter/index.js';
import { all, one, parseError } from './specs.js';

const A = "PrefixFilter('a')";
const B = "PrefixFilter('b')";
const C = "PrefixFilter('c')";
const D = "PrefixFilter('d')";
const leaf = (text: string): FilterSpec => ({ type: 'PrefixFilter', prefix: Buffer.from(text) });
const skip = (filter: FilterSpec): FilterSpec => ({ type: 'SkipFilter', filter });
const whileMatch = (filter: FilterSpec): FilterSpec => ({ type: 'WhileMatchFilter', filter });

describe('precedence', () => {
  it('reads A AND SKIP B OR C as (A AND (SKIP B)) OR C', () => {
    const expected = one(all(leaf('a'), skip(leaf('b'))), leaf('c'));
    expect(parseFilter(`${A} AND SKIP ${B} OR ${C}`)).toEqual(expected);
    expect(parseFilter(`(${A} AND (SKIP ${B})) OR ${C}`)).toEqual(expected);
  });

  it('binds AND tighter than OR on either side', () => {
    expect(parseFilter(`${A} OR ${B} AND ${C}`)).toEqual(one(leaf('a'), all(leaf('b'), leaf('c'))));
    expect(parseFilter(`${A} AND ${B} OR ${C} AND ${D}`)).toEqual(
      one(all(leaf('a'), leaf('b')), all(leaf('c'), leaf('d'))),
    );
  });

  it('makes one list of a chain, and nests parenthesized chains', () => {
    expect(parseFilter(`${A} AND ${B} AND ${C}`)).toEqual(all(leaf('a'), leaf('b'), leaf('c')));
    expect(parseFilter(`${A} OR (${B}) OR ${C}`)).toEqual(one(leaf('a'), leaf('b'), leaf('c')));
    expect(parseFilter(`(${A} OR ${B}) OR ${C}`)).toEqual(
      one(one(leaf('a'), leaf('b')), leaf('c')),
    );
    expect(parseFilter(`(${A} OR ${B}) AND ${C}`)).toEqual(
      all(one(leaf('a'), leaf('b')), leaf('c')),
    );
  });

  it('applies SKIP and WHILE to the next operand only', () => {
    expect(parseFilter(`SKIP ${A} AND ${B}`)).toEqual(all(skip(leaf('a')), leaf('b')));
    expect(parseFilter(`WHILE SKIP ${A}`)).toEqual(whileMatch(skip(leaf('a'))));
    expect(parseFilter(`SKIP(${A} OR ${B})`)).toEqual(skip(one(leaf('a'), leaf('b'))));
    expect(parseFilter(`WHILE(${A})`)).toEqual(whileMatch(leaf('a')));
  });

  it('needs a delimiter after a keyword, as HBase does', () => {
    expect(parseError(`${A} ANDPageFilter(1)`).message).toContain("found 'ANDPageFilter'");
    expect(parseFilter(`${A}AND ${B}`)).toEqual(all(leaf('a'), leaf('b')));
  });
});

describe('errors', () => {
  it('names an unknown filter at its position', () => {
    const error = parseError(`${A} AND Bogus(1)`);
    expect(error).toBeInstanceOf(FilterParseError);
    expect(error.code).toBe('FilterParse');
    expect(error.message).toBe(`Filter Name Bogus not supported (at position ${A.length + 5})`);
    expect(error.position).toBe(A.length + 5);
  });

  it('matches names and keywords case-sensitively', () => {
    expect(parseError("prefixfilter('a')").message).toContain('did you mean PrefixFilter?');
    expect(parseError(`${A} and ${B}`).message).toContain("found 'and'");
  });

  it.each([
    [`(${A}`, 'is never closed', A.length + 1],
    [`((${A}) AND ${B}`, 'is never closed', A.length + B.length + 8],
    [`${A})`, "Mismatched parenthesis: ')' has no matching '('", A.length],
    ["PrefixFilter('a'", 'the argument list of PrefixFilter at position 12 is never closed', 16],
    ["PrefixFilter('a)", 'the string starting at position 13 is never closed', 13],
    [`()`, "expected a filter but found ')'", 1],
  ])('refuses unbalanced %s', (text, message, position) => {
    const error = parseError(text);
    expect(error.message).toContain(message);
    expect(error.position).toBe(position);
  });

  it.each([
    ['', 'the filter string is empty'],
    ['   ', 'the filter string is empty'],
    [`AND ${A}`, "expected a filter but found 'AND'"],
    [`${A} AND`, 'expected a filter but found the end of the filter string'],
    [`${A} OR OR ${B}`, "expected a filter but found 'OR'"],
    [`SKIP`, 'expected a filter but found the end'],
    [`${A} ${B}`, "expected AND, OR or the end of the filter string but found 'PrefixFilter'"],
    ['PrefixFilter', "expected '(' after the filter name PrefixFilter"],
    ["PrefixFilter('a' 'b')", "expected ')' to close the argument list of PrefixFilter"],
    ["PrefixFilter('a',)", "expected an argument but found ')'"],
  ])('refuses the malformed %j', (text, message) => {
    expect(parseError(text).message).toContain(message);
  });

  it.each([
    ['PageFilter()', 'PageFilter expects 1 argument (pageSize), got 0'],
    ['ColumnPaginationFilter(1)', 'ColumnPaginationFilter expects 2 arguments'],
    ["SingleColumnValueFilter('f','q',=,'binary:v',true)", 'expects 4 or 6 arguments'],
    ["DependentColumnFilter('f','q',true,=)", 'expects 2, 3 or 5 arguments'],
    ['FirstKeyOnlyFilter(1)', 'FirstKeyOnlyFilter expects no arguments'],
    ["PageFilter('10')", "the page size must be an unquoted integer, got '10'"],
    ['PrefixFilter(abc)', 'the row prefix must be a quoted string, got abc'],
    ['PageFilter(-1)', 'the page size is -1; it must be from 0'],
    [
      'ColumnCountGetFilter(2147483648)',
      'the limit is 2147483648; it must be from 0 to 2147483647',
    ],
    ['KeyOnlyFilter(yes)', 'lengthAsValue must be true or false, got yes'],
    ["RowFilter(==, 'binary:a')", 'invalid compare operator =='],
    ["RowFilter('<', 'binary:a')", "invalid compare operator '<'"],
    ["RowFilter(=, 'text:a')", "incorrect comparator type 'text'"],
    ["RowFilter(=, 'abc')", "comparator 'abc' has no type; write 'binary:abc'"],
    ["RowFilter(<, 'regexstring:a.*')", 'a regexstring comparator can only be used with = and !='],
    ["ValueFilter(>=, 'substring:a')", 'a substring comparator can only be used with = and !='],
    ["ColumnValueFilter('f','q',>, 'substring:a')", 'can only be used with = and !='],
    ["SingleColumnValueFilter('f','q',<,'regexstring:x')", 'can only be used with = and !='],
    ["RowFilter(=, 'regexstring:a(')", "invalid regular expression 'a('"],
    ["MultipleColumnPrefixFilter('a','b','a')", "prefixes must be distinct; 'a' repeats"],
  ])('refuses the bad arguments of %s', (text, message) => {
    expect(parseError(text).message).toContain(message);
  });

  it("lets DependentColumnFilter use any op with any comparator, as HBase's does", () => {
    expect(parseFilter("DependentColumnFilter('f','q',false,<,'substring:a')")).toMatchObject({
      op: 'LESS',
      comparator: { type: 'substring', value: 'a' },
    });
  });

  it('points at the offending argument', () => {
    const text = "ColumnRangeFilter('a', true, 'c', maybe)";
    expect(parseError(text).position).toBe(text.indexOf('maybe'));
  });

  it('crosses the wire as itself', () => {
    const rebuilt = fromWire(toWire(parseError('Bogus()')));
    expect(rebuilt).toBeInstanceOf(FilterParseError);
    expect(rebuilt.message).toBe('Filter Name Bogus not supported (at position 0)');
  });
});

describe('limits', () => {
  it('refuses a string longer than FILTER_STRING_CHARS_MAX', () => {
    const text = `PrefixFilter('${'x'.repeat(FILTER_STRING_CHARS_MAX)}')`;
    expect(parseError(text).message).toContain('FILTER_STRING_CHARS_MAX');
  });

  it('refuses nesting deeper than FILTER_NESTING_DEPTH_MAX', () => {
    const deep = (n: number): string => `${'('.repeat(n)}${A}${')'.repeat(n)}`;
    expect(parseFilter(deep(FILTER_NESTING_DEPTH_MAX))).toEqual(leaf('a'));
    expect(parseError(deep(FILTER_NESTING_DEPTH_MAX + 1)).message).toContain(
      'FILTER_NESTING_DEPTH_MAX',
    );
    expect(parseError(`${'SKIP '.repeat(FILTER_NESTING_DEPTH_MAX + 1)}${A}`).message).toContain(
      'FILTER_NESTING_DEPTH_MAX',
    );
  });

  it('refuses more than FILTER_ARGUMENTS_MAX arguments', () => {
    const many = Array.from({ length: FILTER_ARGUMENTS_MAX + 1 }, (_, i) => String(i)).join(',');
    expect(parseError(`TimestampsFilter(${many})`).message).toContain('FILTER_ARGUMENTS_MAX');
  });
});
