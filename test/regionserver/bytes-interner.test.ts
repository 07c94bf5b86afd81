import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BytesInterner } from '../../src/regionserver/memstore/bytes-interner.js';

describe('BytesInterner', () => {
  it('gives one shared copy per name, not the caller’s view', () => {
    const interner = new BytesInterner();
    const frame = Buffer.alloc(16);
    frame.write('xxfield0yyfield0', 'latin1');
    const a = interner.intern(frame.subarray(2, 8));
    const b = interner.intern(frame.subarray(10, 16));
    expect(a).toBe(b);
    expect(a.toString()).toBe('field0');
    expect(a.buffer).not.toBe(frame.buffer);
    frame.fill(0);
    expect(a.toString()).toBe('field0');
  });

  it('passes long names and new names past its bound through unchanged', () => {
    const interner = new BytesInterner(2, 4);
    const long = Buffer.from('abcde');
    expect(interner.intern(long)).toBe(long);
    interner.intern(Buffer.from('a'));
    interner.intern(Buffer.from('b'));
    const third = Buffer.from('c');
    expect(interner.intern(third)).toBe(third);
    expect(interner.size).toBe(2);
    interner.clear();
    expect(interner.size).toBe(0);
    expect(interner.intern(third)).not.toBe(third);
  });

  it('always returns equal bytes, and the same object for equal names it keeps', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.uint8Array({ minLength: 0, maxLength: 6 }), fc.constant('clear' as const)),
          { maxLength: 60 },
        ),
        fc.integer({ min: 0, max: 8 }),
        (names, bound) => {
          const interner = new BytesInterner(bound, 4);
          const seen = new Map<string, Buffer>();
          for (const name of names) {
            if (name === 'clear') {
              interner.clear();
              seen.clear();
              continue;
            }
            const bytes = Buffer.from(name);
            const out = interner.intern(bytes);
            expect(out.equals(bytes)).toBe(true);
            const key = bytes.toString('hex');
            const before = seen.get(key);
            if (before !== undefined && out !== bytes) expect(out).toBe(before);
            if (out !== bytes) seen.set(key, out);
          }
          expect(interner.size).toBeLessThanOrEqual(bound);
        },
      ),
      { seed: 20261123 },
    );
  });
});
