// ColumnSet against a plain model of HBase's rules: addFamily takes the whole family, addColumn
// narrows it to named qualifiers; selections come out sorted and unique.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnSet } from '../../../src/client/ops/column-set.js';

type Op = {
  readonly kind: 'family' | 'column';
  readonly family: number;
  readonly qualifier: number;
};

const name = (n: number): Buffer => Buffer.from([n % 3, n]);

function model(ops: readonly Op[]): { family: string; qualifiers?: string[] }[] {
  const families = new Map<string, Set<string> | undefined>();
  for (const op of ops) {
    const family = name(op.family).toString('hex');
    if (op.kind === 'family') families.set(family, undefined);
    else {
      const known = families.get(family) ?? new Set<string>();
      known.add(name(op.qualifier).toString('hex'));
      families.set(family, known);
    }
  }
  return [...families.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([family, qualifiers]) =>
      qualifiers === undefined ? { family } : { family, qualifiers: [...qualifiers].sort() },
    );
}

function shown(set: ColumnSet): { family: string; qualifiers?: string[] }[] {
  return set
    .toSelections()
    .map(({ family, qualifiers }) =>
      qualifiers === undefined
        ? { family: family.toString('hex') }
        : { family: family.toString('hex'), qualifiers: qualifiers.map((q) => q.toString('hex')) },
    );
}

describe('ColumnSet', () => {
  it('merges families and columns as HBase does, past the index threshold too', () => {
    const op = fc.record({
      kind: fc.constantFrom<'family' | 'column'>('family', 'column', 'column', 'column'),
      family: fc.integer({ min: 0, max: 12 }),
      qualifier: fc.integer({ min: 0, max: 40 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const set = new ColumnSet();
        for (const o of ops) {
          if (o.kind === 'family') set.addFamily(name(o.family));
          else set.addColumn(name(o.family), name(o.qualifier));
        }
        expect(shown(set)).toStrictEqual(model(ops));
        expect(set.isEmpty()).toBe(ops.length === 0);
        const copy = new ColumnSet();
        copy.copyFrom(set);
        expect(shown(copy)).toStrictEqual(model(ops));
        copy.addColumn(name(99), name(1));
        expect(shown(set)).toStrictEqual(model(ops));
      }),
      { seed: 20261123, numRuns: 500 },
    );
  });
});
