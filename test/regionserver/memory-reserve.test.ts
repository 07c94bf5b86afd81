// The region server's memory reserve: whole chunks are taken (rounded up), none for 0, and the
// process keeps running with the chunks freed.
import { describe, expect, it } from 'vitest';
import { MEMORY_RESERVE_CHUNK_BYTES } from '../../src/regionserver/service/limits.js';
import { takeMemoryReserve } from '../../src/regionserver/service/memory-reserve.js';

describe('memory reserve', () => {
  it('takes nothing for 0 or less', () => {
    expect(takeMemoryReserve(0)).toBe(0);
    expect(takeMemoryReserve(-1)).toBe(0);
  });

  it('takes whole chunks, rounding up', () => {
    expect(takeMemoryReserve(1)).toBe(MEMORY_RESERVE_CHUNK_BYTES);
    expect(takeMemoryReserve(2 * MEMORY_RESERVE_CHUNK_BYTES + 1)).toBe(
      3 * MEMORY_RESERVE_CHUNK_BYTES,
    );
  });
});
