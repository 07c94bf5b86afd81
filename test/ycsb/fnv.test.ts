// YCSB's key names and hashes: FNV-64 of the keynum's 8 bytes (checked against values computed
// independently of this code), zero padding, and Java's String.hashCode.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildKeyName, fnvhash64, javaStringHash } from '../../bench/ycsb/fnv.js';

describe('YCSB keys', () => {
  it('names hashed keys as YCSB does', () => {
    expect(buildKeyName(0)).toBe('user6284781860667377211');
    expect(buildKeyName(1)).toBe('user8517097267634966620');
    expect(buildKeyName(2)).toBe('user1820151046732198393');
    expect(buildKeyName(999_999)).toBe('user2744965632448235251');
  });

  it('pads ordered keys with zeros', () => {
    expect(buildKeyName(5, 8, true)).toBe('user00000005');
    expect(buildKeyName(5, 1, true)).toBe('user5');
  });

  it('keeps fnvhash64 a non-negative 63-bit value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (n) => {
        const h = fnvhash64(n);
        return h >= 0n && h < 2n ** 63n;
      }),
    );
  });

  it("hashes strings as Java's String.hashCode", () => {
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('a')).toBe(97);
    expect(javaStringHash('hello')).toBe(99_162_322);
    expect(javaStringHash('user6284781860667377211')).toBe(
      javaStringHash('user6284781860667377211'),
    );
    // Wraps around as a 32-bit int.
    expect(javaStringHash('polygenelubricants')).toBe(-2_147_483_648);
  });
});
