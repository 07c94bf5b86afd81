// fast-check's Delete targets of every kind (version, column, family, familyVersion), over a
// test's families (by index), qualifiers and timestamps; a timestamp left out is the server's now
// (familyVersion always names one). Shared by the region's model-based and fast-path tests.
import fc from 'fast-check';
import type { DeleteTarget } from '../../../src/common/mutations.js';

export interface DeleteTargetSpace {
  /** The family of index 0 or 1. */
  readonly family: (index: number) => Buffer;
  readonly qualifiers: readonly Buffer[];
  readonly timestamps: readonly number[];
}

export function deleteTargetArb(space: DeleteTargetSpace): fc.Arbitrary<DeleteTarget> {
  const { family } = space;
  const tsArb = fc.constantFrom(...space.timestamps);
  const maybeTs = fc.option(tsArb, { nil: undefined });
  const column = (kind: 'version' | 'column'): fc.Arbitrary<DeleteTarget> =>
    fc
      .record({
        f: fc.integer({ min: 0, max: 1 }),
        q: fc.constantFrom(...space.qualifiers),
        ts: maybeTs,
      })
      .map(({ f, q, ts }) => ({
        kind,
        family: family(f),
        qualifier: q,
        ...(ts === undefined ? {} : { timestamp: ts }),
      }));
  return fc.oneof(
    column('version'),
    column('column'),
    fc.record({ f: fc.integer({ min: 0, max: 1 }), ts: maybeTs }).map(({ f, ts }) => ({
      kind: 'family' as const,
      family: family(f),
      ...(ts === undefined ? {} : { timestamp: ts }),
    })),
    fc
      .record({ f: fc.integer({ min: 0, max: 1 }), ts: tsArb })
      .map(({ f, ts }) => ({ kind: 'familyVersion' as const, family: family(f), timestamp: ts })),
  );
}
