// Row filters: PrefixFilter, InclusiveStopFilter, PageFilter (per region scan), RandomRowFilter,
// MultiRowRangeFilter and FuzzyRowFilter, driven in the documented order.
// Seeded: COLONNADE_SEED=<seed> replays a failing run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareBytes,
  InvalidArgumentError,
  SeededRng,
  seedFromEnv,
} from '../../../src/common/index.js';
import {
  parseFilter,
  type FilterSpec,
  type RowRangeSpec,
} from '../../../src/common/filter/index.js';
import { compileFilter, nextFuzzyRow } from '../../../src/regionserver/filter/index.js';
import { cells, rowKeys, scanWithFilter } from './scan-driver.js';

const seed = seedFromEnv();
const rng = new SeededRng(seed);
const b = (text: string): Buffer => Buffer.from(text, 'utf8');
const rowsOf = (...keys: string[]) =>
  cells(...keys.flatMap((row) => ['a', 'b'].map((qualifier) => ({ row, family: 'f', qualifier }))));
const scan = (spec: FilterSpec, data = rowsOf('a', 'ab', 'abc', 'abd', 'ac', 'b')) =>
  scanWithFilter(data, compileFilter(spec, rng));

describe('PrefixFilter', () => {
  it('keeps the rows with the prefix and ends the scan after them', () => {
    const trace = scan(parseFilter("PrefixFilter('ab')"));
    expect(rowKeys(trace.rows)).toEqual(['ab', 'abc', 'abd']);
    // 'a' is dropped by its key, 'ac' ends the scan: only the three rows' cells are read.
    expect(trace.cellsSeen).toBe(6);
  });

  it('with an empty prefix keeps every row', () => {
    expect(rowKeys(scan(parseFilter("PrefixFilter('')")).rows)).toHaveLength(6);
  });
});

describe('InclusiveStopFilter', () => {
  it('keeps rows up to and including the stop row, then ends the scan', () => {
    const filter = compileFilter(parseFilter("InclusiveStopFilter('abc')"), rng);
    expect(
      rowKeys(scanWithFilter(rowsOf('a', 'ab', 'abc', 'abd', 'ac', 'b'), filter).rows),
    ).toEqual(['a', 'ab', 'abc']);
    expect(filter.filterAllRemaining()).toBe(true);
  });
});

describe('PageFilter', () => {
  it('returns pageSize rows and then ends the scan', () => {
    const filter = compileFilter(parseFilter('PageFilter(2)'), rng);
    const trace = scanWithFilter(rowsOf('r1', 'r2', 'r3', 'r4'), filter);
    expect(rowKeys(trace.rows)).toEqual(['r1', 'r2']);
    expect(trace.cellsSeen).toBe(4);
    expect(filter.filterAllRemaining()).toBe(true);
  });

  it('counts only rows that reach filterRow, so rows other filters empty do not count', () => {
    const spec = parseFilter("ValueFilter(=, 'binary:keep') AND PageFilter(2)");
    const data = cells(
      { row: 'r1', family: 'f', value: 'drop' },
      { row: 'r2', family: 'f', value: 'keep' },
      { row: 'r3', family: 'f', value: 'drop' },
      { row: 'r4', family: 'f', value: 'keep' },
      { row: 'r5', family: 'f', value: 'keep' },
    );
    expect(rowKeys(scan(spec, data).rows)).toEqual(['r2', 'r4']);
  });

  it('is per region: each region scan (a fresh filter) returns its own page', () => {
    const spec = parseFilter('PageFilter(1)');
    const regionA = scan(spec, rowsOf('a1', 'a2'));
    const regionB = scan(spec, rowsOf('b1', 'b2'));
    expect([...rowKeys(regionA.rows), ...rowKeys(regionB.rows)]).toEqual(['a1', 'b1']);
  });

  it('with size 0 returns nothing', () => {
    expect(scan(parseFilter('PageFilter(0)')).rows).toEqual([]);
  });
});

describe('RandomRowFilter', () => {
  const many = rowsOf(...Array.from({ length: 200 }, (_, i) => `r${String(i).padStart(3, '0')}`));

  it('keeps about `chance` of the rows, whole, and replays with the same seed', () => {
    const spec: FilterSpec = { type: 'RandomRowFilter', chance: 0.25 };
    const first = scanWithFilter(many, compileFilter(spec, new SeededRng(seed)));
    const again = scanWithFilter(many, compileFilter(spec, new SeededRng(seed)));
    expect(rowKeys(first.rows)).toEqual(rowKeys(again.rows));
    expect(first.rows.length).toBeGreaterThan(20);
    expect(first.rows.length).toBeLessThan(80);
    expect(first.rows.every((row) => row.length === 2)).toBe(true);
  });

  it('keeps none below 0 and all above 1', () => {
    expect(scan({ type: 'RandomRowFilter', chance: -1 }, many).rows).toEqual([]);
    expect(scan({ type: 'RandomRowFilter', chance: 2 }, many).rows).toHaveLength(200);
  });
});

const range = (
  startRow: string,
  stopRow: string,
  startRowInclusive = true,
  stopRowInclusive = false,
): RowRangeSpec => ({
  startRow: b(startRow),
  startRowInclusive,
  stopRow: b(stopRow),
  stopRowInclusive,
});

