// Packet buffers, kept for reuse once the whole pipeline has acknowledged their packet. A new
// buffer is memory V8 counts as external; enough of it between two full collections starts one
// that marks the whole heap (a region server's memstore), so a writer that sends a block's worth
// of packets every second pays for it many times over. Pooled buffers are full PACKET_BYTES; the
// pool keeps at most PACKET_BUFFERS_POOLED_MAX and lets the rest go to the collector.
import { PACKET_BUFFERS_POOLED_MAX, PACKET_BYTES } from '../limits.js';

export class PacketBufferPool {
  readonly #free: Buffer[] = [];
  readonly #kept: number;
  readonly #bytes: number;

  constructor(kept = PACKET_BUFFERS_POOLED_MAX, bytes = PACKET_BYTES) {
    this.#kept = kept;
    this.#bytes = bytes;
  }

  /** The size of every buffer of the pool. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Buffers waiting to be reused. */
  get free(): number {
    return this.#free.length;
  }

  /** A buffer of the pool's size, reused or new; its bytes are whatever they were. */
  take(): Buffer {
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(this.#bytes);
  }

  /**
   * Gives back a buffer from take() that nothing will read or write again (its packet was
   * acknowledged, or never left). Anything else is left to the collector.
   */
  give(buffer: Buffer): void {
    if (buffer.length !== this.#bytes || buffer.buffer.byteLength !== this.#bytes) return;
    if (this.#free.length < this.#kept) this.#free.push(buffer);
  }
}

/** The process's pool, shared by its output streams. */
export const packetBuffers = new PacketBufferPool();
