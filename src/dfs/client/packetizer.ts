// Cuts written bytes into packets of whole CHUNK_BYTES chunks with their CRC32C, never across a
// block's end. Invariant: a packet starts on a chunk boundary (an empty one at the replica's
// length); a partial last chunk stays buffered and is sent again, whole, with the next packet.
// Packet buffers come from a pool (packet-buffers.ts): a packet that views its buffer owns it
// (`owned`), and the pipeline gives it back once the packet is acknowledged.
import { assert } from '../../common/assert.js';
import { chunkChecksums } from '../checksum.js';
import { CHUNK_BYTES, PACKET_BYTES } from '../limits.js';
import { packetBuffers, type PacketBufferPool } from './packet-buffers.js';

/** One packet of one block, as the pipeline sends it (its seqno is the pipeline's business). */
export interface Packet {
  /** Offset of `data` in the block. */
  readonly offset: number;
  readonly data: Buffer;
  readonly checksums: Buffer;
  /** The block's last packet: the replica is finalized once written. */
  readonly last: boolean;
  readonly sync: boolean;
  /** The pooled buffer `data` views: the packet's own, to give back once it is acknowledged. */
  readonly owned?: Buffer;
}

/** The block offset just past a packet's data. */
export function packetEnd(packet: Packet): number {
  return packet.offset + packet.data.length;
}

const EMPTY = Buffer.alloc(0);
/**
 * A packet of at most 1/SMALL_PACKET_DIVISOR of its buffer (an hflush of a few edits) is copied
 * out, so the buffer is kept for the next packet rather than a new one allocated each time.
 */
const SMALL_PACKET_DIVISOR = 8;

export class Packetizer {
  readonly #blockBytes: number;
  readonly #packetBytes: number;
  /** Where buffers come from: the pool when its buffers are a packet's size. */
  readonly #pool: PacketBufferPool | undefined;
  #active = false;
  /** The packet being filled; `#buffer[0]` is at block offset `#bufferOffset` (chunk-aligned). */
  #buffer: Buffer = EMPTY;
  /** The whole pooled buffer `#buffer` views (EMPTY when `#buffer` is not pooled). */
  #pooled: Buffer = EMPTY;
  #bufferOffset = 0;
  #filled = 0;
  /** Block bytes already cut into packets (the replica's length once they are acknowledged). */
  #sent = 0;

  constructor(blockBytes: number, packetBytes = PACKET_BYTES, pool = packetBuffers) {
    assert(blockBytes > 0 && Number.isInteger(blockBytes), `bad block size ${blockBytes}`);
    assert(packetBytes % CHUNK_BYTES === 0 && packetBytes > 0, `bad packet size ${packetBytes}`);
    this.#blockBytes = blockBytes;
    this.#packetBytes = packetBytes;
    this.#pool = pool.bytes === packetBytes ? pool : undefined;
  }

