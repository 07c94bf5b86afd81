// quickPut must take exactly the puts the full check takes, and build the same value; anything
// else it leaves to the full check, whose error names the bad field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/common/errors.js';
import { quickPut } from '../../../src/regionserver/service/quick-put-check.js';
import { checkMutation, checkMutations } from '../../../src/regionserver/service/request-checks.js';

const bytes = fc.uint8Array({ maxLength: 4 }).map((b) => Buffer.from(b));
/** A field that is usually right and sometimes of the wrong type (or missing). */
const sometimes = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 8, arbitrary: good },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, 'x', 1.5, -1, [], {}) },
  );
const cell = fc.record(
  {
    family: sometimes(bytes),
    qualifier: sometimes(bytes),
    value: sometimes(bytes),
    timestamp: sometimes(fc.nat()),
  },
  { requiredKeys: [] },
);
const mutation = fc.oneof(
  fc.record(
    {
      type: sometimes(fc.constantFrom('put', 'delete', 'increment')),
      row: sometimes(bytes),
      cells: sometimes(fc.array(cell, { maxLength: 3 })),
      durability: sometimes(fc.constantFrom('SKIP_WAL', 'SYNC_WAL', 'FSYNC_WAL', 'BOGUS')),
    },
    { requiredKeys: ['type', 'row'] },
  ),
  fc.constantFrom(null, 'put', 7, [], Buffer.alloc(1)),
);

function full(value: unknown): unknown {
  try {
    return checkMutation(value, 'm');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return undefined;
  }
}

describe('quickPut', () => {
  it('accepts exactly the puts checkMutation accepts, with the same value', () => {
    fc.assert(
      fc.property(mutation, (value) => {
        const quick = quickPut(value);
        const expected = full(value);
        const isPut =
          typeof expected === 'object' && expected !== null && 'type' in expected
            ? expected.type === 'put'
            : false;
        if (isPut) expect(quick).toStrictEqual(expected);
        else expect(quick).toBeUndefined();
      }),
      { seed: 20261123, numRuns: 2000 },
    );
  });

  it('leaves a bad put to the full check, which names the field', () => {
    const good = { type: 'put', row: Buffer.from('r'), cells: [] as unknown[] };
    const bad = {
      ...good,
      cells: [{ family: Buffer.from('f'), qualifier: 'q', value: Buffer.alloc(1) }],
    };
    expect(quickPut(bad)).toBeUndefined();
    expect(() => checkMutations([good, bad])).toThrow('mutations[1].cells[0].qualifier');
    expect(checkMutations([good])).toStrictEqual([good]);
  });
});
