// The scan cursor (pure): which region comes next forward and reversed, the Scan a region is
// (re)opened with after the last row, the limit across regions, and rows cut by setBatch that are
// resumed inside the row with no cell repeated or lost.
import { describe, expect, it } from 'vitest';
import { Scan } from '../../src/client/ops/index.js';
import { ScanCursor } from '../../src/client/scan-cursor.js';
import { CellType, type Cell } from '../../src/common/cell.js';
import { makeRegionInfo } from '../../src/regionserver/region-info.js';

const b = (s: string): Buffer => Buffer.from(s);
const region = (start: string, end: string) => makeRegionInfo('t', b(start), b(end), 1);
function cell(row: string, q: string): Cell {
  return {
    row: b(row),
    family: b('f'),
    qualifier: b(q),
    timestamp: 1,
    type: CellType.Put,
    value: b('v'),
    sequenceId: 1,
  };
}
const rowOf =
  (...qs: string[]) =>
  (row: string) =>
    qs.map((q) => cell(row, q));
const one = rowOf('q');
const rows = (results: { getRow(): Buffer | undefined }[]) =>
  results.map((r) => r.getRow()?.toString());

describe('ScanCursor', () => {
  it('walks regions forward until the stop row', () => {
    const cursor = new ScanCursor(new Scan().withStartRow('b').withStopRow('p'));
    expect(cursor.position).toEqual({ kind: 'at', row: b('b') });
    expect(rows(cursor.accept([one('b'), one('c')]))).toEqual(['b', 'c']);
    cursor.regionDone(region('', 'g'));
    expect(cursor.position).toEqual({ kind: 'at', row: b('g') });
    const spec = cursor.regionScan().toSpec();
    expect(spec.startRow).toEqual(b('c'));
    expect(spec.startRowInclusive).toBe(false);
    cursor.regionDone(region('g', 'p'));
    expect(cursor.done).toBe(true);
  });

  it('reaches the region holding an inclusive stop row, and no further', () => {
    const cursor = new ScanCursor(new Scan().withStopRow('p', true));
    cursor.regionDone(region('', 'p'));
    expect(cursor.done).toBe(false);
    expect(cursor.position).toEqual({ kind: 'at', row: b('p') });
    cursor.regionDone(region('p', 'x'));
    expect(cursor.done).toBe(true);
  });

  it('walks regions backward when reversed, from the last region', () => {
    const cursor = new ScanCursor(new Scan().setReversed(true).withStopRow('c'));
    expect(cursor.position).toEqual({ kind: 'before', key: b('') });
    expect(rows(cursor.accept([one('z')]))).toEqual(['z']);
    cursor.regionDone(region('p', ''));
    expect(cursor.position).toEqual({ kind: 'before', key: b('p') });
    const spec = cursor.regionScan().toSpec();
    expect(spec.reversed).toBe(true);
    expect(spec.startRow).toEqual(b('z'));
    expect(spec.startRowInclusive).toBe(false);
    cursor.regionDone(region('c', 'p'));
    expect(cursor.done).toBe(true);
  });

  it('starts a reversed scan in the region holding its start row', () => {
    const cursor = new ScanCursor(new Scan().setReversed(true).withStartRow('m'));
    expect(cursor.position).toEqual({ kind: 'at', row: b('m') });
    cursor.regionDone(region('', 'z'));
    expect(cursor.done).toBe(true);
  });

  it('counts the limit across regions and stops at it', () => {
    const cursor = new ScanCursor(new Scan().setLimit(3));
    expect(cursor.rowsPerCall(100)).toBe(3);
    cursor.accept([one('a'), one('b')]);
    cursor.regionDone(region('', 'g'));
    expect(cursor.regionScan().getLimit()).toBe(1);
    expect(cursor.rowsPerCall(100)).toBe(1);
    expect(rows(cursor.accept([one('h'), one('i')]))).toEqual(['h']);
    expect(cursor.done).toBe(true);
    expect(cursor.rows).toBe(3);
  });

  it('resumes a row cut by setBatch inside it, skipping the cells already handed out', () => {
    const wide = rowOf('1', '2', '3', '4', '5');
    const cursor = new ScanCursor(new Scan().setBatch(2).setLimit(2));
    const first = wide('a');
    const got = cursor.accept([first.slice(0, 2), first.slice(2, 4)]);
    expect(got.map((r) => r.size())).toEqual([2, 2]);
    expect(got[1]?.mayHaveMoreCellsInRow()).toBe(true);
    // The region moves: reopen at row a itself, with the limit counting a again.
    const again = cursor.regionScan();
    expect(again.getStartRow()).toEqual(b('a'));
    expect(again.includeStartRow()).toBe(true);
    expect(again.getLimit()).toBe(2);
    const rest = cursor.accept([first.slice(0, 2), first.slice(2, 4), first.slice(4), one('b')]);
    expect(rest.map((r) => r.rawCells().map((c) => c.qualifier.toString()))).toEqual([
      ['5'],
      ['q'],
    ]);
    expect(cursor.rows).toBe(2);
    expect(cursor.done).toBe(true);
  });

  it('finishes when closed', () => {
    const cursor = new ScanCursor(new Scan());
    cursor.finish();
    expect(cursor.done).toBe(true);
  });
});
