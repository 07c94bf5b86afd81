// Comparators and the compare-op rule of HBase's CompareFilter, pinned the way shell users see it:
// RowFilter(<, 'binary:m') keeps the rows below m. Then Row/Family/Qualifier/ValueFilter.
// Seeded: COLONNADE_SEED=<seed> replays a failing run.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type Cell, compareBytes, SeededRng, seedFromEnv } from '../../../src/common/index.js';
import { parseFilter, type ComparatorSpec } from '../../../src/common/filter/index.js';
import {
  compareOpPasses,
  compileComparator,
  compileFilter,
  FilterCode,
} from '../../../src/regionserver/filter/index.js';
import { cells, describeRows, rowKeys, scanWithFilter } from './scan-driver.js';

const seed = seedFromEnv();
const rng = new SeededRng(seed);
const run = (text: string, data = table) =>
  scanWithFilter(data, compileFilter(parseFilter(text), rng));
const table = cells(
  ...['a', 'k', 'm', 'ma', 'z'].map((row) => ({ row, family: 'f', qualifier: 'q', value: row })),
);

describe('the compare-op rule', () => {
  it.each([
    ['<', ['a', 'k']],
    ['<=', ['a', 'k', 'm']],
    ['=', ['m']],
    ['!=', ['a', 'k', 'ma', 'z']],
    ['>=', ['m', 'ma', 'z']],
    ['>', ['ma', 'z']],
  ])("RowFilter(%s, 'binary:m') keeps the rows that are %s m", (op, expected) => {
    expect(rowKeys(run(`RowFilter(${op}, 'binary:m')`).rows)).toEqual(expected);
  });

  it('applies the same direction to values', () => {
    expect(rowKeys(run("ValueFilter(<, 'binary:m')").rows)).toEqual(['a', 'k']);
    expect(rowKeys(run("ValueFilter(>, 'binary:m')").rows)).toEqual(['ma', 'z']);
  });

  it('reads compareTo as the comparator against the cell, and passes nothing with NO_OP', () => {
    const m = compileComparator({ type: 'binary', value: Buffer.from('m') });
    expect(m.compareTo(Buffer.from('a'))).toBeGreaterThan(0);
    expect(compareOpPasses('LESS', m.compareTo(Buffer.from('a')))).toBe(true);
    expect(compareOpPasses('NO_OP', 0)).toBe(false);
    expect(compareOpPasses('EQUAL', undefined)).toBe(false);
  });
});

describe(`RowFilter against a naive model (seed ${seed})`, () => {
  const ops = [
    ['<', (c: number) => c < 0],
    ['<=', (c: number) => c <= 0],
    ['=', (c: number) => c === 0],
    ['!=', (c: number) => c !== 0],
    ['>=', (c: number) => c >= 0],
    ['>', (c: number) => c > 0],
  ] as const;

  it('keeps exactly the rows r with compare(r, value) OP 0', () => {
    const key = fc.string({ minLength: 1, maxLength: 3, unit: fc.constantFrom('a', 'b', 'm') });
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { minLength: 1, maxLength: 8 }),
        key,
        fc.constantFrom(...ops),
        (rows, value, [symbol, holds]) => {
          const data = cells(...rows.map((row) => ({ row, family: 'f' })));
          const got = rowKeys(run(`RowFilter(${symbol}, 'binary:${value}')`, data).rows);
          const expected = [...rows]
            .sort((x, y) => compareBytes(Buffer.from(x), Buffer.from(y)))
            .filter((row) => holds(compareBytes(Buffer.from(row), Buffer.from(value))));
          expect(got).toEqual(expected);
        },
      ),
      { seed, numRuns: 300 },
    );
  });
});

