// The pure parts of truncate, modify and namespaces: the regions a truncate makes (same keys or
// one, ids above the old ones, no encoded name reused) and its one meta write; which families a
// modify drops; namespace names; and the per-table lock's order and bound.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { familyDescriptor, type TableDescriptor } from '../../../src/common/operations.js';
import {
  NAMESPACE_NAME_CHARS_MAX,
  TABLE_LOCK_WAITERS_MAX,
} from '../../../src/master/ddl-limits.js';
import { tableRowKey } from '../../../src/master/meta/index.js';
import { BUILT_IN_NAMESPACES, checkNamespaceName } from '../../../src/master/namespaces.js';
import { regionsOf } from '../../../src/master/region-layout.js';
import { TableLocks } from '../../../src/master/table-locks.js';
import { removedFamilies } from '../../../src/master/table-modify.js';
import { truncatedRegions, truncateMutations } from '../../../src/master/table-truncate.js';

const SEED = 0x6d6f64;

const table = (...families: string[]): TableDescriptor => ({
  name: 't',
  families: families.map((f) => familyDescriptor(f)),
  durability: 'USE_DEFAULT',
});

describe('truncate, pure', () => {
  const splitKeysArb = fc.uniqueArray(
    fc.uint8Array({ minLength: 1, maxLength: 4 }).map((a) => Buffer.from(a)),
    { maxLength: 8, comparator: (a, b) => a.equals(b) },
  );

  it('keeps the split keys or makes one region; ids above the old ones', () => {
    fc.assert(
      fc.property(
        splitKeysArb,
        fc.nat({ max: 1_000_000 }),
        fc.nat({ max: 2_000_000 }),
        fc.boolean(),
        (keys, oldId, now, preserve) => {
          const old = regionsOf('t', keys, oldId);
          const fresh = truncatedRegions('t', old, preserve, now);
          const starts = (rs: typeof old) => rs.map((r) => r.startKey.toString('hex'));
          if (preserve) expect(starts(fresh)).toEqual(starts(old));
          else expect(fresh.length).toBe(1);
          for (const r of fresh) {
            expect(r.regionId).toBeGreaterThan(oldId);
            expect(r.regionId).toBeGreaterThanOrEqual(now);
          }
          const oldNames = new Set(old.map((r) => r.encodedName));
          expect(fresh.some((r) => oldNames.has(r.encodedName))).toBe(false);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('writes meta once: old rows deleted, new rows put, the table ENABLING', () => {
    const old = regionsOf('t', [Buffer.from('m')], 5);
    const fresh = truncatedRegions('t', old, true, 0);
    const mutations = truncateMutations(table('f'), old, fresh);
    expect(mutations.length).toBe(old.length + fresh.length + 1);
    expect(mutations.slice(0, 2).every((m) => m.type === 'delete')).toBe(true);
    expect(mutations.slice(2).every((m) => m.type === 'put')).toBe(true);
    expect(mutations[4]?.row.equals(tableRowKey('t'))).toBe(true);
  });
});

describe('modify, pure', () => {
  it('names the families the new descriptor drops', () => {
    expect(removedFamilies(table('a', 'b', 'c'), table('c', 'd'))).toEqual(['a', 'b']);
    expect(removedFamilies(table('a'), table('a', 'b'))).toEqual([]);
  });
});

describe('namespace names', () => {
  it('takes [A-Za-z0-9_]+ up to the limit and refuses the rest, naming the value', () => {
    expect(checkNamespaceName('Ab_09')).toBe('Ab_09');
    expect(checkNamespaceName('x'.repeat(NAMESPACE_NAME_CHARS_MAX))).toHaveLength(
      NAMESPACE_NAME_CHARS_MAX,
    );
    expect(() => checkNamespaceName('x'.repeat(NAMESPACE_NAME_CHARS_MAX + 1))).toThrow(
      expect.objectContaining({ code: 'LimitExceeded' }),
    );
    for (const bad of ['', 'a-b', 'a:b', 'a b', '..', 'é']) {
      expect(() => checkNamespaceName(bad)).toThrow(
        expect.objectContaining({ code: 'InvalidArgument' }),
      );
    }
    expect(BUILT_IN_NAMESPACES).toEqual(['colonnade', 'default']);
  });
});

describe('TableLocks', () => {
  it("runs one table's calls in order, other tables' at once, and bounds waiters", async () => {
    const locks = new TableLocks();
    const log: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = locks.run('a', async () => {
      log.push('a1 start');
      await gate;
      log.push('a1 end');
    });
    const second = locks.run('a', async () => {
      log.push('a2');
      return 2;
    });
    await locks.run('b', async () => log.push('b'));
    expect(log).toEqual(['a1 start', 'b']);
    const waiters = Array.from({ length: TABLE_LOCK_WAITERS_MAX - 2 }, () =>
      locks.run('a', async () => undefined),
    );
    await expect(locks.run('a', async () => undefined)).rejects.toMatchObject({
      code: 'LimitExceeded',
    });
    release();
    await first;
    expect(await second).toBe(2);
    await Promise.all(waiters);
    expect(log).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
    const failing = locks.run('c', () => Promise.reject(new Error('boom')));
    await expect(failing).rejects.toThrow('boom');
    expect(await locks.run('c', async () => 'after')).toBe('after');
  });
});
