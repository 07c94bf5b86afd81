// Golden tests of the read path: TTL, MIN_VERSIONS, KEEP_DELETED_CELLS time travel, raw reads, the
// MVCC read point, per-family limits, column selection and scans; checked against the model too.
import { describe, expect, it } from 'vitest';
import { type Cell, CellType, InvalidArgumentError, makeCell } from '../../../src/common/index.js';
import { familyDescriptor } from '../../../src/common/operations.js';
import { StoreScanner } from '../../../src/regionserver/query/index.js';
import { ALL_TIME } from '../model/hbase-model.js';
import { ArrayScanner } from '../support/array-scanner.js';
import { columns, NOW_MS, Scenario } from './scenario.js';

describe('StoreScanner: TTL and MIN_VERSIONS', () => {
  it('hides expired cells before any compaction, and a compaction drops them', async () => {
    const s = new Scenario({ ttlSeconds: 1, maxVersions: 3 });
    s.put('r', 'q', NOW_MS - 2000, 'old');
    s.put('r', 'p', NOW_MS - 500, 'young');
    expect(await s.get('r', { maxVersions: 3 })).toEqual([`r/f:p/${NOW_MS - 500}/Put/young`]);
    // Seen from an earlier "now", the old cell had not expired yet.
    expect(await s.get('r', { maxVersions: 3, nowMs: NOW_MS - 1500 })).toHaveLength(2);
    await s.flush(NOW_MS - 1500);
    expect(await s.get('r', { maxVersions: 3, raw: true })).toHaveLength(2);
    await s.compact(true);
    expect(await s.get('r', { maxVersions: 3, raw: true })).toEqual([
      `r/f:p/${NOW_MS - 500}/Put/young`,
    ]);
  });

  it('MIN_VERSIONS keeps the newest versions once they expired, and no more', async () => {
    const s = new Scenario({ ttlSeconds: 1, maxVersions: 3, minVersions: 2 });
    for (const age of [5000, 4000, 3000]) s.put('r', 'q', NOW_MS - age);
    const expired = [
      `r/f:q/${NOW_MS - 3000}/Put/v${NOW_MS - 3000}`,
      `r/f:q/${NOW_MS - 4000}/Put/v${NOW_MS - 4000}`,
    ];
    expect(await s.get('r', { maxVersions: 3 })).toEqual(expired);
    await s.flush();
    await s.compact(true);
    expect(await s.get('r', { maxVersions: 3, raw: true })).toEqual(expired);
    // A fresh version takes one of the slots; expired ones fill the rest up to MIN_VERSIONS.
    s.put('r', 'q', NOW_MS - 10, 'fresh');
    expect(await s.get('r', { maxVersions: 3 })).toEqual([
      `r/f:q/${NOW_MS - 10}/Put/fresh`,
      expired[0],
    ]);
    expect(await s.get('r', { maxVersions: 3, columns: columns('f', 'q') })).toEqual([
      `r/f:q/${NOW_MS - 10}/Put/fresh`,
      expired[0],
    ]);
  });
});

describe('StoreScanner: KEEP_DELETED_CELLS', () => {
  it('TRUE: a time-range read before the marker sees the deleted cell, also after compaction', async () => {
    const s = new Scenario({ keepDeletedCells: 'TRUE', maxVersions: 3 });
    s.put('r', 'q', 100);
    s.delete(CellType.DeleteColumn, 'r', 'q', 200);
    const past = { timeRange: { minTs: 0, maxTs: 150 } };
    expect(await s.get('r')).toEqual([]);
    expect(await s.get('r', past)).toEqual(['r/f:q/100/Put/v100']);
    await s.flush();
    await s.compact(true);
    expect(await s.get('r')).toEqual([]);
    expect(await s.get('r', past)).toEqual(['r/f:q/100/Put/v100']);
    expect(await s.get('r', { raw: true })).toEqual([
      'r/f:q/200/DeleteColumn/',
      'r/f:q/100/Put/v100',
    ]);
  });

  it('FALSE: the marker reaches back to the beginning of time', async () => {
    const s = new Scenario({ maxVersions: 3 });
    s.put('r', 'q', 100);
    s.delete(CellType.DeleteColumn, 'r', 'q', 200);
    expect(await s.get('r', { timeRange: { minTs: 0, maxTs: 150 } })).toEqual([]);
    // Only a range that starts after the marker escapes it.
    s.put('r', 'q', 300);
    expect(await s.get('r', { timeRange: { minTs: 250, maxTs: 400 } })).toEqual([
      'r/f:q/300/Put/v300',
    ]);
  });
});

