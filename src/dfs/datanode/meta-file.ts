// The `.meta` file of a replica (HDFS BlockMetadataHeader): a 7-byte big-endian header (version 1
// as 2 bytes, checksum type CRC32C = 2 as 1 byte, bytes per checksum 512 as 4 bytes), then one
// big-endian CRC32C per chunk of the data file. What `encodeMetaHeader` writes, `checkMetaHeader` accepts.
import { chunksOf } from '../checksum.js';
import { ChecksumError } from '../errors.js';
import { CHECKSUM_BYTES, CHUNK_BYTES } from '../limits.js';

export const META_VERSION = 1;
/** HDFS DataChecksum.Type.CRC32C. */
export const CHECKSUM_TYPE_CRC32C = 2;
export const META_HEADER_BYTES = 7;

export interface MetaHeader {
  readonly version: number;
  readonly checksumType: number;
  readonly bytesPerChecksum: number;
}

export function encodeMetaHeader(): Buffer {
  const header = Buffer.alloc(META_HEADER_BYTES);
  header.writeUInt16BE(META_VERSION, 0);
  header.writeUInt8(CHECKSUM_TYPE_CRC32C, 2);
  header.writeUInt32BE(CHUNK_BYTES, 3);
  return header;
}

/** Reads the header's fields; throws ChecksumError when there are fewer than 7 bytes. */
export function decodeMetaHeader(bytes: Uint8Array): MetaHeader {
  if (bytes.length < META_HEADER_BYTES) {
    throw new ChecksumError(
      `meta header is ${bytes.length} bytes; it must be ${META_HEADER_BYTES}`,
    );
  }
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, META_HEADER_BYTES);
  return {
    version: view.readUInt16BE(0),
    checksumType: view.readUInt8(2),
    bytesPerChecksum: view.readUInt32BE(3),
  };
}

/** Throws ChecksumError unless `bytes` start with the header this datanode writes. */
export function checkMetaHeader(bytes: Uint8Array): void {
  const header = decodeMetaHeader(bytes);
  if (header.version !== META_VERSION) {
    throw new ChecksumError(`meta header version is ${header.version}; expected ${META_VERSION}`);
  }
  if (header.checksumType !== CHECKSUM_TYPE_CRC32C) {
    throw new ChecksumError(
      `meta checksum type is ${header.checksumType}; expected ${CHECKSUM_TYPE_CRC32C} (CRC32C)`,
    );
  }
  if (header.bytesPerChecksum !== CHUNK_BYTES) {
    throw new ChecksumError(
      `meta bytes per checksum is ${header.bytesPerChecksum}; expected ${CHUNK_BYTES}`,
    );
  }
}

/** The length of the meta file of a replica holding `dataBytes` bytes. */
export function metaBytesFor(dataBytes: number): number {
  return META_HEADER_BYTES + chunksOf(dataBytes) * CHECKSUM_BYTES;
}

/** Where chunk `chunkIndex`'s checksum lives in the meta file. */
export function checksumPosition(chunkIndex: number): number {
  return META_HEADER_BYTES + chunkIndex * CHECKSUM_BYTES;
}

/** Whole checksums a meta file of `metaBytes` bytes holds. */
export function checksumsIn(metaBytes: number): number {
  return Math.max(0, Math.floor((metaBytes - META_HEADER_BYTES) / CHECKSUM_BYTES));
}
