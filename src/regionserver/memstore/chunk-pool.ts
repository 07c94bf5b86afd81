// The region server's pool of memstore chunks (HBase's MSLAB chunk pool) and the read guard that
// makes reusing them safe. Invariant: a chunk goes back to the free list only when no reader that
// entered before its segment was released is still in flight (epoch-based reclamation); anything
// the pool cannot prove free is dropped to the garbage collector, never reused.
//
// Why: a memstore cell that views its request's frame keeps the frame alive until the flush, and
// V8 starts a major collection each time 64 MiB more external memory is held than after the last
// one — under random writes, one a second, each marking the whole memstore. Cells copied into
// pooled chunks let frames die young, and the chunks themselves are allocated once.
import { assert } from '../../common/index.js';
import { MEMSTORE_CHUNK_BYTES, MEMSTORE_CHUNK_POOL_BYTES_MAX } from '../limits.js';

/** What prefill writes into every page (any value: the write is what faults the page in). */
const PREFILL_BYTE = 0xa5;

/** A reader's place in the epochs: what `enter` returns and `exit` takes back. */
export type ReadToken = number;

interface Released {
  /** The epoch the release opened: readers that entered before it may still see the chunks. */
  readonly epoch: number;
  readonly chunks: Buffer[];
}

export class ChunkPool {
  readonly #chunkBytes: number;
  readonly #chunksMax: number;
  readonly #free: Buffer[] = [];
  /** Released chunks, oldest first, waiting for the readers that could see them. */
  readonly #limbo: Released[] = [];
  #limboChunks = 0;
  #epoch = 0;
  /** Readers in flight per entry epoch; insertion order is epoch order (epochs only grow). */
  readonly #readers = new Map<number, number>();
  #exits: ReadToken[] = [];
  #exitScheduled = false;
  #allocated = 0;

  constructor(chunkBytes = MEMSTORE_CHUNK_BYTES, poolBytesMax = MEMSTORE_CHUNK_POOL_BYTES_MAX) {
    assert(chunkBytes > 0 && poolBytesMax >= chunkBytes, 'a chunk pool holds at least one chunk');
    this.#chunkBytes = chunkBytes;
    this.#chunksMax = Math.floor(poolBytesMax / chunkBytes);
  }

  get chunkBytes(): number {
    return this.#chunkBytes;
  }

  /** Chunks ready for reuse. */
  get freeChunks(): number {
    return this.#free.length;
  }

  /** Released chunks still waiting for readers. */
  get waitingChunks(): number {
    return this.#limboChunks;
  }

  /** Chunks allocated fresh since the pool was made (the rest were reused). */
  get allocatedChunks(): number {
    return this.#allocated;
  }

  /** Readers in flight. */
  get readers(): number {
    let n = 0;
    for (const count of this.#readers.values()) n += count;
    return n;
  }

  /** A reader starts: memstore bytes it sees stay unchanged until it exits. Call before reading. */
  enter(): ReadToken {
    const epoch = this.#epoch;
    this.#readers.set(epoch, (this.#readers.get(epoch) ?? 0) + 1);
    return epoch;
  }

  exit(token: ReadToken): void {
    const count = this.#readers.get(token);
    assert(count !== undefined && count > 0, `read token ${token} exited more often than entered`);
    if (count === 1) this.#readers.delete(token);
    else this.#readers.set(token, count - 1);
  }

  /**
   * Exits once the current turn of the event loop has run its microtasks: a call's answer is
   * encoded in a promise reaction after its handler settles, and those bytes must not change
   * before then.
   */
  exitSoon(token: ReadToken): void {
    this.#exits.push(token);
    if (this.#exitScheduled) return;
    this.#exitScheduled = true;
    setImmediate(() => {
      const exits = this.#exits;
      this.#exits = [];
      this.#exitScheduled = false;
      for (const exit of exits) this.exit(exit);
    });
  }

  /**
   * Allocates and writes free chunks up to `bytes` (within the pool's bound), as HBase's chunk pool
   * with an initial size: the memstores' first fill then neither allocates nor faults pages in.
   * Returns the chunks added.
   */
  prefill(bytes: number): number {
    const room = this.#chunksMax - this.#free.length - this.#limboChunks;
    const count = Math.max(0, Math.min(Math.floor(bytes / this.#chunkBytes), room));
    for (let i = 0; i < count; i++) {
      this.#free.push(Buffer.allocUnsafeSlow(this.#chunkBytes).fill(PREFILL_BYTE));
      this.#allocated++;
    }
    return count;
  }

  /** A chunk to copy cells into: a reclaimed one when any is free, else a new one. */
  take(): Buffer {
    if (this.#free.length === 0) this.#reclaim();
    const chunk = this.#free.pop();
    if (chunk !== undefined) return chunk;
    this.#allocated++;
    return Buffer.allocUnsafeSlow(this.#chunkBytes);
  }

  /**
   * A flushed segment's chunks: reusable once every reader in flight now has exited. Past the
   * pool's bound the oldest waiting chunks are dropped (the collector frees them once unseen).
   */
  release(chunks: readonly Buffer[]): void {
    const own = chunks.filter((chunk) => chunk.length === this.#chunkBytes);
    if (own.length === 0) return;
    this.#epoch++;
    this.#limbo.push({ epoch: this.#epoch, chunks: own });
    this.#limboChunks += own.length;
    while (this.#free.length + this.#limboChunks > this.#chunksMax && this.#limbo.length > 0) {
      const dropped = this.#limbo.shift() as Released;
      this.#limboChunks -= dropped.chunks.length;
    }
    this.#reclaim();
  }

  /** Moves to the free list every release that no reader in flight entered before. */
  #reclaim(): void {
    const oldest = this.#oldestReader();
    while (this.#limbo.length > 0) {
      const next = this.#limbo[0] as Released;
      if (oldest !== undefined && oldest < next.epoch) return;
      this.#limbo.shift();
      this.#limboChunks -= next.chunks.length;
      for (const chunk of next.chunks) {
        if (this.#free.length < this.#chunksMax) this.#free.push(chunk);
      }
    }
  }

  #oldestReader(): number | undefined {
    for (const epoch of this.#readers.keys()) return epoch;
    return undefined;
  }
}
