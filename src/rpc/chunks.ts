// Moving large payloads: a big byte array travels as a stream of chunks, never one giant frame.
import { LimitExceededError } from '../common/errors.js';
import { STREAM_CHUNK_BYTES_MAX } from '../common/limits.js';
import { ProtocolError } from './errors.js';

/** Yields views of `bytes` of at most `chunkBytes` each (a handler returns this as its stream). */
export function* chunkBytes(
  bytes: Uint8Array,
  chunkBytes = STREAM_CHUNK_BYTES_MAX,
): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    yield bytes.subarray(offset, Math.min(bytes.length, offset + chunkBytes));
  }
}

/** Joins the chunks of a stream back into one buffer, refusing more than `bytesMax`. */
export async function collectBytes(
  chunks: AsyncIterable<unknown>,
  bytesMax: number,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    if (!(chunk instanceof Uint8Array))
      throw new ProtocolError('a stream of bytes sent an item that is not bytes');
    total += chunk.length;
    if (total > bytesMax)
      throw new LimitExceededError(`stream is over ${bytesMax} bytes, the limit given`);
    parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(parts, total);
}
