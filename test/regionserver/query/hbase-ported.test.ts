// Scenarios ported from HBase's own TestKeepDeletes (one family instead of three), with HBase's
// expected answers: an outside check that our rules and the model agree with HBase itself.
import { describe, expect, it } from 'vitest';
import { CellType } from '../../../src/common/index.js';
import { NOW_MS, Scenario } from './scenario.js';

/** HBase's countDeleteMarkers: a raw scan with the family's VERSIONS, counting markers. */
async function countDeleteMarkers(s: Scenario, maxVersions: number): Promise<number> {
  const rows = await s.scan({ raw: true, maxVersions });
  return rows.flat().filter((cell) => !cell.includes('/Put/')).length;
}

describe('ported from HBase TestKeepDeletes', () => {
  it('testDeleteMarkerVersioning: markers are versioned with their Puts', async () => {
    const ts = 5000;
    const s = new Scenario({ maxVersions: 1, keepDeletedCells: 'TRUE' });
    s.put('T1', 'c0', ts, 'T1');
    s.put('T1', 'c1', ts - 10, 'T1'); // keeps markers from going by EARLIEST_PUT_TS
    s.delete(CellType.DeleteColumn, 'T1', 'c0', ts);
    s.delete(CellType.Delete, 'T1', 'c0', ts + 1);
    s.delete(CellType.Delete, 'T1', 'c0', ts + 3);
    await s.flush();
    await s.compact(true);
    await s.compact(true);
    expect(await countDeleteMarkers(s, 1)).toBe(3);
    s.put('T1', 'c0', ts + 2, 'T2');
    expect(await countDeleteMarkers(s, 1)).toBe(3); // delete, put, delete, delete, put
    s.put('T1', 'c0', ts + 3, 'T3');
    expect(await countDeleteMarkers(s, 1)).toBe(1); // delete, put, put | delete, delete
    await s.flush(); // the flush drops the second Put: the markers count again
    expect(await countDeleteMarkers(s, 1)).toBe(3);
    await s.compact(true);
    expect(await countDeleteMarkers(s, 1)).toBe(3);
    s.put('T1', 'c0', ts + 4, 'T4');
    await s.flush();
    expect(await countDeleteMarkers(s, 1)).toBe(1);
    await s.compact(true);
    await s.compact(true);
    expect(await countDeleteMarkers(s, 1)).toBe(1);
  });

  it('testWithMinVersions: deleted rows kept together with MIN_VERSIONS', async () => {
    const ts = NOW_MS - 2000; // 2 s in the past; TTL is 1 s
    const s = new Scenario({
      minVersions: 3,
      maxVersions: 1000,
      ttlSeconds: 1,
      keepDeletedCells: 'TRUE',
    });
    s.put('T1', 'c0', ts, 'T3');
    s.put('T1', 'c0', ts - 1, 'T2');
    s.put('T1', 'c0', ts - 3, 'T1');
    s.put('T1', 'c0', ts - 4, 'T0');
    s.delete(CellType.DeleteFamily, 'T1', '', ts - 1);
    s.delete(CellType.DeleteColumn, 'T1', 'c0', ts - 1);
    const g = { maxVersions: 1000, timeRange: { minTs: 0, maxTs: ts - 2 } };
    const values = async (): Promise<string[]> =>
      (await s.get('T1', g)).map((c) => c.split('/').pop() ?? '');
    expect(await values()).toEqual(['T1', 'T0']);
    expect(await countDeleteMarkers(s, 1000)).toBe(2);
    await s.flush();
    expect(await countDeleteMarkers(s, 1000)).toBe(2);
    expect(await values()).toEqual(['T1']);
    s.put('T1', 'c0', ts + 1, 'T4');
    await s.flush();
    expect(await countDeleteMarkers(s, 1000)).toBe(2);
    expect(await values()).toEqual(['T1']);
    s.put('T1', 'c0', ts + 2, 'T5');
    await s.flush();
    await s.compact(true);
    expect(await countDeleteMarkers(s, 1000)).toBe(2);
    // The compaction raised EARLIEST_PUT_TS above the markers: the next one drops them.
    await s.compact(true);
    expect(await countDeleteMarkers(s, 1000)).toBe(0);
  });

  it('testWithTTL: KEEP_DELETED_CELLS=TTL keeps deleted cells only until they expire', async () => {
    const ts = NOW_MS - 2000;
    const s = new Scenario({
      minVersions: 1,
      maxVersions: 1000,
      ttlSeconds: 1,
      keepDeletedCells: 'TTL',
    });
    s.put('T1', 'c0', ts, 'T3');
    s.put('T2', 'c0', ts - 10, 'T1');
    const before = { maxVersions: 1000, timeRange: { minTs: 0, maxTs: ts + 1 } };
    expect(await s.get('T1', before)).toEqual([`T1/f:c0/${ts}/Put/T3`]);
    s.delete(CellType.DeleteFamily, 'T1', '', ts + 2);
    expect(await s.get('T1', before)).toEqual([`T1/f:c0/${ts}/Put/T3`]);
    expect(await countDeleteMarkers(s, 1000)).toBe(1);
    await s.flush();
    expect(await countDeleteMarkers(s, 1000)).toBe(1);
    // The marker has expired, so it masks again: the flush dropped the Put.
    expect(await s.get('T1', before)).toEqual([]);
    await s.compact(true);
    expect(await countDeleteMarkers(s, 1000)).toBe(0);
  });
});
