// The writer's contract: cells in strictly increasing order (else an assertion), stored cells only,
// abort hands the partial file back, a failed sink write fails finish() and aborts the sink; and
// long keys (multi-byte lengths, long shared prefixes, keys beyond the scratch sizes) round-trip.
import { AssertionError } from 'node:assert';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Cell, CellType, firstOnRow, makeCell } from '../../../src/common/index.js';
import { StoreFileWriter, type FileSink } from '../../../src/regionserver/storefile/index.js';
import {
  MemorySink,
  modelSeek,
  openBytes,
  sameCell,
  scanAll,
  simpleCells,
  sortCells,
  writeFile,
} from './support.js';

const OPTIONS = {
  blockSizeBytes: 1024,
  bloomType: 'ROW',
  expectedKeys: 10,
  majorCompacted: false,
} as const;

describe('StoreFileWriter', () => {
  it('asserts that cells strictly increase', async () => {
    const [a, b] = simpleCells(2);
    const writer = new StoreFileWriter(new MemorySink(), OPTIONS);
    await writer.append(b as Cell);
    expect(() => writer.append(a as Cell)).toThrow(AssertionError);
    expect(() => writer.append(b as Cell)).toThrow(AssertionError); // equal keys too
  });

  it('asserts that cells are stored cells', () => {
    const writer = new StoreFileWriter(new MemorySink(), OPTIONS);
    expect(() => writer.append(firstOnRow(Buffer.from('r')))).toThrow(AssertionError);
  });

  it('aborts the sink on abort()', async () => {
    const sink = new MemorySink();
    const writer = new StoreFileWriter(sink, OPTIONS);
    await writer.append(simpleCells(1)[0] as Cell);
    writer.abort();
    expect(sink.aborted).toBe(true);
    expect(sink.closed).toBe(false);
  });

  it('fails finish() and aborts the sink when a write fails', async () => {
    let aborted = false;
    const sink: FileSink = {
      write: () => Promise.reject(new Error('disk full')),
      close: () => Promise.resolve(),
      abort: () => {
        aborted = true;
      },
    };
    const writer = new StoreFileWriter(sink, OPTIONS);
    await writer.append(simpleCells(1)[0] as Cell);
    await expect(writer.finish()).rejects.toThrow('disk full');
    expect(aborted).toBe(true);
  });

  it('fills a written block’s buffer again, and the file still reads back whole', async () => {
    // 5 MB in 64 KiB blocks: five write batches (WRITE_BATCH_BYTES) of about sixteen blocks.
    const cells = simpleCells(5_000, 1, 1_000);
    const memory = new MemorySink();
    const buffers = new Set<ArrayBufferLike>();
    let writes = 0;
    const sink: FileSink = {
      write: (data) => {
        writes += 1;
        buffers.add(data.buffer);
        return memory.write(data);
      },
      close: () => memory.close(),
      abort: () => memory.abort(),
    };
    const options = { ...OPTIONS, blockSizeBytes: 64 * 1024, expectedKeys: cells.length };
    const writer = new StoreFileWriter(sink, options);
    for (const cell of cells) await writer.append(cell);
    await writer.finish();
    expect(writes).toBeGreaterThan(70);
    expect(buffers.size).toBeLessThan(writes / 2);
    const reader = await openBytes(Buffer.concat(memory.chunks));
    const back = await scanAll(reader);
    expect(back.length).toBe(cells.length);
    for (const [i, cell] of back.entries()) expect(sameCell(cell, cells[i] as Cell)).toBe(true);
    await reader.close();
  });

  it('writes an empty file that reads back empty', async () => {
    const { bytes, info } = await writeFile([]);
    expect(info.entryCount).toBe(0);
    const reader = await openBytes(bytes);
    expect(await scanAll(reader)).toEqual([]);
    const s = reader.scanner({ cacheBlocks: true });
    await s.seek(firstOnRow(Buffer.from('x')));
    expect(s.peek()).toBeUndefined();
    expect(await s.lastRowBefore(undefined)).toBeUndefined();
    expect(await reader.midKey()).toBeUndefined();
    await reader.close();
  });
});

/** Long rows sharing long prefixes, long qualifiers, values around the block size. */
const longCellArb: fc.Arbitrary<Cell> = fc
  .record({
    prefix: fc.constantFrom('', 'p'.repeat(150), 'q'.repeat(300)),
    tail: fc.string({ maxLength: 4 }),
    qualifier: fc.constantFrom('', 'c', 'x'.repeat(200)),
    timestamp: fc.nat(),
    value: fc.oneof(fc.constant(0), fc.nat({ max: 50 }), fc.constant(5000)),
    sequenceId: fc.nat({ max: 1_000_000 }),
  })
  .map((r) =>
    makeCell({
      row: `${r.prefix}${r.tail}x`,
      family: 'f',
      qualifier: r.qualifier,
      timestamp: r.timestamp,
      type: CellType.Put,
      value: Buffer.alloc(r.value, r.sequenceId & 0xff),
      sequenceId: r.sequenceId,
    }),
  );

describe('long keys', () => {
  it('round-trip and seek correctly', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(longCellArb, { maxLength: 80 }).map(sortCells),
        fc.constantFrom(16, 700, 4096),
        async (cells, blockSizeBytes) => {
          const { bytes } = await writeFile(cells, { blockSizeBytes });
          const reader = await openBytes(bytes);
          const read = await scanAll(reader);
          expect(read.length).toBe(cells.length);
          read.forEach((c, i) => expect(sameCell(c, cells[i])).toBe(true));
          const s = reader.scanner({ cacheBlocks: true });
          for (const key of cells) {
            await s.seek(firstOnRow(key.row));
            expect(sameCell(s.peek(), cells[modelSeek(cells, firstOnRow(key.row))])).toBe(true);
          }
          s.close();
          await reader.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});
