// The fixed-size trailer ending every store file: magic, format version, where the index, Bloom
// and file-info blocks are, the data block count, and a CRC32C of the rest. Invariant: a decoded
// trailer passed magic, version and checksum, and its blocks tile [indexOffset, trailer) exactly.
import { crc32c } from '@node-rs/crc32';
import { ByteReader, writeU64 } from './codec.js';
import { CorruptStoreFileError } from './errors.js';
import { LOAD_ON_OPEN_BYTES_MAX } from './limits.js';

/** "CLNDSTFL": Colonnade store file. */
export const STORE_FILE_MAGIC: Buffer = Buffer.from('CLNDSTFL', 'latin1');
export const STORE_FILE_VERSION = 1;
/** magic 8, version 4, three (offset u64, size u32) pairs, block count 4, checksum 4. */
export const TRAILER_BYTES = 8 + 4 + 3 * 12 + 4 + 4;

export interface Trailer {
  readonly indexOffset: number;
  readonly indexBytes: number;
  /** Both 0 when the file has no Bloom block. */
  readonly bloomOffset: number;
  readonly bloomBytes: number;
  readonly fileInfoOffset: number;
  readonly fileInfoBytes: number;
  readonly dataBlockCount: number;
}

export function encodeTrailer(t: Trailer): Buffer {
  const buf = Buffer.alloc(TRAILER_BYTES);
  STORE_FILE_MAGIC.copy(buf, 0);
  buf.writeUInt32BE(STORE_FILE_VERSION, 8);
  let p = 12;
  p = writeU64(buf, p, t.indexOffset);
  p = buf.writeUInt32BE(t.indexBytes, p);
  p = writeU64(buf, p, t.bloomOffset);
  p = buf.writeUInt32BE(t.bloomBytes, p);
  p = writeU64(buf, p, t.fileInfoOffset);
  p = buf.writeUInt32BE(t.fileInfoBytes, p);
  p = buf.writeUInt32BE(t.dataBlockCount, p);
  buf.writeUInt32BE(crc32c(buf.subarray(0, p)) >>> 0, p);
  return buf;
}

/** Decodes and checks the trailer: `buf` is the last TRAILER_BYTES of a file of `fileBytes`. */
export function decodeTrailer(buf: Buffer, fileBytes: number, path: string): Trailer {
  const what = `store file ${path}: trailer`;
  if (buf.length !== TRAILER_BYTES) {
    throw new CorruptStoreFileError(`${what} is ${buf.length} bytes; it must be ${TRAILER_BYTES}`);
  }
  if (!buf.subarray(0, 8).equals(STORE_FILE_MAGIC)) {
    throw new CorruptStoreFileError(`${what} has no store-file magic (truncated or not one)`);
  }
  const r: ByteReader = new ByteReader(buf, what, 8);
  const version = r.u32('version');
  if (version !== STORE_FILE_VERSION) {
    r.fail(`format version is ${version}; this reader knows ${STORE_FILE_VERSION}`);
  }
  const stored = buf.readUInt32BE(TRAILER_BYTES - 4);
  if (crc32c(buf.subarray(0, TRAILER_BYTES - 4)) >>> 0 !== stored) r.fail('checksum mismatch');
  const t: Trailer = {
    indexOffset: r.u64('index offset'),
    indexBytes: r.u32('index size'),
    bloomOffset: r.u64('Bloom offset'),
    bloomBytes: r.u32('Bloom size'),
    fileInfoOffset: r.u64('file-info offset'),
    fileInfoBytes: r.u32('file-info size'),
    dataBlockCount: r.u32('data block count'),
  };
  checkLayout(t, fileBytes, r);
  return t;
}

/** The load-on-open blocks must be contiguous, in order, and end where the trailer starts. */
function checkLayout(t: Trailer, fileBytes: number, r: ByteReader): void {
  const trailerStart = fileBytes - TRAILER_BYTES;
  const afterIndex = t.indexOffset + t.indexBytes;
  const hasBloom = t.bloomBytes > 0;
  if (!hasBloom && t.bloomOffset !== 0) r.fail(`Bloom offset ${t.bloomOffset} with no Bloom block`);
  if (hasBloom && t.bloomOffset !== afterIndex) {
    r.fail(`Bloom block at ${t.bloomOffset}; the index ends at ${afterIndex}`);
  }
  const beforeInfo = hasBloom ? t.bloomOffset + t.bloomBytes : afterIndex;
  if (t.fileInfoOffset !== beforeInfo) {
    r.fail(`file-info block at ${t.fileInfoOffset}; the block before it ends at ${beforeInfo}`);
  }
  if (t.fileInfoOffset + t.fileInfoBytes !== trailerStart) {
    r.fail(
      `file-info block ends at ${t.fileInfoOffset + t.fileInfoBytes}; ` +
        `the trailer starts at ${trailerStart} (file of ${fileBytes} bytes)`,
    );
  }
  const loadOnOpen = trailerStart - t.indexOffset;
  if (loadOnOpen > LOAD_ON_OPEN_BYTES_MAX) {
    r.fail(
      `index, Bloom and file info are ${loadOnOpen} bytes; the limit is ${LOAD_ON_OPEN_BYTES_MAX}`,
    );
  }
}
