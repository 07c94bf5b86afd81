// The StoreScanner's side of the filter protocol: which cells reach filterCell (HBase 2: after time
// range, read point, TTL, deletes, column selection and the version count), how each FilterCode
// moves the cursor, the recount of versions after the filter, transformCell and filterAllRemaining.
import { describe, expect, it } from 'vitest';
import { type Cell, CellType, firstOnColumn } from '../../../src/common/index.js';
import { FilterCode } from '../../../src/regionserver/filter/filter.js';
import { columns, Scenario, show } from './scenario.js';
import { TestFilter } from './test-filter.js';

const value = (cell: Cell): string => cell.value.toString();

describe('StoreScanner with a filter', () => {
  it('counts versions before the filter, up to the family VERSIONS, then caps what passes', async () => {
    const s = new Scenario({ maxVersions: 3 });
    for (const ts of [1, 2, 3, 4]) s.put('r', 'q', ts);
    const filter = new TestFilter({
      filterCell: (c) => (value(c) === 'v4' ? FilterCode.Skip : FilterCode.Include),
    });
    expect(await s.get('r', { maxVersions: 1 }, filter)).toEqual(['r/f:q/3/Put/v3']);
    // v4 and v3 were asked about; the recount stopped at v2 after the one version asked for.
    expect(filter.seen.map(value)).toEqual(['v4', 'v3', 'v2']);
  });

  it('cannot dig up versions beyond the family VERSIONS', async () => {
    const s = new Scenario({ maxVersions: 1 });
    for (const ts of [1, 2, 3]) {
      s.put('r', 'q', ts);
      await s.flush(); // separate files keep all three versions until a compaction
    }
    const filter = new TestFilter({
      filterCell: (c) => (value(c) === 'v3' ? FilterCode.Skip : FilterCode.Include),
    });
    expect(await s.get('r', { maxVersions: 5 }, filter)).toEqual([]);
    expect(filter.seen.map(value)).toEqual(['v3']);
  });

  it('never sees deleted cells or markers on a normal read; sees markers on a raw one', async () => {
    const s = new Scenario({ maxVersions: 3 });
    s.put('r', 'a', 1);
    s.put('r', 'b', 1);
    s.put('r', 'b', 2);
    s.delete(CellType.Delete, 'r', 'b', 2);
    const normal = new TestFilter();
    expect(await s.get('r', { maxVersions: 3 }, normal)).toEqual([
      'r/f:a/1/Put/v1',
      'r/f:b/1/Put/v1',
    ]);
    expect(normal.seen.map(show)).toEqual(['r/f:a/1/Put/v1', 'r/f:b/1/Put/v1']);
    const raw = new TestFilter();
    await s.get('r', { maxVersions: 3, raw: true }, raw);
    expect(raw.seen.map((c) => c.type)).toContain(CellType.Delete);
  });

  it('moves as told: NextCol, NextRow, IncludeAndNextCol, IncludeAndSeekNextRow', async () => {
    const s = new Scenario({ maxVersions: 3 });
    for (const q of ['a', 'b', 'c']) for (const ts of [1, 2]) s.put('r', q, ts);
    const q = (c: Cell): string => c.qualifier.toString();
    const codeFor = (code: FilterCode, on: string) =>
      new TestFilter({ filterCell: (c) => (q(c) === on ? code : FilterCode.Include) });
    expect(await s.get('r', { maxVersions: 3 }, codeFor(FilterCode.NextCol, 'a'))).toEqual([
      'r/f:b/2/Put/v2',
      'r/f:b/1/Put/v1',
      'r/f:c/2/Put/v2',
      'r/f:c/1/Put/v1',
    ]);
    expect(await s.get('r', { maxVersions: 3 }, codeFor(FilterCode.NextRow, 'b'))).toEqual([
      'r/f:a/2/Put/v2',
      'r/f:a/1/Put/v1',
    ]);
    const includeAndNextCol = codeFor(FilterCode.IncludeAndNextCol, 'a');
    expect(await s.get('r', { maxVersions: 3 }, includeAndNextCol)).toHaveLength(5);
    const includeAndNextRow = codeFor(FilterCode.IncludeAndSeekNextRow, 'b');
    expect(await s.get('r', { maxVersions: 3 }, includeAndNextRow)).toEqual([
      'r/f:a/2/Put/v2',
      'r/f:a/1/Put/v1',
      'r/f:b/2/Put/v2',
    ]);
  });

  it('seeks to the hint on SeekNextUsingHint; a backward hint only steps', async () => {
    const s = new Scenario();
    for (const q of ['a', 'b', 'c']) s.put('r', q, 1);
    const forward = new TestFilter({
      filterCell: (c) =>
        c.qualifier.toString() === 'a' ? FilterCode.SeekNextUsingHint : FilterCode.Include,
      nextCellHint: (c) => firstOnColumn(c.row, c.family, Buffer.from('c')),
    });
    expect(await s.get('r', {}, forward)).toEqual(['r/f:c/1/Put/v1']);
    expect(forward.seen).toHaveLength(2);
    const backward = new TestFilter({
      filterCell: (c) =>
        c.qualifier.toString() === 'b' ? FilterCode.SeekNextUsingHint : FilterCode.Include,
      nextCellHint: (c) => firstOnColumn(c.row, c.family, Buffer.from('a')),
    });
    expect(await s.get('r', {}, backward)).toEqual(['r/f:a/1/Put/v1', 'r/f:c/1/Put/v1']);
  });

  it('transforms included cells, counted by maxResultsPerFamily after the filter', async () => {
    const s = new Scenario();
    for (const q of ['a', 'b', 'c']) s.put('r', q, 1);
    const keyOnly = new TestFilter({
      filterCell: (c) => (c.qualifier.toString() === 'a' ? FilterCode.Skip : FilterCode.Include),
      transformCell: (c) => ({ ...c, value: Buffer.alloc(0) }),
    });
    expect(await s.get('r', { maxResultsPerFamily: 1, columns: columns('f') }, keyOnly)).toEqual([
      'r/f:b/1/Put/',
    ]);
  });

  it('ends the scan once filterAllRemaining says so', async () => {
    const s = new Scenario();
    for (const row of ['r1', 'r2', 'r3']) s.put(row, 'q', 1);
    const filter = new TestFilter({ allRemainingAfterCells: 2 });
    const rows = await s.scan({}, filter);
    expect(rows).toEqual([['r1/f:q/1/Put/v1'], ['r2/f:q/1/Put/v1']]);
  });
});