  /**
   * Starts a block whose replica already holds `length` bytes; `tail` holds the bytes of its
   * partial last chunk (`length % CHUNK_BYTES` of them), to be sent again with the next packet.
   */
  beginBlock(length: number, tail: Uint8Array = EMPTY): void {
    assert(!this.#active, 'a block is already open');
    assert(tail.length === length % CHUNK_BYTES, `tail of ${tail.length} bytes for ${length}`);
    assert(length <= this.#blockBytes, `block length ${length} over ${this.#blockBytes}`);
    this.#active = true;
    this.#bufferOffset = length - tail.length;
    this.#sent = length;
    this.#allocate();
    this.#buffer.set(tail, 0);
    this.#filled = tail.length;
  }

  /** True between beginBlock and the cut of the block's last packet. */
  get active(): boolean {
    return this.#active;
  }

  /** Bytes of the block written so far (sent or buffered). */
  get blockLength(): number {
    return this.#bufferOffset + this.#filled;
  }

  /** Bytes written but not yet in any packet. */
  get unsentBytes(): number {
    return this.blockLength - this.#sent;
  }

  /** The buffered packet has reached PACKET_BYTES or the block's end: cut it. */
  get packetFull(): boolean {
    return this.#active && this.#filled === this.#buffer.length;
  }

  /** Copies bytes of `data` from `start` into the packet; returns how many fit. */
  append(data: Uint8Array, start: number): number {
    assert(this.#active, 'no block is open');
    const count = Math.min(data.length - start, this.#buffer.length - this.#filled);
    if (count <= 0) return 0;
    this.#buffer.set(data.subarray(start, start + count), this.#filled);
    this.#filled += count;
    return count;
  }

  /**
   * The buffered bytes as a packet (empty, at the replica's length, when nothing is new). The
   * packet is the block's last when `last` is asked or the block is full; then the block closes.
   */
  cut(options: { readonly sync?: boolean; readonly last?: boolean } = {}): Packet {
    assert(this.#active, 'no block is open');
    const last = (options.last ?? false) || this.blockLength === this.#blockBytes;
    const sync = options.sync ?? false;
    const small = this.#filled * SMALL_PACKET_DIVISOR <= this.#buffer.length;
    let packet: Packet;
    if (this.unsentBytes === 0) {
      packet = { offset: this.#sent, data: EMPTY, checksums: EMPTY, last, sync };
    } else {
      const view = this.#buffer.subarray(0, this.#filled);
      const data = small ? Buffer.from(view) : view;
      const checksums = chunkChecksums(data);
      packet = { offset: this.#bufferOffset, data, checksums, last, sync };
      if (!small && this.#pooled !== EMPTY) packet = { ...packet, owned: this.#pooled };
      this.#sent = this.blockLength;
    }
    const viewed = packet.data.length > 0 && !small;
    if (last) {
      this.#active = false;
      if (!viewed) this.#release();
      this.#buffer = EMPTY;
      this.#pooled = EMPTY;
      return packet;
    }
    if (packet.data.length > 0) this.#carryTail(small);
    return packet;
  }

  /**
   * Starts the next packet buffer, carrying the partial last chunk over: in the same buffer when
   * the packet was copied out of it (`reuse`) and it is no larger than the block's room, else in
   * a new one (a packet that shares the old buffer must never see it overwritten).
   */
  #carryTail(reuse: boolean): void {
    const tailBytes = this.#filled % CHUNK_BYTES;
    const old = this.#buffer;
    const oldPooled = this.#pooled;
    this.#bufferOffset += this.#filled - tailBytes;
    const capacity = Math.min(this.#packetBytes, this.#blockBytes - this.#bufferOffset);
    if (reuse && capacity <= old.length) {
      if (tailBytes > 0) old.copyWithin(0, this.#filled - tailBytes, this.#filled);
      this.#buffer = capacity === old.length ? old : old.subarray(0, capacity);
    } else {
      this.#allocate();
      if (tailBytes > 0) old.copy(this.#buffer, 0, this.#filled - tailBytes, this.#filled);
      // Copied out, the old buffer is no packet's: back to the pool.
      if (reuse && oldPooled !== EMPTY) this.#pool?.give(oldPooled);
    }
    this.#filled = tailBytes;
  }

  /** Gives the buffer being filled back to the pool (no packet views it). */
  #release(): void {
    if (this.#pooled !== EMPTY) this.#pool?.give(this.#pooled);
  }

  #allocate(): void {
    const capacity = Math.min(this.#packetBytes, this.#blockBytes - this.#bufferOffset);
    if (this.#pool === undefined) {
      this.#buffer = Buffer.allocUnsafe(capacity);
      this.#pooled = EMPTY;
    } else {
      this.#pooled = this.#pool.take();
      this.#buffer =
        capacity === this.#pooled.length ? this.#pooled : this.#pooled.subarray(0, capacity);
    }
  }
}