describe('StoreScanner: raw reads and the read point', () => {
  it('raw shows markers and masked cells in cell order, versions capped as asked', async () => {
    const s = new Scenario({ maxVersions: 1 });
    s.put('r', 'q', 1);
    s.put('r', 'q', 2);
    s.delete(CellType.Delete, 'r', 'q', 2);
    s.delete(CellType.DeleteFamily, 'r', '', 1);
    expect(await s.get('r', { raw: true, maxVersions: 5 })).toEqual([
      'r/f:/1/DeleteFamily/',
      'r/f:q/2/Delete/',
      'r/f:q/2/Put/v2',
      'r/f:q/1/Put/v1',
    ]);
    // Markers take no version slot; the second Put is past the one asked for.
    expect(await s.get('r', { raw: true, maxVersions: 1 })).toEqual([
      'r/f:/1/DeleteFamily/',
      'r/f:q/2/Delete/',
      'r/f:q/2/Put/v2',
    ]);
    expect(await s.get('r', { maxVersions: 5 })).toEqual([]);
  });

  it('cells above the read point are invisible, markers included', async () => {
    const s = new Scenario({ maxVersions: 3 });
    const first = s.put('r', 'q', 5);
    s.put('r', 'q', 6);
    expect(await s.get('r', { readPoint: first })).toEqual(['r/f:q/5/Put/v5']);
    const beforeDelete = s.lastSequenceId;
    s.delete(CellType.DeleteColumn, 'r', 'q', 9);
    expect(await s.get('r', { readPoint: beforeDelete })).toEqual(['r/f:q/6/Put/v6']);
    expect(await s.get('r')).toEqual([]);
    expect(await s.get('r', { readPoint: 0 })).toEqual([]);
  });
});

describe('StoreScanner: columns, per-family limits and scans', () => {
  it('selects named qualifiers and counts versions per column', async () => {
    const s = new Scenario({ maxVersions: 3 });
    for (const q of ['a', 'b', 'c']) for (const ts of [1, 2, 3]) s.put('r', q, ts);
    expect(await s.get('r', { columns: columns('f', 'c', 'a'), maxVersions: 2 })).toEqual([
      'r/f:a/3/Put/v3',
      'r/f:a/2/Put/v2',
      'r/f:c/3/Put/v3',
      'r/f:c/2/Put/v2',
    ]);
    expect(await s.get('r', { columns: columns('f', 'zz') })).toEqual([]);
  });

  it('maxResultsPerFamily and rowOffsetPerFamily page through a row', async () => {
    const s = new Scenario();
    for (const q of ['a', 'b', 'c', 'd']) s.put('r', q, 1);
    const page = await s.get('r', { maxResultsPerFamily: 2, rowOffsetPerFamily: 1 });
    expect(page).toEqual(['r/f:b/1/Put/v1', 'r/f:c/1/Put/v1']);
    expect(await s.get('r', { maxResultsPerFamily: 0 })).toEqual([]);
    expect(await s.get('r', { rowOffsetPerFamily: 9 })).toEqual([]);
  });

  it('scans rows forward and reversed across families, with start/stop and limit', async () => {
    const s = new Scenario([familyDescriptor('a'), familyDescriptor('b')], { async: true });
    for (const row of ['r1', 'r2', 'r3', 'r4']) {
      s.put(row, 'q', 1, row, 'a');
      s.put(row, 'q', 1, row, 'b');
    }
    s.delete(CellType.DeleteFamily, 'r2', '', 5, 'a');
    s.delete(CellType.DeleteFamily, 'r2', '', 5, 'b');
    const rows = async (o: object): Promise<string[]> =>
      (await s.scan(o)).map((cells) => (cells[0] ?? '').split('/')[0] ?? '');
    expect(await rows({})).toEqual(['r1', 'r3', 'r4']);
    expect(await rows({ reversed: true })).toEqual(['r4', 'r3', 'r1']);
    expect(await rows({ startRow: Buffer.from('r1'), startRowInclusive: false, limit: 1 })).toEqual(
      ['r3'],
    );
    const reversedRange = {
      reversed: true,
      startRow: Buffer.from('r4'),
      startRowInclusive: false,
      stopRow: Buffer.from('r1'),
      stopRowInclusive: true,
    };
    expect(await rows(reversedRange)).toEqual(['r3', 'r1']);
    expect(await s.scan({ columns: columns('b') })).toHaveLength(3);
  });
});

