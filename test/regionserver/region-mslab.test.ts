// INTEGRATION TEST of a region whose memstore copies cells into pooled chunks, on a real in-process
// block filesystem: a scanner opened before a flush reads the flushed cells unchanged while later
// writes take chunks, and once it closes the flushed chunks are reused rather than allocated.
import { afterEach, describe, expect, it } from 'vitest';
import { familyDescriptor, type TableDescriptor } from '../../src/common/operations.js';
import type { Put } from '../../src/common/mutations.js';
import { ChunkPool } from '../../src/regionserver/memstore/chunk-pool.js';
import { type RegionHarness, startRegionHarness } from './support/region-harness.js';

const CHUNK = 1024;
const F = Buffer.from('f');
const table: TableDescriptor = {
  name: 'mslab',
  families: [familyDescriptor('f')],
  durability: 'USE_DEFAULT',
};
const rowOf = (i: number): string => `row${String(i).padStart(4, '0')}`;
const put = (i: number, generation: string): Put => ({
  type: 'put',
  row: Buffer.from(rowOf(i)),
  cells: [{ family: F, qualifier: Buffer.from('q'), value: Buffer.from(`${generation}-${i}`) }],
});

let harness: RegionHarness | undefined;
afterEach(async () => {
  await harness?.shutdown();
  harness = undefined;
});

describe('region with memstore chunks', () => {
  it('keeps a scanner’s cells intact across a flush and reuses the chunks after', async () => {
    const chunks = new ChunkPool(CHUNK, 256 * CHUNK);
    harness = await startRegionHarness({ table, datanodes: 1, chunks });
    const region = harness.region;
    const rows = 400;
    await region.batchMutate(Array.from({ length: rows }, (_, i) => put(i, 'first')));
    const before = chunks.allocatedChunks;
    expect(before).toBeGreaterThan(2);

    const scanner = region.scanner({});
    const seen: string[] = [];
    for (let i = 0; i < rows / 2; i++) {
      const row = await scanner.next();
      for (const cell of row ?? []) seen.push(`${cell.row}=${cell.value}`);
    }
    await region.flush();
    expect(chunks.waitingChunks).toBe(before);
    await region.batchMutate(Array.from({ length: rows }, (_, i) => put(i, 'second')));
    // The scanner still reads the first generation, from memory it holds, unchanged.
    for (let row = await scanner.next(); row !== undefined; row = await scanner.next()) {
      for (const cell of row) seen.push(`${cell.row}=${cell.value}`);
    }
    scanner.close();
    expect(seen).toEqual(Array.from({ length: rows }, (_, i) => `${rowOf(i)}=first-${i}`));

    await region.flush();
    const allocated = chunks.allocatedChunks;
    await region.batchMutate(Array.from({ length: rows }, (_, i) => put(i, 'third')));
    expect(chunks.allocatedChunks).toBe(allocated);
    const cells = await region.get({ row: Buffer.from(rowOf(7)) });
    expect(cells.map((cell) => cell.value.toString())).toEqual(['third-7']);
    expect(chunks.readers).toBe(0);
  });
});
