// UNIT TESTS of the WAL's pure format on bytes in memory: entries round-trip through encode and
// decode (fast-check), whole files read back through any read pattern, a file cut at every byte
// reads as its complete records with no error, and a flipped byte with data after it is corrupt.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntryBody } from '../../../src/regionserver/wal/codec.js';
import {
  encodeEntry,
  encodeFileStart,
  encodeTrailer,
  FRAME_HEADER_BYTES,
  PREAMBLE_BYTES,
  scanFrame,
} from '../../../src/regionserver/wal/frame.js';
import {
  compareWalFileNames,
  readWalSource,
  walFileName,
  WalCorruptError,
  type WalEntry,
} from '../../../src/regionserver/wal/index.js';
import { collect, entries, entry, entryArbitrary, memorySource, plain } from './helpers.js';

const HEADER = { writerName: 'host.example.com,16020,1700000000000', creationTimeMs: 1_700_000 };

function fileBytes(list: readonly WalEntry[], trailer: boolean): Buffer {
  const parts = [encodeFileStart(HEADER), ...list.map(encodeEntry)];
  if (trailer) parts.push(encodeTrailer({ entryCount: list.length }));
  return Buffer.concat(parts);
}

/** File offsets where each entry's record ends. */
function recordEnds(list: readonly WalEntry[]): number[] {
  let at = encodeFileStart(HEADER).length;
  return list.map((e) => (at += encodeEntry(e).length));
}

const read = (data: Buffer, pieceBytes?: number) =>
  collect(readWalSource(memorySource(data, pieceBytes), '/mem/wal'));

describe('entry codec', () => {
  it('round-trips any entry through one record', () => {
    fc.assert(
      fc.property(entryArbitrary, (e) => {
        const record = encodeEntry(e);
        const scan = scanFrame(record, 0);
        expect(scan.kind).toBe('record');
        if (scan.kind !== 'record') return;
        expect(scan.end).toBe(record.length);
        expect(plain(decodeEntryBody(Buffer.from(scan.body)))).toEqual(plain(e));
      }),
      { numRuns: 300 },
    );
  });

  it('reads back whole files in order whatever the read sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(entryArbitrary, { maxLength: 12 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 4096 }),
        async (list, trailer, pieceBytes) => {
          const { entries: got, summary } = await read(fileBytes(list, trailer), pieceBytes);
          expect(got.map(plain)).toEqual(list.map(plain));
          expect(summary.entries).toBe(list.length);
          expect(summary.end).toBe(trailer ? 'trailer' : 'clean');
          expect(summary.header).toEqual(HEADER);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('torn tails', () => {
  const list = entries(6, ['a', 'b']);
  const data = fileBytes(list, true);
  const ends = recordEnds(list);

  it('reads a file cut at every byte as its complete records, without an error', async () => {
    for (let cut = 0; cut < data.length; cut++) {
      const { entries: got, summary } = await read(data.subarray(0, cut), 7);
      const complete = ends.filter((end) => end <= cut).length;
      expect(got.map(plain), `cut at ${cut}`).toEqual(list.slice(0, complete).map(plain));
      const atBoundary = cut > PREAMBLE_BYTES + FRAME_HEADER_BYTES && ends.includes(cut);
      const afterHeader = cut === ends[0]! - encodeEntry(list[0]!).length;
      expect(summary.end).toBe(atBoundary || afterHeader ? 'clean' : 'torn');
    }
  });

  it('stops quietly at a last record that fails its checksum', async () => {
    const noTrailer = Buffer.from(fileBytes(list, false));
    noTrailer[noTrailer.length - 3] = (noTrailer[noTrailer.length - 3] ?? 0) ^ 0x40;
    const { entries: got, summary } = await read(noTrailer);
    expect(got.map(plain)).toEqual(list.slice(0, -1).map(plain));
    expect(summary.end).toBe('torn');
  });
});

describe('corruption', () => {
  const list = entries(5, ['a']);
  const data = fileBytes(list, true);
  const ends = recordEnds(list);

  it('fails with WalCorrupt on any flipped byte of a record that has data after it', async () => {
    const start = ends[1]!;
    const end = ends[2]!;
    for (let at = start; at < end; at++) {
      const bad = Buffer.from(data);
      bad[at] = (bad[at] ?? 0) ^ 0x01;
      await expect(read(bad), `byte ${at}`).rejects.toBeInstanceOf(WalCorruptError);
    }
  });

  it('fails on a file that is not a WAL, or of another version', async () => {
    await expect(read(Buffer.from('PK\u0003\u0004 not a wal at all'))).rejects.toThrow(/preamble/);
    const other = Buffer.from(data);
    other.writeUInt16BE(9, 4);
    await expect(read(other)).rejects.toThrow(/version 9/);
  });

  it('fails on data after the trailer and on a trailer with the wrong count', async () => {
    const after = Buffer.concat([data, encodeEntry(entry('a', 99))]);
    await expect(read(after)).rejects.toThrow(/follows the trailer/);
    const miscounted = Buffer.concat([fileBytes(list, false), encodeTrailer({ entryCount: 4 })]);
    await expect(read(miscounted)).rejects.toThrow(/trailer counts 4/);
  });

  it('fails when the first record is not the header', async () => {
    const headerless = Buffer.concat([data.subarray(0, PREAMBLE_BYTES), encodeEntry(list[0]!)]);
    await expect(read(headerless)).rejects.toThrow(/not the header/);
  });
});

describe('file names', () => {
  it('sort by creation time, then counter, whatever dots the server name has', () => {
    const names = [
      walFileName('b.example.com,1,2', 1_700_000_000_500, 3),
      walFileName('a.example.com,1,2', 1_700_000_000_500, 12),
      walFileName('a.example.com,1,2', 999_999_999_999, 7),
      walFileName('a.example.com,1,2', 1_700_000_000_500, 2),
    ];
    expect([...names].sort(compareWalFileNames)).toEqual([names[2], names[3], names[0], names[1]]);
  });
});
