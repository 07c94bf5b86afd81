// copyBytes: every copy equals its source at the time of the copy, stays so whatever the caller
// does to the source later, and no two copies share a byte (slab or not).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyBytes } from '../../../src/client/ops/copy-slab.js';
import { COPY_SLAB_BYTES, COPY_SLAB_SHARE_BYTES_MAX } from '../../../src/client/ops/limits.js';

describe('copyBytes', () => {
  it('makes private, non-overlapping copies of any size', () => {
    const lengths = fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 64 }),
        fc.integer({ min: 0, max: COPY_SLAB_SHARE_BYTES_MAX + 16 }),
      ),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(lengths, (sizes) => {
        const sources = sizes.map((n, i) => Buffer.alloc(n, i % 251));
        const copies = sources.map((s) => copyBytes(s));
        for (const source of sources) source.fill(0xff);
        copies.forEach((copy, i) => {
          expect(copy.length).toBe(sizes[i]);
          expect(copy.every((b) => b === i % 251)).toBe(true);
        });
        // Writing every copy in full disturbs no other copy.
        copies.forEach((copy, i) => copy.fill((i + 1) % 251));
        copies.forEach((copy, i) => expect(copy.every((b) => b === (i + 1) % 251)).toBe(true));
      }),
      { seed: 20261123, numRuns: 100 },
    );
  });

  it('starts a new slab when one is full, and never lends a large copy a slab', () => {
    const small = Array.from({ length: (2 * COPY_SLAB_BYTES) / 1000 + 1 }, () =>
      copyBytes(Buffer.alloc(1000, 7)),
    );
    const slabs = new Set(small.map((c) => c.buffer));
    expect(slabs.size).toBeGreaterThanOrEqual(2);
    const large = copyBytes(Buffer.alloc(COPY_SLAB_SHARE_BYTES_MAX + 1, 9));
    expect(slabs.has(large.buffer)).toBe(false);
    expect(large.every((b) => b === 9)).toBe(true);
  });
});
