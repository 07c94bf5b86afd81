// Byte helpers: HBase's known toStringBinary outputs, and properties checked against naive models.
// Seeded: COLONNADE_SEED=<seed> replays a failing run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytesEqual,
  compareBytes,
  concatBytes,
  EMPTY_BYTES,
  nextKeyAfter,
  prefixEndKey,
  toBytes,
  toBytesBinary,
  toStringBinary,
  utf8Decode,
} from '../../src/common/bytes.js';
import { InvalidArgumentError } from '../../src/common/errors.js';
import { seedFromEnv } from '../../src/common/rng.js';

const seed = seedFromEnv();

/** The obvious definition, for comparison with the fast one. */
function naiveCompare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

/** Byte strings that share prefixes often and cross the loop / native threshold. */
const keyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 8 }),
  fc
    .uint8Array({ minLength: 20, maxLength: 40 })
    .map((tail) => Buffer.concat([Buffer.alloc(30, 7), tail])),
  fc
    .array(fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0xff), { maxLength: 6 })
    .map((xs) => Uint8Array.from(xs)),
);

describe('toStringBinary (HBase examples)', () => {
  it('escapes control bytes as \\xNN', () => {
    expect(toStringBinary(Uint8Array.from([0, 1, 2, 3]))).toBe('\\x00\\x01\\x02\\x03');
  });
  it('escapes the backslash', () => {
    expect(toStringBinary(toBytes('a\\b'))).toBe('a\\x5Cb');
  });
  it('prints a long 1 as eight bytes', () => {
    const one = Buffer.alloc(8);
    one.writeBigInt64BE(1n);
    expect(toStringBinary(one)).toBe('\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01');
  });
  it('keeps letters, digits, space and printable punctuation; uses uppercase hex', () => {
    const printable = ' `~!@#$%^&*()-_=+[]{}|;:\'",.<>/?09AZaz';
    expect(toStringBinary(toBytes(printable))).toBe(printable);
    expect(toStringBinary(Uint8Array.from([0x7f, 0x80, 0xab, 0xff, 0x0a]))).toBe(
      '\\x7F\\x80\\xAB\\xFF\\x0A',
    );
  });
  it('prints UTF-8 multibyte characters byte by byte', () => {
    expect(toStringBinary(toBytes('é'))).toBe('\\xC3\\xA9');
  });
  it('prints every printable ASCII byte but the backslash as itself', () => {
    for (let byte = 0; byte < 256; byte++) {
      const shown = toStringBinary(Uint8Array.of(byte));
      const itself = byte >= 0x20 && byte <= 0x7e && byte !== 0x5c;
      expect(shown.length, `byte ${byte}`).toBe(itself ? 1 : 4);
    }
  });
});

describe('toBytesBinary', () => {
  it('parses \\xNN with either case of hex', () => {
    expect([...toBytesBinary('\\x00\\xff\\xAbz')]).toEqual([0, 255, 0xab, 0x7a]);
  });
  it('takes other characters as their byte', () => {
    expect([...toBytesBinary('a\\b\\X41\u00e9')]).toEqual([
      0x61, 0x5c, 0x62, 0x5c, 0x58, 0x34, 0x31, 0xe9,
    ]);
  });
  it('drops the backslash of a bogus escape, as HBase does', () => {
    expect(toBytesBinary('\\xZZ').toString('latin1')).toBe('xZZ');
  });
  it('rejects a truncated escape and characters above U+00FF', () => {
    expect(() => toBytesBinary('ab\\x4')).toThrow(InvalidArgumentError);
    expect(() => toBytesBinary('\\x')).toThrow(InvalidArgumentError);
    expect(() => toBytesBinary('€')).toThrow(/U\+20AC at index 0/);
  });
});

describe(`byte properties (seed ${seed})`, () => {
  it('toBytesBinary inverts toStringBinary', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(bytesEqual(toBytesBinary(toStringBinary(bytes)), bytes)).toBe(true);
      }),
      { seed },
    );
  });

  it('compareBytes agrees with a naive reference, and bytesEqual with it', () => {
    fc.assert(
      fc.property(keyBytes, keyBytes, (a, b) => {
        const expected = naiveCompare(a, b);
        expect(Math.sign(compareBytes(a, b))).toBe(expected);
        expect(Math.sign(compareBytes(a, b)) + Math.sign(compareBytes(b, a))).toBe(0);
        expect(bytesEqual(a, b)).toBe(expected === 0);
      }),
      { seed },
    );
  });

  it('nextKeyAfter is the smallest key greater than its input', () => {
    fc.assert(
      fc.property(keyBytes, keyBytes, (key, other) => {
        const next = nextKeyAfter(key);
        expect(compareBytes(next, key)).toBeGreaterThan(0);
        // Nothing lies strictly between key and next.
        expect(compareBytes(other, key) > 0 && compareBytes(other, next) < 0).toBe(false);
      }),
      { seed },
    );
  });

  it('prefixEndKey bounds exactly the keys with the prefix', () => {
    fc.assert(
      fc.property(keyBytes, keyBytes, (prefix, key) => {
        const end = prefixEndKey(prefix);
        const hasPrefix = bytesEqual(key.subarray(0, prefix.length), prefix);
        const belowEnd = end.length === 0 || compareBytes(key, end) < 0;
        if (hasPrefix) expect(belowEnd).toBe(true);
        if (compareBytes(key, prefix) >= 0 && belowEnd) expect(hasPrefix).toBe(true);
        const withPrefix = concatBytes(prefix, key);
        expect(end.length === 0 || compareBytes(withPrefix, end) < 0).toBe(true);
      }),
      { seed },
    );
  });
});

describe('byte helpers', () => {
  it('prefixEndKey increments past trailing 0xFF, or gives the end of the table', () => {
    expect([...prefixEndKey(Uint8Array.from([1, 2, 0xff, 0xff]))]).toEqual([1, 3]);
    expect([...prefixEndKey(toBytes('ab'))]).toEqual([0x61, 0x63]);
    expect(prefixEndKey(Uint8Array.from([0xff, 0xff])).length).toBe(0);
    expect(prefixEndKey(EMPTY_BYTES).length).toBe(0);
  });
  it('prefixEndKey and nextKeyAfter leave their input alone', () => {
    const prefix = Uint8Array.from([5, 0xff]);
    prefixEndKey(prefix);
    nextKeyAfter(prefix);
    expect([...prefix]).toEqual([5, 0xff]);
  });
  it('toBytes views a Uint8Array without copying and encodes strings as UTF-8', () => {
    const raw = new Uint8Array([9, 8, 7, 6]).subarray(1, 3);
    const view = toBytes(raw);
    expect(Buffer.isBuffer(view)).toBe(true);
    expect([...view]).toEqual([8, 7]);
    raw[0] = 1;
    expect(view[0]).toBe(1);
    expect([...toBytes('é')]).toEqual([0xc3, 0xa9]);
    expect(utf8Decode(toBytes('héllo'))).toBe('héllo');
  });
});
