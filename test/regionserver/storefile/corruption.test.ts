// A damaged store file is a CorruptStoreFileError, never a wrong answer: every single-byte flip of
// a small file (all sections), every truncation, a bad magic, an unknown version, a short read.
import { crc32c } from '@node-rs/crc32';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellType, makeCell } from '../../../src/common/index.js';
import {
  BlockCache,
  CorruptStoreFileError,
  openStoreFile,
  TRAILER_BYTES,
} from '../../../src/regionserver/storefile/index.js';
import { memorySource, openBytes, sameCell, scanAll, simpleCells, writeFile } from './support.js';

/** Opens and fully scans (also asking the Bloom filter and the midKey); returns how it ended. */
async function readAll(bytes: Buffer): Promise<'ok' | 'corrupt'> {
  try {
    const reader = await openBytes(bytes, new BlockCache(1 << 20));
    await scanAll(reader, false);
    reader.mayContainRow(Buffer.from('row-000001'));
    await reader.midKey();
    await reader.close();
    return 'ok';
  } catch (error) {
    if (error instanceof CorruptStoreFileError && error.code === 'CorruptStoreFile')
      return 'corrupt';
    throw error;
  }
}

async function smallFile(): Promise<Buffer> {
  const cells = simpleCells(40, 2, 6);
  cells.push(
    makeCell({
      row: 'row-999999',
      family: 'f',
      qualifier: 'z',
      type: CellType.DeleteColumn,
      timestamp: 5,
    }),
  );
  const { bytes } = await writeFile(cells, { blockSizeBytes: 200, bloomType: 'ROWCOL' });
  return bytes;
}

describe('store file corruption', () => {
  it('rejects a flip of any single byte, at every offset', async () => {
    const bytes = await smallFile();
    expect(await readAll(bytes)).toBe('ok');
    const masks = [0x01, 0x80, 0xff];
    for (let offset = 0; offset < bytes.length; offset++) {
      for (const mask of masks) {
        const damaged = Buffer.from(bytes);
        damaged[offset] = (damaged[offset] as number) ^ mask;
        const outcome = await readAll(damaged);
        if (outcome !== 'corrupt')
          throw new Error(
            `flip 0x${mask.toString(16)} at ${offset} of ${bytes.length}: ${outcome}`,
          );
      }
    }
  });

  it('rejects random byte replacements (seeded)', async () => {
    const bytes = await smallFile();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: bytes.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (offset, mask) => {
          const damaged = Buffer.from(bytes);
          damaged[offset] = (damaged[offset] as number) ^ mask;
          expect(await readAll(damaged)).toBe('corrupt');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects every truncation', async () => {
    const bytes = await smallFile();
    for (let length = 0; length < bytes.length; length++) {
      expect(await readAll(bytes.subarray(0, length))).toBe('corrupt');
    }
  });

  it('rejects bytes appended after the trailer', async () => {
    const bytes = await smallFile();
    expect(await readAll(Buffer.concat([bytes, Buffer.from([0])]))).toBe('corrupt');
  });

  it('names a bad magic and an unknown version', async () => {
    const bytes = await smallFile();
    const trailerStart = bytes.length - TRAILER_BYTES;
    const badMagic = Buffer.from(bytes);
    badMagic.write('NOTASTFL', trailerStart, 'latin1');
    await expect(openBytes(badMagic)).rejects.toThrow(/magic/);
    const future = Buffer.from(bytes);
    future.writeUInt32BE(99, trailerStart + 8);
    const crcAt = bytes.length - 4;
    future.writeUInt32BE(crc32c(future.subarray(trailerStart, crcAt)) >>> 0, crcAt);
    await expect(openBytes(future)).rejects.toThrow(/version is 99/);
  });

  it('treats a short read as a truncated file and closes the source on a failed open', async () => {
    const bytes = await smallFile();
    const source = memorySource(bytes);
    const shortReads = {
      ...source,
      pread: (p: number, n: number) => source.pread(p, Math.max(0, n - 1)),
    };
    await expect(openStoreFile(shortReads, 'short', new BlockCache())).rejects.toBeInstanceOf(
      CorruptStoreFileError,
    );
    expect(source.closed).toBe(true);
  });

  it('reports a corrupt data block on the read that needs it', async () => {
    const cells = simpleCells(100, 1, 20);
    const { bytes } = await writeFile(cells, { blockSizeBytes: 256 });
    const damaged = Buffer.from(bytes);
    const at = Math.floor(bytes.length / 2);
    damaged[at] = (damaged[at] as number) ^ 0x10;
    const reader = await openBytes(damaged);
    const scanner = reader.scanner({ cacheBlocks: true });
    await scanner.seek(cells[0]!);
    let read = 0;
    await expect(
      (async () => {
        for (let c = scanner.peek(); c !== undefined; c = scanner.peek()) {
          expect(sameCell(c, cells[read])).toBe(true);
          read++;
          await scanner.next();
        }
      })(),
    ).rejects.toBeInstanceOf(CorruptStoreFileError);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(cells.length);
    await reader.close();
  });
});
