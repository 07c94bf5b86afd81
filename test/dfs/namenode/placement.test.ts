// Placement as a property: never a datanode twice, never an excluded one, the favored candidates
// first (in order), and every candidate when there are fewer than asked for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRng, seedFromEnv } from '../../../src/common/rng.js';
import { chooseTargets, type PlacementCandidate } from '../../../src/dfs/namenode/placement.js';

const ids = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'];

function candidate(id: string, load: number): PlacementCandidate {
  return { info: { datanodeId: id, address: `${id}:1` }, load, remainingBytes: 1 << 30 };
}

describe('placement', () => {
  it('never duplicates or picks the excluded; favored first; all when too few', () => {
    const seed = seedFromEnv();
    console.log(`placement test seed: ${seed} (replay with COLONNADE_SEED=${seed})`);
    fc.assert(
      fc.property(
        fc.subarray(ids),
        fc.array(fc.constantFrom(...ids), { maxLength: 3 }),
        fc.subarray(ids),
        fc.integer({ min: 1, max: 6 }),
        fc.integer(),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: ids.length, maxLength: ids.length }),
        (live, favored, excludedList, count, rngSeed, loads) => {
          const excluded = new Set(excludedList);
          const candidates = live.map((id) => candidate(id, loads[ids.indexOf(id)] ?? 0));
          const chosen = chooseTargets(
            { count, candidates, favored, excluded },
            new SeededRng(rngSeed),
          ).map((d) => d.datanodeId);
          const eligible = live.filter((id) => !excluded.has(id));
          expect(new Set(chosen).size).toBe(chosen.length);
          expect(chosen.every((id) => eligible.includes(id))).toBe(true);
          expect(chosen.length).toBe(Math.min(count, eligible.length));
          const favoredEligible = [...new Set(favored)].filter((id) => eligible.includes(id));
          const expectedFirst = favoredEligible.slice(0, count);
          expect(chosen.slice(0, expectedFirst.length)).toEqual(expectedFirst);
        },
      ),
      { seed, numRuns: 500 },
    );
  });

  it('prefers the less loaded datanodes', () => {
    const rng = new SeededRng(7);
    const candidates = [candidate('busy', 50), candidate('idle', 0), candidate('busier', 90)];
    let idleFirst = 0;
    for (let i = 0; i < 200; i++) {
      const [first] = chooseTargets(
        { count: 1, candidates, favored: [], excluded: new Set() },
        rng,
      );
      if (first?.datanodeId === 'idle') idleFirst++;
    }
    // Two random picks, the less loaded wins: 'idle' wins whenever it is one of the two.
    expect(idleFirst).toBeGreaterThan(120);
  });
});
