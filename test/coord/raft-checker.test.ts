// The test oracles checked against dumb ones: the linearizability checker agrees with trying every
// order of a small history, and rejects the classic anomalies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../src/common/rng.js';
import { isLinearizable, type RegisterOp } from '../support/linearizability.js';

const seed = seedFromEnv();

const op = (
  kind: 'write' | 'read',
  value: number,
  invokedAt: number,
  completedAt = Infinity,
): RegisterOp => ({ kind, value, invokedAt, completedAt });

/** Tries every order of every admissible subset: completed ops must all be in it. */
function bruteForce(history: readonly RegisterOp[]): boolean {
  const ops = history.filter((o) => o.kind === 'write' || o.completedAt !== Infinity);
  const tryFrom = (order: RegisterOp[], rest: RegisterOp[], value: number): boolean => {
    if (rest.every((o) => o.completedAt === Infinity)) return true;
    return rest.some((next, i) => {
      // `next` cannot come before an op that completed before it was invoked.
      if (rest.some((other) => other !== next && other.completedAt < next.invokedAt)) return false;
      if (next.kind === 'read' && next.value !== value) return false;
      const remaining = rest.filter((_, j) => j !== i);
      return tryFrom([...order, next], remaining, next.kind === 'write' ? next.value : value);
    });
  };
  return tryFrom([], ops, 0);
}

const historyArb = fc.array(
  fc.record({
    kind: fc.constantFrom<'write' | 'read'>('write', 'read'),
    value: fc.integer({ min: 0, max: 2 }),
    invokedAt: fc.integer({ min: 0, max: 20 }),
    length: fc.integer({ min: 1, max: 10 }),
    unknown: fc.boolean(),
  }),
  { maxLength: 6 },
);

describe(`linearizability checker (seed ${seed})`, () => {
  it('agrees with trying every order', () => {
    fc.assert(
      fc.property(historyArb, (raw) => {
        const history = raw.map((o) =>
          op(o.kind, o.value, o.invokedAt, o.unknown ? Infinity : o.invokedAt + o.length),
        );
        expect(isLinearizable(history)).toBe(bruteForce(history));
      }),
      { seed, numRuns: 2_000 },
    );
  });

  it('rejects a stale read and a read of a value never written', () => {
    expect(isLinearizable([op('write', 1, 1, 2), op('read', 0, 3, 4)])).toBe(false);
    expect(isLinearizable([op('read', 7, 1, 2)])).toBe(false);
  });

  it('accepts a write of unknown outcome seen by one read and not by an earlier one', () => {
    const history = [op('write', 1, 1), op('read', 0, 2, 3), op('read', 1, 4, 5)];
    expect(isLinearizable(history)).toBe(true);
    // ...but once seen, it cannot be unseen.
    expect(isLinearizable([...history, op('read', 0, 6, 7)])).toBe(false);
  });
});
