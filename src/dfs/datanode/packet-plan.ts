// Where a packet's bytes go in a replica holding `held` bytes (pure): the offset rules of
// PacketRequest. Whole chunks the replica already holds are not written again; a partial last chunk
// is overwritten with the packet's longer one. The replica never gets a gap.
import { InvalidArgumentError, LimitExceededError } from '../../common/errors.js';
import { ReplicaStateError } from '../errors.js';
import { BLOCK_BYTES_MAX, CHECKSUM_BYTES, CHUNK_BYTES } from '../limits.js';

export type PacketPlan =
  /** Nothing new: the replica already holds every byte of the packet. */
  | { readonly kind: 'skip'; readonly length: number }
  /**
   * Write `data[dataFrom..]` at block offset `position` and the checksums from byte
   * `checksumFrom`; the replica then holds `length` bytes.
   */
  | {
      readonly kind: 'write';
      readonly position: number;
      readonly dataFrom: number;
      readonly checksumFrom: number;
      readonly length: number;
    };

export function planPacket(held: number, offset: number, dataBytes: number): PacketPlan {
  if (dataBytes === 0) {
    if (offset !== held) {
      throw new ReplicaStateError(
        `an empty packet must be at the replica's length ${held}, not at offset ${offset}`,
      );
    }
    return { kind: 'skip', length: held };
  }
  if (offset % CHUNK_BYTES !== 0) {
    throw new InvalidArgumentError(`packet offset ${offset} is not a multiple of ${CHUNK_BYTES}`);
  }
  if (offset > held) {
    throw new ReplicaStateError(
      `packet at offset ${offset} would leave a gap: the replica holds ${held}`,
    );
  }
  const end = offset + dataBytes;
  if (end > BLOCK_BYTES_MAX) {
    throw new LimitExceededError(`packet ends at ${end}; a block holds at most ${BLOCK_BYTES_MAX}`);
  }
  if (end <= held) return { kind: 'skip', length: held };
  const heldWholeChunks = held - (held % CHUNK_BYTES);
  const position = Math.max(offset, heldWholeChunks);
  const dataFrom = position - offset;
  return {
    kind: 'write',
    position,
    dataFrom,
    checksumFrom: (dataFrom / CHUNK_BYTES) * CHECKSUM_BYTES,
    length: end,
  };
}
