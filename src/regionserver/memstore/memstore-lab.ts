// One memstore segment's local allocation buffer (HBase's MSLAB): cell bytes are copied one after
// another into chunks from the server's pool, so the segment holds a few large chunks instead of
// every request frame its cells came in. Invariant: the chunks are written only through `copy`,
// each byte once; they go back to the pool only when the segment's cells are no longer served.
import { EMPTY_BYTES } from '../../common/index.js';
import { MEMSTORE_LAB_COPY_BYTES_MAX } from '../limits.js';
import type { ChunkPool } from './chunk-pool.js';

export class MemstoreLab {
  readonly #pool: ChunkPool;
  #chunks: Buffer[] = [];
  #current: Buffer | undefined;
  #used = 0;

  constructor(pool: ChunkPool) {
    this.#pool = pool;
  }

  /** Chunks this segment has taken. */
  get chunks(): number {
    return this.#chunks.length;
  }

  /**
   * The bytes as the memstore keeps them: a view of this segment's chunks, or, past
   * MEMSTORE_LAB_COPY_BYTES_MAX, the bytes themselves (a large value fills its own frame anyway).
   */
  copy(bytes: Buffer): Buffer {
    const n = bytes.length;
    if (n === 0) return EMPTY_BYTES;
    if (n > MEMSTORE_LAB_COPY_BYTES_MAX) return bytes;
    let chunk = this.#current;
    if (chunk === undefined || this.#used + n > chunk.length) {
      chunk = this.#pool.take();
      this.#chunks.push(chunk);
      this.#current = chunk;
      this.#used = 0;
    }
    const at = this.#used;
    chunk.set(bytes, at);
    this.#used = at + n;
    return chunk.subarray(at, at + n);
  }

  /** Takes over another segment's chunks (a failed flush's cells come back into this one). */
  adopt(other: MemstoreLab): void {
    this.#chunks.push(...other.#chunks);
    other.#chunks = [];
    other.#current = undefined;
  }

  /** The segment is flushed and dropped: its chunks go back to the pool once no reader sees them. */
  release(): void {
    const chunks = this.#chunks;
    this.#chunks = [];
    this.#current = undefined;
    this.#pool.release(chunks);
  }
}