describe('comparators', () => {
  const compare = (spec: ComparatorSpec, bytes: Buffer | string): number | undefined =>
    compileComparator(spec).compareTo(typeof bytes === 'string' ? Buffer.from(bytes) : bytes);

  it('binaryprefix compares only as many bytes as the prefix has', () => {
    const spec: ComparatorSpec = { type: 'binaryprefix', value: Buffer.from('ab') };
    expect(compare(spec, 'abzzz')).toBe(0);
    expect(compare(spec, 'a')).toBeGreaterThan(0);
    expect(compare(spec, 'ac')).toBeLessThan(0);
    expect(rowKeys(run("RowFilter(=, 'binaryprefix:m')").rows)).toEqual(['m', 'ma']);
  });

  it('regexstring finds a match anywhere, with . matching newlines', () => {
    const spec: ComparatorSpec = { type: 'regexstring', pattern: 'b.c' };
    expect(compare(spec, 'xxb\ncyy')).toBe(0);
    expect(compare(spec, 'bc')).toBe(1);
    expect(compare({ type: 'regexstring', pattern: '^é$' }, 'é')).toBe(0);
    expect(rowKeys(run("RowFilter(!=, 'regexstring:^m')").rows)).toEqual(['a', 'k', 'z']);
  });

  it('substring ignores case', () => {
    const spec: ComparatorSpec = { type: 'substring', value: 'ELL' };
    expect(compare(spec, 'Hello')).toBe(0);
    expect(compare(spec, 'help')).toBe(1);
  });

  it('long compares 8-byte big-endian signed values and cannot read other lengths', () => {
    const long = (n: bigint): Buffer => {
      const bytes = Buffer.alloc(8);
      bytes.writeBigInt64BE(n);
      return bytes;
    };
    const spec: ComparatorSpec = { type: 'long', value: 10n };
    expect(compare(spec, long(10n))).toBe(0);
    expect(compare(spec, long(-5n))).toBe(1);
    expect(compare(spec, long(300n))).toBe(-1);
    expect(compare(spec, Buffer.from('abc'))).toBeUndefined();
    const values = cells(
      { row: 'neg', family: 'f', value: long(-1n) },
      { row: 'big', family: 'f', value: long(1000n) },
      { row: 'short', family: 'f', value: 'x' },
    );
    const filter = compileFilter(
      { type: 'ValueFilter', op: 'GREATER', comparator: { type: 'long', value: 0n } },
      rng,
    );
    expect(rowKeys(scanWithFilter(values, filter).rows)).toEqual(['big']);
  });

  it('null matches no cell value (a cell value is never null)', () => {
    expect(compare({ type: 'null' }, '')).toBe(1);
  });

  it('bit matches when some bit of value OP cell is set, and lengths agree', () => {
    const value = Buffer.from([0b0101]);
    expect(compare({ type: 'bit', value, op: 'AND' }, Buffer.from([0b0100]))).toBe(0);
    expect(compare({ type: 'bit', value, op: 'AND' }, Buffer.from([0b1010]))).toBe(1);
    expect(compare({ type: 'bit', value, op: 'XOR' }, Buffer.from([0b0101]))).toBe(1);
    expect(compare({ type: 'bit', value, op: 'OR' }, Buffer.from([0]))).toBe(0);
    expect(compare({ type: 'bit', value, op: 'OR' }, Buffer.from([0, 0]))).toBe(1);
  });
});

describe('Row, Family, Qualifier and Value filters', () => {
  const wide = cells(
    { row: 'r1', family: 'f', qualifier: 'a', value: '1' },
    { row: 'r1', family: 'f', qualifier: 'b', value: '2' },
    { row: 'r1', family: 'g', qualifier: 'a', value: '3' },
    { row: 'r2', family: 'g', qualifier: 'c', value: '4' },
  );

  it('RowFilter decides on the key and never reads a dropped row', () => {
    const trace = run("RowFilter(=, 'binary:r2')", wide);
    expect(describeRows(trace.rows)).toEqual([['r2/g:c@9007199254740991=34']]);
    expect(trace.cellsSeen).toBe(1);
  });

  it('FamilyFilter leaves a failing family and still reads the next family of the row', () => {
    const filter = compileFilter(parseFilter("FamilyFilter(=, 'binary:g')"), rng);
    expect(filter.filterCell(wide[0] as Cell)).toBe(FilterCode.NextRow);
    expect(describeRows(scanWithFilter(wide, filter).rows)).toEqual([
      ['r1/g:a@9007199254740991=33'],
      ['r2/g:c@9007199254740991=34'],
    ]);
  });

  it('QualifierFilter and ValueFilter skip failing cells', () => {
    expect(describeRows(run("QualifierFilter(=, 'binary:a')", wide).rows)).toEqual([
      ['r1/f:a@9007199254740991=31', 'r1/g:a@9007199254740991=33'],
    ]);
    expect(rowKeys(run("ValueFilter(>=, 'binary:3')", wide).rows)).toEqual(['r1', 'r2']);
    expect(run("ValueFilter(=, 'substring:4')", wide).rows.flat()).toHaveLength(1);
  });
});
