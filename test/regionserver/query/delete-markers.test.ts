// Golden tests: every delete marker kind against Puts with an older, equal and newer timestamp
// (hbase-features.md §1.4), in the memstore, after a flush and after a major compaction; each read
// is also checked against the reference model.
import { describe, expect, it } from 'vitest';
import { CellType, type DeleteType } from '../../../src/common/index.js';
import { Scenario } from './scenario.js';

// Column q has versions at 3 and 5, column p one at 5; VERSIONS=3 so nothing is hidden by count.
// The marker is at 4, 5 or 6: newer than one version, equal to one, or newer than all.
type Expectation = Record<4 | 5 | 6, string[]>;

const q5 = 'r/f:q/5/Put/v5';
const q3 = 'r/f:q/3/Put/v3';
const p5 = 'r/f:p/5/Put/v5';

const cases: { type: DeleteType; name: string; qualifier: string; expected: Expectation }[] = [
  {
    type: CellType.Delete,
    name: 'Delete masks exactly its version',
    qualifier: 'q',
    expected: { 4: [p5, q5, q3], 5: [p5, q3], 6: [p5, q5, q3] },
  },
  {
    type: CellType.DeleteColumn,
    name: 'DeleteColumn masks its column at or before its timestamp',
    qualifier: 'q',
    expected: { 4: [p5, q5], 5: [p5], 6: [p5] },
  },
  {
    type: CellType.DeleteFamily,
    name: 'DeleteFamily masks every column at or before its timestamp',
    qualifier: '',
    expected: { 4: [p5, q5], 5: [], 6: [] },
  },
  {
    type: CellType.DeleteFamilyVersion,
    name: 'DeleteFamilyVersion masks every column at exactly its timestamp',
    qualifier: '',
    expected: { 4: [p5, q5, q3], 5: [q3], 6: [p5, q5, q3] },
  },
];

describe('delete markers × older / equal / newer timestamps', () => {
  for (const { type, name, qualifier, expected } of cases) {
    for (const markerTs of [4, 5, 6] as const) {
      it(`${name} (marker at ${markerTs})`, async () => {
        const s = new Scenario({ maxVersions: 3 });
        s.put('r', 'q', 5);
        s.put('r', 'q', 3);
        s.put('r', 'p', 5);
        s.delete(type, 'r', qualifier, markerTs);
        const want = expected[markerTs];
        expect(await s.get('r', { maxVersions: 3 })).toEqual(want);
        // Raw shows the marker and everything it masks, still.
        expect(await s.get('r', { maxVersions: 3, raw: true })).toHaveLength(4);
        await s.flush();
        expect(await s.get('r', { maxVersions: 3 })).toEqual(want);
        await s.compact(true);
        expect(await s.get('r', { maxVersions: 3 })).toEqual(want);
        // After a major compaction the marker and what it masked are gone for good.
        expect(await s.get('r', { maxVersions: 3, raw: true })).toEqual(want);
      });
    }
  }

  it('a marker masks Puts written after it as well (arrival order does not matter)', async () => {
    for (const type of [CellType.Delete, CellType.DeleteColumn] as const) {
      const s = new Scenario({ maxVersions: 3 });
      s.delete(type, 'r', 'q', 5);
      s.put('r', 'q', 5);
      expect(await s.get('r', { maxVersions: 3 })).toEqual([]);
    }
  });

  it('markers of one row or column never reach another', async () => {
    const s = new Scenario({ maxVersions: 3 });
    s.put('r1', 'q', 5);
    s.put('r2', 'q', 5);
    s.put('r2', 'p', 5);
    s.delete(CellType.DeleteFamily, 'r1', '', 9);
    s.delete(CellType.DeleteColumn, 'r2', 'p', 9);
    expect(await s.scan()).toEqual([['r2/f:q/5/Put/v5']]);
  });

  it('a DeleteFamily below newer empty-qualifier versions still masks later columns', async () => {
    // The empty-qualifier column holds family markers among its own versions: giving up on that
    // column must not skip them (HBASE-18471).
    const s = new Scenario({ maxVersions: 1 });
    s.put('r', '', 7);
    s.put('r', '', 6);
    s.delete(CellType.DeleteFamily, 'r', '', 4);
    s.put('r', 'a', 3);
    s.put('r', 'b', 5);
    expect(await s.get('r')).toEqual(['r/f:/7/Put/v7', 'r/f:b/5/Put/v5']);
    expect(await s.get('r', { columns: [{ family: Buffer.from('f'), qualifiers: [] }] })).toEqual([
      'r/f:/7/Put/v7',
      'r/f:b/5/Put/v5',
    ]);
    const named = { columns: [{ family: Buffer.from('f'), qualifiers: [Buffer.from('a')] }] };
    expect(await s.get('r', named)).toEqual([]);
    await s.flush();
    await s.compact(false);
    expect(await s.get('r', named)).toEqual([]);
    await s.compact(true);
    expect(await s.get('r')).toEqual(['r/f:/7/Put/v7', 'r/f:b/5/Put/v5']);
  });
});
