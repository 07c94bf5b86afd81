// Reads back the partial last chunk of a block reopened for append: the protocol sends packets
// from chunk boundaries, so those bytes go out again, whole, with the first new packet. The bytes
// are verified against their stored checksum before they are used.
import { firstBadChunk } from '../checksum.js';
import { BlockMissingError } from '../errors.js';
import { CHUNK_BYTES, DATANODE_CALL_TIMEOUT_MS } from '../limits.js';
import type { LocatedBlock } from '../types.js';
import { asError, type ClientContext } from './context.js';

/** Any stamp: the replica is still at its old stamp, below the one the append handed out. */
const ANY_GENERATION_STAMP = 0;

/** The bytes of `located`'s partial last chunk (empty when its length is chunk-aligned). */
export async function readPartialChunk(ctx: ClientContext, located: LocatedBlock): Promise<Buffer> {
  const length = located.block.numBytes;
  const start = length - (length % CHUNK_BYTES);
  if (start === length) return Buffer.alloc(0);
  const failures: string[] = [];
  for (const location of located.locations) {
    try {
      const answer = await ctx.datanode(location.address).readBlock(
        {
          blockId: located.block.blockId,
          genStamp: ANY_GENERATION_STAMP,
          offset: start,
          length: length - start,
        },
        { timeoutMs: DATANODE_CALL_TIMEOUT_MS },
      );
      const data = Buffer.from(answer.data.buffer, answer.data.byteOffset, answer.data.length);
      const skip = start - answer.offset;
      if (skip < 0 || skip % CHUNK_BYTES !== 0 || answer.offset + data.length < length) {
        throw new Error(
          `answered ${data.length} bytes at ${answer.offset}; wanted ${start}..${length}`,
        );
      }
      const bad = firstBadChunk(data, answer.checksums);
      const wantedChunk = skip / CHUNK_BYTES;
      if (bad >= 0 && bad <= wantedChunk) throw new Error(`chunk ${bad} fails its checksum`);
      return Buffer.from(data.subarray(skip, skip + length - start));
    } catch (error) {
      failures.push(`${location.address}: ${asError(error).message}`);
    }
  }
  throw new BlockMissingError(
    `could not read the last chunk of block ${located.block.blockId} to append to it ` +
      `(${failures.join('; ') || 'no locations'})`,
  );
}
