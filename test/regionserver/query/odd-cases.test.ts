// Golden tests for HBase's known odd cases (hbase-features.md §1.6, cases 1–6), before and after
// flushes and compactions; every read is also checked against the reference model.
import { describe, expect, it } from 'vitest';
import { CellType } from '../../../src/common/index.js';
import { NOW_MS, Scenario } from './scenario.js';

describe('HBase odd cases (§1.6)', () => {
  it('1: a delete masks Puts written later with an older or equal timestamp', async () => {
    for (const type of [CellType.DeleteColumn, CellType.DeleteFamily] as const) {
      const s = new Scenario({ maxVersions: 3 });
      s.delete(type, 'r', type === CellType.DeleteFamily ? '' : 'q', 10);
      s.put('r', 'q', 8); // written after the marker: accepted, invisible
      s.put('r', 'q', 10);
      s.put('r', 'q', 12);
      expect(await s.get('r', { maxVersions: 3 })).toEqual(['r/f:q/12/Put/v12']);
      await s.flush();
      expect(await s.get('r', { maxVersions: 3 })).toEqual(['r/f:q/12/Put/v12']);
      // The major compaction removes the marker and the masked Puts for good...
      await s.compact(true);
      expect(await s.get('r', { maxVersions: 3, raw: true })).toEqual(['r/f:q/12/Put/v12']);
      // ...and only Puts written after it show.
      s.put('r', 'q', 8, 'again');
      expect(await s.get('r', { maxVersions: 3 })).toEqual([
        'r/f:q/12/Put/v12',
        'r/f:q/8/Put/again',
      ]);
    }
  });

  it('2: the last write of one coordinate wins; a Delete at ts beats a Put at ts', async () => {
    const s = new Scenario({ maxVersions: 3 });
    s.put('r', 'q', 5, 'first');
    s.put('r', 'q', 5, 'second');
    expect(await s.get('r', { maxVersions: 3 })).toEqual(['r/f:q/5/Put/second']);
    await s.flush();
    s.put('r', 'q', 5, 'third');
    expect(await s.get('r', { maxVersions: 3 })).toEqual(['r/f:q/5/Put/third']);
    // Raw shows what is still stored: the flush kept one write of the version, the memstore another.
    expect(await s.get('r', { maxVersions: 3, raw: true })).toEqual(['r/f:q/5/Put/third']);
    s.delete(CellType.Delete, 'r', 'q', 5);
    s.put('r', 'q', 5, 'after the delete');
    expect(await s.get('r', { maxVersions: 3 })).toEqual([]);
    await s.flush();
    await s.compact(true);
    expect(await s.get('r', { maxVersions: 3, raw: true })).toEqual([]);
  });

  it('3: with VERSIONS=2, deleting the newest version resurrects the oldest', async () => {
    const s = new Scenario({ maxVersions: 2 });
    for (const ts of [1, 2, 3]) {
      s.put('r', 'q', ts);
      await s.flush(); // separate files: the version limit has not dropped t1 yet
    }
    expect(await s.get('r', { maxVersions: 5 })).toEqual(['r/f:q/3/Put/v3', 'r/f:q/2/Put/v2']);
    s.delete(CellType.Delete, 'r', 'q', 3);
    expect(await s.get('r', { maxVersions: 5 })).toEqual(['r/f:q/2/Put/v2', 'r/f:q/1/Put/v1']);
    // HBase's code keeps t1 through a major compaction run after the delete: the deleted t3 takes
    // no version slot, so t2 and t1 are the two versions kept.
    await s.flush();
    await s.compact(true);
    expect(await s.get('r', { maxVersions: 5 })).toEqual(['r/f:q/2/Put/v2', 'r/f:q/1/Put/v1']);
  });

  it('3: a major compaction before the delete removes t1 for good', async () => {
    const s = new Scenario({ maxVersions: 2 });
    for (const ts of [1, 2, 3]) {
      s.put('r', 'q', ts);
      await s.flush();
    }
    await s.compact(true);
    s.delete(CellType.Delete, 'r', 'q', 3);
    expect(await s.get('r', { maxVersions: 5 })).toEqual(['r/f:q/2/Put/v2']);
  });

  it('3: within one memstore the flush already drops the surplus version', async () => {
    const s = new Scenario({ maxVersions: 2 });
    for (const ts of [1, 2, 3]) s.put('r', 'q', ts);
    await s.flush();
    s.delete(CellType.Delete, 'r', 'q', 3);
    expect(await s.get('r', { maxVersions: 5 })).toEqual(['r/f:q/2/Put/v2']);
  });

  it('4: the current value is the largest timestamp, not the last write', async () => {
    const s = new Scenario();
    s.put('r', 'q', 10, 'ten');
    s.put('r', 'q', 5, 'five');
    expect(await s.get('r')).toEqual(['r/f:q/10/Put/ten']);
    await s.flush();
    await s.compact(true);
    expect(await s.get('r')).toEqual(['r/f:q/10/Put/ten']);
  });

  it('5: a future delete marker masks Puts until time passes it', async () => {
    const future = NOW_MS + 60_000;
    const s = new Scenario();
    s.delete(CellType.DeleteColumn, 'r', 'q', future);
    s.put('r', 'q', NOW_MS);
    expect(await s.get('r')).toEqual([]);
    s.put('r', 'q', future + 1, 'later');
    expect(await s.get('r')).toEqual([`r/f:q/${future + 1}/Put/later`]);
  });

  it('5: a major compaction drops a future marker unless the purge delay keeps it', async () => {
    const future = NOW_MS + 60_000;
    const kept = new Scenario();
    kept.delete(CellType.DeleteColumn, 'r', 'q', future);
    await kept.flush();
    await kept.compact(true, NOW_MS, { timeToPurgeDeletesMs: 120_000 });
    kept.put('r', 'q', NOW_MS);
    expect(await kept.get('r')).toEqual([]);

    const dropped = new Scenario();
    dropped.delete(CellType.DeleteColumn, 'r', 'q', future);
    dropped.put('r', 'q', NOW_MS, 'masked');
    await dropped.flush();
    await dropped.compact(true);
    expect(await dropped.get('r', { raw: true })).toEqual([]);
    dropped.put('r', 'q', NOW_MS, 'new');
    expect(await dropped.get('r')).toEqual([`r/f:q/${NOW_MS}/Put/new`]);
  });

  it('6: a time-range read shows a version the version limit hides', async () => {
    const s = new Scenario({ maxVersions: 1 });
    s.put('r', 'q', 1);
    await s.flush();
    s.put('r', 'q', 2);
    await s.flush();
    expect(await s.get('r')).toEqual(['r/f:q/2/Put/v2']);
    expect(await s.get('r', { timeRange: { minTs: 0, maxTs: 2 } })).toEqual(['r/f:q/1/Put/v1']);
    await s.compact(true);
    expect(await s.get('r', { timeRange: { minTs: 0, maxTs: 2 } })).toEqual([]);
  });
});
