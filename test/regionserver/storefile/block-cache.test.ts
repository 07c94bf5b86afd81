// The block cache: LRU eviction under its byte bound, hit and miss counters, cacheBlocks: false
// reads without inserting (but uses what is cached), and a file's blocks leave when it closes.
import { describe, expect, it } from 'vitest';
import { BlockCache } from '../../../src/regionserver/storefile/index.js';
import { DataBlock } from '../../../src/regionserver/storefile/data-block.js';
import { openBytes, scanAll, simpleCells, writeFile } from './support.js';

function fakeBlock(sizeBytes: number): DataBlock {
  return new DataBlock(Buffer.alloc(8), new Uint32Array([0]), 4, 'fake', sizeBytes);
}

describe('BlockCache', () => {
  it('evicts the least recently used blocks to stay under its byte bound', () => {
    const cache = new BlockCache(1000);
    const file = cache.newFileId();
    for (let i = 0; i < 3; i++) cache.put(file, i * 100, fakeBlock(300));
    expect(cache.stats()).toMatchObject({ blocks: 3, sizeBytes: 900, evictions: 0 });
    expect(cache.get(file, 0)).toBeDefined(); // block 0 is now the most recent
    cache.put(file, 300, fakeBlock(300));
    expect(cache.stats()).toMatchObject({ blocks: 3, sizeBytes: 900, evictions: 1 });
    expect(cache.get(file, 100)).toBeUndefined(); // the LRU victim
    expect(cache.get(file, 0)).toBeDefined();
    expect(cache.get(file, 200)).toBeDefined();
    expect(cache.get(file, 300)).toBeDefined();
    expect(cache.stats()).toMatchObject({ hits: 4, misses: 1 });
    cache.put(file, 400, fakeBlock(1001)); // larger than the cache: not kept, nothing evicted
    expect(cache.stats()).toMatchObject({ blocks: 3, evictions: 1 });
  });

  it('drops a file’s blocks and keeps other files’', () => {
    const cache = new BlockCache(10_000);
    const a = cache.newFileId();
    const b = cache.newFileId();
    expect(a).not.toBe(b);
    cache.put(a, 0, fakeBlock(100));
    cache.put(a, 50, fakeBlock(100));
    cache.put(b, 0, fakeBlock(100));
    cache.evictFile(a);
    expect(cache.stats()).toMatchObject({ blocks: 1, sizeBytes: 100, evictions: 0 });
    expect(cache.get(a, 0)).toBeUndefined();
    expect(cache.get(b, 0)).toBeDefined();
  });

  it('counts reader hits and misses; cacheBlocks: false reads without inserting', async () => {
    const cells = simpleCells(200, 1, 40);
    const { bytes } = await writeFile(cells, { blockSizeBytes: 512 });
    const cache = new BlockCache();
    const reader = await openBytes(bytes, cache);
    await scanAll(reader, false);
    const uncached = cache.stats();
    expect(uncached.blocks).toBe(0);
    expect(uncached.misses).toBeGreaterThan(1);
    await scanAll(reader, true);
    const cached = cache.stats();
    expect(cached.blocks).toBe(uncached.misses);
    expect(cached.sizeBytes).toBeGreaterThan(bytes.length / 2);
    await scanAll(reader, false); // now every block is a hit, used though not inserted
    const again = cache.stats();
    expect(again.hits - cached.hits).toBe(cached.blocks);
    expect(again.misses).toBe(cached.misses);
    await reader.close();
    expect(cache.stats()).toMatchObject({ blocks: 0, sizeBytes: 0 });
  });

  it('stays within its bound when files are larger than it', async () => {
    const cells = simpleCells(500, 1, 100);
    const { bytes } = await writeFile(cells, { blockSizeBytes: 1024 });
    const cache = new BlockCache(8 * 1024);
    const reader = await openBytes(bytes, cache);
    expect((await scanAll(reader)).length).toBe(cells.length);
    const stats = cache.stats();
    expect(stats.sizeBytes).toBeLessThanOrEqual(8 * 1024);
    expect(stats.evictions).toBeGreaterThan(0);
    await reader.close();
  });
});
