// The frame every block of a store file has on disk: a type byte, the payload, and a CRC32C
// (u32 BE) of type and payload. Invariant: a block reaches a decoder only after its type and
// checksum are verified; a frame that fails is a CorruptStoreFileError.
import { crc32c } from '@node-rs/crc32';
import { CorruptStoreFileError } from './errors.js';

export const BlockType = { Data: 1, Index: 2, Bloom: 3, FileInfo: 4 } as const;
export type BlockType = (typeof BlockType)[keyof typeof BlockType];

const BLOCK_NAMES: Readonly<Record<BlockType, string>> = {
  [BlockType.Data]: 'data',
  [BlockType.Index]: 'index',
  [BlockType.Bloom]: 'Bloom',
  [BlockType.FileInfo]: 'file-info',
};

/** The type byte before a payload. */
export const FRAME_HEADER_BYTES = 1;
/** The type byte and the checksum. */
export const FRAME_BYTES = FRAME_HEADER_BYTES + 4;

export function blockName(type: BlockType): string {
  return BLOCK_NAMES[type];
}

/**
 * Seals a block built in buf[0, payloadEnd) with its payload from offset FRAME_HEADER_BYTES: sets
 * the type byte, appends the checksum (buf needs 4 bytes of room) and returns the framed block.
 */
export function sealBlock(buf: Buffer, type: BlockType, payloadEnd: number): Buffer {
  buf[0] = type;
  buf.writeUInt32BE(crc32c(buf.subarray(0, payloadEnd)) >>> 0, payloadEnd);
  return buf.subarray(0, payloadEnd + 4);
}

/** Frames a finished payload (a copy: for the small blocks written once per file). */
export function frameBlock(type: BlockType, payload: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(payload.length + FRAME_BYTES);
  buf.set(payload, FRAME_HEADER_BYTES);
  return sealBlock(buf, type, FRAME_HEADER_BYTES + payload.length);
}

/** Verifies a framed block read from disk and returns its payload (a view). */
export function unframeBlock(block: Buffer, type: BlockType, what: string): Buffer {
  if (block.length < FRAME_BYTES) {
    throw new CorruptStoreFileError(
      `${what}: ${block.length} bytes is too short for a block (at least ${FRAME_BYTES})`,
    );
  }
  const payloadEnd = block.length - 4;
  const stored = block.readUInt32BE(payloadEnd);
  const actual = crc32c(block.subarray(0, payloadEnd)) >>> 0;
  if (stored !== actual) {
    throw new CorruptStoreFileError(
      `${what}: checksum is 0x${hex(actual)} but 0x${hex(stored)} was stored`,
    );
  }
  if (block[0] !== type) {
    throw new CorruptStoreFileError(
      `${what}: block type is ${block[0]}; expected ${type} (${blockName(type)})`,
    );
  }
  return block.subarray(FRAME_HEADER_BYTES, payloadEnd);
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
