// Scan row bounds as properties: setRowPrefixFilter selects exactly the rows with the prefix, in
// either direction, and resumeAfter(r) selects exactly the rows after r in scan order, so a
// scanner resuming after each batch sees every row once. Bounds are evaluated by a small pure
// model of ScanSpec below. Seeded: COLONNADE_SEED=<seed> replays a failing run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareBytes, EMPTY_BYTES } from '../../../src/common/bytes.js';
import type { ScanSpec } from '../../../src/common/operations.js';
import { seedFromEnv } from '../../../src/common/rng.js';
import { Scan } from '../../../src/client/ops/index.js';

const seed = seedFromEnv();

/** Whether the spec's row bounds admit `row` (the region server's meaning of ScanSpec). */
function selects(spec: ScanSpec, row: Buffer): boolean {
  const reversed = spec.reversed === true;
  const start = spec.startRow ?? EMPTY_BYTES;
  const stop = spec.stopRow ?? EMPTY_BYTES;
  if (start.length > 0) {
    const c = compareBytes(row, start) * (reversed ? -1 : 1);
    if (c < 0 || (c === 0 && spec.startRowInclusive === false)) return false;
  }
  if (stop.length > 0) {
    const c = compareBytes(row, stop) * (reversed ? -1 : 1);
    if (c > 0 || (c === 0 && spec.stopRowInclusive !== true)) return false;
  }
  return true;
}

/** The rows a spec returns from `rows`, in scan order, up to its limit. */
function scanRows(spec: ScanSpec, rows: readonly Buffer[]): Buffer[] {
  const picked = rows.filter((r) => selects(spec, r)).sort(compareBytes);
  if (spec.reversed === true) picked.reverse();
  return spec.limit === undefined ? picked : picked.slice(0, spec.limit);
}

const hex = (rows: readonly Buffer[]): string[] => rows.map((r) => r.toString('hex'));

/** Short keys over few byte values, 0x00 and 0xFF included, so prefixes and bounds collide. */
const key = fc
  .array(fc.constantFrom(0x00, 0x01, 0x61, 0x62, 0xfe, 0xff), { minLength: 1, maxLength: 4 })
  .map((bytes) => Buffer.from(bytes));
const rowSet = fc.uniqueArray(key, { maxLength: 40, selector: (b) => b.toString('hex') });
const bound = fc.option(fc.tuple(fc.oneof(key, fc.constant(EMPTY_BYTES)), fc.boolean()), {
  nil: undefined,
});

const scanArb = fc
  .record({
    start: bound,
    stop: bound,
    prefix: fc.option(fc.oneof(key, fc.constant(EMPTY_BYTES)), { nil: undefined }),
    reversed: fc.boolean(),
    reverseFirst: fc.boolean(),
  })
  .map(({ start, stop, prefix, reversed, reverseFirst }) => {
    const scan = new Scan();
    if (reverseFirst) scan.setReversed(reversed);
    if (prefix !== undefined) scan.setRowPrefixFilter(prefix);
    if (start !== undefined) scan.withStartRow(start[0], start[1]);
    if (stop !== undefined) scan.withStopRow(stop[0], stop[1]);
    if (!reverseFirst) scan.setReversed(reversed);
    return scan;
  });

describe(`scan row bounds (seed ${seed})`, () => {
  it('setRowPrefixFilter selects exactly the rows with the prefix, either direction', () => {
    fc.assert(
      fc.property(rowSet, key, fc.boolean(), fc.boolean(), (rows, prefix, reversed, first) => {
        const scan = new Scan();
        if (first) scan.setReversed(reversed);
        scan.setRowPrefixFilter(prefix);
        if (!first) scan.setReversed(reversed);
        const expected = rows
          .filter((r) => r.subarray(0, prefix.length).equals(prefix))
          .sort(compareBytes);
        if (reversed) expected.reverse();
        expect(hex(scanRows(scan.toSpec(), rows))).toEqual(hex(expected));
      }),
      { seed, numRuns: 500 },
    );
  });

  it('resumeAfter(r) selects exactly the rows after r in scan order', () => {
    fc.assert(
      fc.property(rowSet, scanArb, key, fc.nat(), (rows, scan, anyRow, pick) => {
        const all = scanRows(scan.toSpec(), rows);
        // Resume after a row the scan returned, or after any key at all.
        const last = all.length > 0 && pick % 3 !== 0 ? (all[pick % all.length] as Buffer) : anyRow;
        const sign = scan.isReversed() ? -1 : 1;
        const after = all.filter((r) => compareBytes(r, last) * sign > 0);
        const resumed = scan.resumeAfter(last);
        expect(hex(scanRows(resumed.toSpec(), rows))).toEqual(hex(after));
        // The original is untouched; the copy keeps the direction and everything else.
        expect(hex(scanRows(scan.toSpec(), rows))).toEqual(hex(all));
        expect(resumed.isReversed()).toBe(scan.isReversed());
      }),
      { seed, numRuns: 1000 },
    );
  });

  it('a scanner resuming after each batch, lowering the limit, sees each row once', () => {
    const limit = fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined });
    const batch = fc.integer({ min: 1, max: 7 });
    fc.assert(
      fc.property(rowSet, scanArb, limit, batch, (rows, scan, rowLimit, perCall) => {
        if (rowLimit !== undefined) scan.setLimit(rowLimit);
        const expected = scanRows(scan.toSpec(), rows);
        const seen: Buffer[] = [];
        let current: Scan | undefined = scan;
        while (current !== undefined) {
          const got = scanRows(current.toSpec(), rows).slice(0, perCall);
          seen.push(...got);
          const last = got.at(-1);
          const left = rowLimit === undefined ? undefined : rowLimit - seen.length;
          current =
            got.length < perCall || last === undefined || left === 0
              ? undefined
              : current.resumeAfter(last).withLimit(left);
        }
        expect(hex(seen)).toEqual(hex(expected));
      }),
      { seed, numRuns: 500 },
    );
  });
});

describe('setRowPrefixFilter stop rows', () => {
  const stopOf = (prefix: Buffer): string =>
    new Scan().setRowPrefixFilter(prefix).toSpec().stopRow?.toString('hex') ?? '';

  it('computes the next prefix as HBase does', () => {
    expect(stopOf(Buffer.from('abc'))).toBe(Buffer.from('abd').toString('hex'));
    expect(stopOf(Buffer.from([0x61, 0xff]))).toBe('62');
    expect(stopOf(Buffer.from([0x01, 0xff, 0xff]))).toBe('02');
    expect(stopOf(Buffer.from([0x00]))).toBe('01');
    expect(stopOf(Buffer.from([0xfe]))).toBe('ff');
  });

  it('leaves the stop open for an all-0xFF or empty prefix', () => {
    expect(new Scan().setRowPrefixFilter(Buffer.from([0xff, 0xff])).toSpec()).toEqual({
      startRow: Buffer.from([0xff, 0xff]),
      startRowInclusive: true,
    });
    expect(new Scan().setRowPrefixFilter('').toSpec()).toEqual({});
  });

  it('turns the bounds round when reversed', () => {
    const spec = new Scan().setRowPrefixFilter('ab').setReversed(true).toSpec();
    expect(spec).toEqual({
      startRow: Buffer.from('ac'),
      startRowInclusive: false,
      stopRow: Buffer.from('ab'),
      stopRowInclusive: true,
      reversed: true,
    });
    const open = new Scan()
      .setReversed(true)
      .setRowPrefixFilter(Buffer.from([0xff]))
      .toSpec();
    expect(open).toEqual({ stopRow: Buffer.from([0xff]), stopRowInclusive: true, reversed: true });
  });
});
