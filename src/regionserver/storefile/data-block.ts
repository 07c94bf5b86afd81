// A verified data block as readers and the block cache hold it: the payload (entries, then the
// restart array), its restart offsets decoded, and what it costs the cache. Invariant: restarts are
// strictly increasing, start at 0 and point inside the entries; the entries are never mutated.
import { blockName, BlockType, unframeBlock } from './block-frame.js';
import type { RowTails } from './row-tails.js';
import { CorruptStoreFileError } from './errors.js';
import { CACHED_BLOCK_OVERHEAD_BYTES } from './limits.js';

/** A block whose memory is at most this much larger than the block is kept as is, not copied. */
const BACKING_SLACK_BYTES = 8 * 1024;

export class DataBlock {
  constructor(
    /** Entries in [0, entriesEnd), then the restart array and its count. */
    readonly buf: Buffer,
    readonly restarts: Uint32Array,
    readonly entriesEnd: number,
    /** Names the block in error messages: file, index and offset. */
    readonly label: string,
    /** What the block costs the block cache. */
    readonly sizeBytes: number,
  ) {}

  /** The restart rows' prefix and numbers, built by the first seek into a cached block. */
  restartIndex: RowTails | undefined;

  corrupt(problem: string): CorruptStoreFileError {
    return new CorruptStoreFileError(`${this.label}: ${problem}`);
  }
}

/** Verifies a data block as read from disk (frame, checksum, restart array) and decodes it. */
export function decodeDataBlock(framed: Buffer, label: string): DataBlock {
  // A block cut from a much larger read would pin that read's memory while cached.
  const own =
    framed.buffer.byteLength > 2 * framed.length + BACKING_SLACK_BYTES
      ? Buffer.from(framed)
      : framed;
  const buf = unframeBlock(own, BlockType.Data, label);
  const fail = (problem: string): never => {
    throw new CorruptStoreFileError(`${label}: ${blockName(BlockType.Data)} block ${problem}`);
  };
  if (buf.length < 8) fail(`payload is ${buf.length} bytes; at least 8 are needed`);
  const count = buf.readUInt32BE(buf.length - 4);
  const entriesEnd = buf.length - 4 - 4 * count;
  if (count === 0 || entriesEnd <= 0) {
    fail(`has ${count} restart points for a ${buf.length}-byte payload`);
  }
  const restarts = new Uint32Array(count);
  let previous = -1;
  for (let r = 0; r < count; r++) {
    const offset = buf.readUInt32BE(entriesEnd + 4 * r);
    if (offset <= previous || offset >= entriesEnd || (r === 0 && offset !== 0)) {
      fail(`restart ${r} is at ${offset}; restarts must rise from 0 below ${entriesEnd}`);
    }
    restarts[r] = offset;
    previous = offset;
  }
  const sizeBytes = own.length + restarts.byteLength + CACHED_BLOCK_OVERHEAD_BYTES;
  return new DataBlock(buf, restarts, entriesEnd, label, sizeBytes);
}
