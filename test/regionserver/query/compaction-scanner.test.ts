// Golden tests of what flushes and compactions write: retain-deletes vs drop-deletes,
// KEEP_DELETED_CELLS, EARLIEST_PUT_TS, the smallest read point, slicing and closing.
import { describe, expect, it } from 'vitest';
import { type Cell, CellType, LATEST_TIMESTAMP, makeCell } from '../../../src/common/index.js';
import { type FamilyDescriptor, familyDescriptor } from '../../../src/common/operations.js';
import {
  type CompactionScanOptions,
  CompactionScanner,
} from '../../../src/regionserver/query/index.js';
import { ArrayScanner } from '../support/array-scanner.js';
import { NOW_MS, show } from './scenario.js';

let sequenceId = 0;
function cell(qualifier: string, timestamp: number, type: CellType = CellType.Put): Cell {
  sequenceId++;
  const value = type === CellType.Put ? `v${timestamp}` : '';
  return makeCell({ row: 'r', family: 'f', qualifier, timestamp, type, value, sequenceId });
}

async function compact(
  inputs: readonly (readonly Cell[])[],
  family: FamilyDescriptor,
  options: Partial<CompactionScanOptions> = {},
  sliceCells = 100,
): Promise<string[]> {
  const scanner = new CompactionScanner(
    inputs.map((cells) => new ArrayScanner(cells)),
    {
      family,
      mode: 'retain-deletes',
      nowMs: NOW_MS,
      smallestReadPoint: Number.MAX_SAFE_INTEGER,
      ...options,
    },
  );
  const out: Cell[] = [];
  while (await scanner.next(out, sliceCells));
  return out.map(show);
}

describe('CompactionScanner', () => {
  it('a flush drops surplus versions and masked Puts but keeps every marker', async () => {
    const memstore = [
      cell('a', 1),
      cell('a', 2),
      cell('a', 3),
      cell('b', 5),
      cell('b', 5, CellType.Delete),
      cell('c', 4, CellType.DeleteColumn),
      cell('c', 3),
    ];
    expect(await compact([memstore], familyDescriptor('f'))).toEqual([
      'r/f:a/3/Put/v3',
      'r/f:b/5/Delete/',
      'r/f:c/4/DeleteColumn/',
    ]);
  });

  it('KEEP_DELETED_CELLS keeps masked Puts through retain-deletes', async () => {
    const cells = [cell('q', 3), cell('q', 4, CellType.DeleteColumn)];
    const family = familyDescriptor('f', { keepDeletedCells: 'TRUE' });
    expect(await compact([cells], family)).toEqual(['r/f:q/4/DeleteColumn/', 'r/f:q/3/Put/v3']);
  });

  it('drop-deletes drops markers with what they mask', async () => {
    const older = [cell('q', 3), cell('p', 1)];
    const newer = [cell('q', 4, CellType.DeleteColumn), cell('', 1, CellType.DeleteFamily)];
    const major = await compact([older, newer], familyDescriptor('f'), { mode: 'drop-deletes' });
    expect(major).toEqual([]);
  });

  it('with KEEP_DELETED_CELLS a major compaction keeps markers, within VERSIONS', async () => {
    const family = familyDescriptor('f', { keepDeletedCells: 'TRUE', maxVersions: 1 });
    const cells = [
      cell('q', 5, CellType.DeleteColumn),
      cell('q', 4),
      cell('q', 3, CellType.DeleteColumn),
      cell('q', 2),
    ];
    // Markers take no version slot; the second Put is past VERSIONS and so is what follows it.
    const major = await compact([cells], family, { mode: 'drop-deletes', earliestPutTs: 2 });
    expect(major).toEqual(['r/f:q/5/DeleteColumn/', 'r/f:q/4/Put/v4', 'r/f:q/3/DeleteColumn/']);
    // A marker older than every Put of the inputs masks nothing and goes.
    const stale = [cell('q', 9), cell('q', 1, CellType.DeleteColumn)];
    expect(await compact([stale], family, { mode: 'drop-deletes', earliestPutTs: 9 })).toEqual([
      'r/f:q/9/Put/v9',
    ]);
    // Unknown (the default): it stays.
    expect(await compact([stale], family, { mode: 'drop-deletes' })).toHaveLength(2);
    // No Put at all: LATEST_TIMESTAMP, every such marker goes.
    const onlyMarkers = [cell('q', 1, CellType.DeleteColumn)];
    const options = { mode: 'drop-deletes' as const, earliestPutTs: LATEST_TIMESTAMP };
    expect(await compact([onlyMarkers], family, options)).toEqual([]);
  });

  it('cells above the smallest read point are kept as they are and mask nothing', async () => {
    const olderPut = cell('p', 1);
    const put = cell('q', 3);
    const marker = cell('q', 4, CellType.DeleteColumn);
    const newPut = cell('p', 2);
    const options = { mode: 'drop-deletes' as const, smallestReadPoint: put.sequenceId };
    // The marker (above) is kept and masks nothing; p@2 (above) takes no version slot, so p@1
    // is kept too although VERSIONS is 1.
    const inputs = [[olderPut, put, marker, newPut]];
    expect(await compact(inputs, familyDescriptor('f'), options)).toEqual([
      'r/f:p/2/Put/v2',
      'r/f:p/1/Put/v1',
      'r/f:q/4/DeleteColumn/',
      'r/f:q/3/Put/v3',
    ]);
  });

  it('expired cells go; KEEP_DELETED_CELLS=TTL drops expired markers under MIN_VERSIONS', async () => {
    const family = familyDescriptor('f', {
      ttlSeconds: 1,
      keepDeletedCells: 'TTL',
      maxVersions: 3,
      minVersions: 1,
    });
    const cells = [
      cell('q', NOW_MS - 5000, CellType.DeleteColumn),
      cell('q', NOW_MS - 6000),
      cell('p', NOW_MS - 100, CellType.DeleteColumn),
      cell('p', NOW_MS - 200),
    ];
    const major = await compact([cells], family, { mode: 'drop-deletes', earliestPutTs: 0 });
    // p: the marker has not expired, so it stays with the cell it deleted (TTL mode keeps both);
    // q: the expired marker masks again and goes, and so does what it masked.
    expect(major).toEqual([
      `r/f:p/${NOW_MS - 100}/DeleteColumn/`,
      `r/f:p/${NOW_MS - 200}/Put/v${NOW_MS - 200}`,
    ]);
  });

  it('slices output without changing it, and closes its sources at the end', async () => {
    const cells = ['a', 'b', 'c', 'd', 'e'].map((q) => cell(q, 1));
    const family = familyDescriptor('f');
    expect(await compact([cells], family, {}, 2)).toEqual(await compact([cells], family));
    const source = new ArrayScanner(cells, { async: true });
    const scanner = new CompactionScanner([source], {
      family,
      mode: 'retain-deletes',
      nowMs: NOW_MS,
      smallestReadPoint: 0,
    });
    const out: Cell[] = [];
    expect(await scanner.next(out, 5)).toBe(false);
    expect(out).toHaveLength(5);
    expect(source.closed).toBe(true);
    expect(await scanner.next(out, 5)).toBe(false);
  });
});