describe('StoreScanner: argument checks', () => {
  const family = familyDescriptor('f');
  const base = {
    family,
    qualifiers: undefined,
    timeRange: ALL_TIME,
    maxVersions: 1,
    raw: false,
    readPoint: 10,
    nowMs: NOW_MS,
    filter: undefined,
  };

  it('refuses qualifiers on a raw read, and bad counts', () => {
    const raw = { ...base, raw: true, qualifiers: [Buffer.from('q')] };
    expect(() => new StoreScanner([], raw)).toThrow(InvalidArgumentError);
    expect(() => new StoreScanner([], { ...base, maxVersions: 0 })).toThrow(InvalidArgumentError);
    expect(() => new StoreScanner([], { ...base, rowOffsetPerFamily: -1 })).toThrow(
      InvalidArgumentError,
    );
  });

  it('a single-row read stops at its row: the same cells, and no seek past the row', async () => {
    const cells = ['a', 'b'].flatMap((row) =>
      ['p', 'q', 'r'].map((qualifier) =>
        makeCell({ row, family: 'f', qualifier, timestamp: 1, sequenceId: 1 }),
      ),
    );
    const read = async (singleRow: boolean): Promise<{ out: string[]; moves: number }> => {
      const source = new ArrayScanner(cells);
      const scanner = new StoreScanner([source], {
        ...base,
        qualifiers: [Buffer.from('q')],
        singleRow,
      });
      await scanner.seekToRow(Buffer.from('a'));
      const out: Cell[] = [];
      const before = source.moves;
      await scanner.readRow(out);
      const moves = source.moves - before;
      const rest = scanner.peekRow();
      scanner.close();
      return { out: [...out.map((c) => c.qualifier.toString()), `then ${String(rest)}`], moves };
    };
    const scan = await read(false);
    const get = await read(true);
    expect(scan.out).toEqual(['q', 'then b']);
    expect(get.out).toEqual(['q', 'then undefined']);
    expect(get.moves).toBeLessThan(scan.moves);
  });

  it('is empty before a seek over unpositioned sources and after its rows', async () => {
    const cell = makeCell({ row: 'r', family: 'f', qualifier: 'q', timestamp: 1, sequenceId: 1 });
    const source = new ArrayScanner([cell]);
    const scanner = new StoreScanner([source], base);
    await scanner.seekToRow(Buffer.from('r'));
    expect(scanner.peekRow()?.toString()).toBe('r');
    const out: (typeof cell)[] = [];
    await scanner.readRow(out);
    expect(out).toEqual([cell]);
    expect(scanner.peekRow()).toBeUndefined();
    await scanner.readRow(out);
    expect(out).toHaveLength(1);
    expect(await scanner.lastRowBefore(undefined)).toEqual(Buffer.from('r'));
    scanner.close();
    expect(source.closed).toBe(true);
  });
});
