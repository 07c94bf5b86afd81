// RenewingMap: the same answers as a Map under any mix of sets, deletes and clears, across many
// renewals (insertion order included). Seeded: COLONNADE_SEED=<seed> replays a failing run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../src/common/rng.js';
import { MAP_RENEW_DELETES, RenewingMap } from '../../src/common/renewing-map.js';

const seed = seedFromEnv();

type Step =
  { kind: 'set'; key: number; value: number } | { kind: 'delete'; key: number } | { kind: 'clear' };

const KEYS = 48;

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      key: fc.nat(KEYS),
      value: fc.integer(),
    }),
  },
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: fc.nat(KEYS) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

describe(`RenewingMap (seed ${seed})`, () => {
  it('answers as a Map does, across renewals', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 4 * MAP_RENEW_DELETES }), (steps) => {
        const model = new Map<number, number>();
        const map = new RenewingMap<number, number>();
        for (const s of steps) {
          if (s.kind === 'set') {
            model.set(s.key, s.value);
            map.set(s.key, s.value);
          } else if (s.kind === 'delete') {
            expect(map.delete(s.key)).toBe(model.delete(s.key));
          } else {
            model.clear();
            map.clear();
          }
          expect(map.size).toBe(model.size);
        }
        for (let key = 0; key <= KEYS; key += 1) {
          expect(map.has(key)).toBe(model.has(key));
          expect(map.get(key)).toBe(model.get(key));
        }
        expect([...map]).toEqual([...model]);
        expect([...map.keys()]).toEqual([...model.keys()]);
        expect([...map.values()]).toEqual([...model.values()]);
      }),
      { seed, numRuns: 40 },
    );
  });

  it('keeps the live entries, in order, through a renewal', () => {
    const map = new RenewingMap<number, string>();
    map.set(-1, 'kept').set(-2, 'also kept');
    for (let i = 0; i < MAP_RENEW_DELETES + 5; i += 1) {
      map.set(i, `v${i}`);
      expect(map.delete(i)).toBe(true);
    }
    expect(map.delete(12345)).toBe(false);
    expect([...map.entries()]).toEqual([
      [-1, 'kept'],
      [-2, 'also kept'],
    ]);
  });
});