describe('MultiRowRangeFilter', () => {
  const data = rowsOf('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');

  it('keeps rows inside any range, seeking over the gaps', () => {
    const trace = scan(
      { type: 'MultiRowRangeFilter', ranges: [range('f', 'g', true, true), range('b', 'd')] },
      data,
    );
    expect(rowKeys(trace.rows)).toEqual(['b', 'c', 'f', 'g']);
    // 'a' and 'd' each cost one cell (then a seek), and 'h' ends the scan.
    expect(trace.cellsSeen).toBe(8 + 2 + 1);
  });

  it('merges overlapping ranges, honours exclusive starts and open ends', () => {
    const ranges = [range('b', 'd'), range('c', 'e'), range('f', '', false)];
    expect(rowKeys(scan({ type: 'MultiRowRangeFilter', ranges }, data).rows)).toEqual([
      'b',
      'c',
      'd',
      'g',
      'h',
    ]);
  });

  it('refuses a range whose start is after its stop', () => {
    expect(() => scan({ type: 'MultiRowRangeFilter', ranges: [range('d', 'b')] })).toThrow(
      InvalidArgumentError,
    );
  });

  it('agrees with a plain membership test (property)', () => {
    const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '');
    const ranges = fc.array(
      fc.record({
        startRow: key,
        startRowInclusive: fc.boolean(),
        stopRow: key,
        stopRowInclusive: fc.boolean(),
      }),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(ranges, (raw) => {
        const valid = raw
          .map((r) => range(r.startRow, r.stopRow, r.startRowInclusive, r.stopRowInclusive))
          .filter((r) => r.stopRow.length === 0 || compareBytes(r.startRow, r.stopRow) <= 0);
        const inside = (row: string): boolean =>
          valid.some((r) => {
            const start = compareBytes(r.startRow, b(row));
            const stop = compareBytes(b(row), r.stopRow);
            const afterStart = start < 0 || (start === 0 && r.startRowInclusive);
            const beforeStop =
              r.stopRow.length === 0 || stop < 0 || (stop === 0 && r.stopRowInclusive);
            return afterStart && beforeStop;
          });
        const got = rowKeys(scan({ type: 'MultiRowRangeFilter', ranges: valid }, data).rows);
        expect(got).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].filter(inside));
      }),
      { seed, numRuns: 300 },
    );
  });
});

describe('FuzzyRowFilter', () => {
  const fuzzy = (row: string, mask: number[]): FilterSpec => ({
    type: 'FuzzyRowFilter',
    pairs: [{ row: b(row), mask: Buffer.from(mask) }],
  });

  it('keeps rows whose fixed bytes match (mask 0 fixed, 1 any) and seeks between them', () => {
    const data = rowsOf('a1x', 'a1y', 'a2x', 'b1x', 'b2x', 'b2xx', 'c2');
    const trace = scan(fuzzy('?2x', [1, 0, 0]), data);
    expect(rowKeys(trace.rows)).toEqual(['a2x', 'b2x', 'b2xx']);
  });

  it('computes the smallest matching row above a row', () => {
    const pair = { row: b('?2x'), mask: Buffer.from([1, 0, 0]) };
    expect(nextFuzzyRow(b('a1x'), pair)).toEqual(b('a2x'));
    expect(nextFuzzyRow(b('a3'), pair)).toEqual(b('b2x'));
    expect(nextFuzzyRow(b('a2'), pair)).toEqual(b('a2x'));
    expect(nextFuzzyRow(Buffer.from([0xff, 0x33]), pair)).toBeUndefined();
  });

  it('agrees with brute force over a small alphabet (property)', () => {
    const alphabet = [0, 1, 2, 0xff];
    const bytes = (max: number) =>
      fc.array(fc.constantFrom(...alphabet), { maxLength: max }).map((xs) => Buffer.from(xs));
    const all: Buffer[] = [];
    const grow = (prefix: number[]): void => {
      all.push(Buffer.from(prefix));
      if (prefix.length < 4) for (const x of alphabet) grow([...prefix, x]);
    };
    grow([]);
    all.sort(compareBytes);
    const pairArb = fc.integer({ min: 1, max: 3 }).chain((n) =>
      fc.record({
        row: fc.array(fc.constantFrom(...alphabet), { minLength: n, maxLength: n }),
        mask: fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }),
      }),
    );
    fc.assert(
      fc.property(pairArb, bytes(4), ({ row, mask }, start) => {
        const pair = { row: Buffer.from(row), mask: Buffer.from(mask) };
        const matches = (x: Buffer): boolean =>
          x.length >= row.length && row.every((v, i) => mask[i] === 1 || x[i] === v);
        if (matches(start)) return;
        const next = nextFuzzyRow(start, pair);
        // Every candidate between start and next (in the 4-byte universe) must not match.
        const between = all.filter(
          (x) => compareBytes(x, start) > 0 && (next === undefined || compareBytes(x, next) < 0),
        );
        expect(between.filter(matches)).toEqual([]);
        if (next !== undefined) {
          expect(compareBytes(next, start)).toBeGreaterThan(0);
          expect(matches(next)).toBe(true);
        }
      }),
      { seed, numRuns: 500 },
    );
  });

  it('refuses masks that are not 0/1 or not as long as the key', () => {
    expect(() => compileFilter(fuzzy('ab', [0, 2]), rng)).toThrow(InvalidArgumentError);
    expect(() => compileFilter(fuzzy('ab', [0]), rng)).toThrow(InvalidArgumentError);
  });
});
