// The block cache every region of a server shares: data blocks keyed by (file id, block offset),
// least recently used evicted first. Invariant: the cached blocks' sizeBytes sum to at most the
// capacity; a file's blocks leave when its reader closes. Index and Bloom never come here.
import { assert } from '../../common/assert.js';
import type { DataBlock } from './data-block.js';
import { BLOCK_CACHE_BYTES_DEFAULT } from './limits.js';

export interface BlockCacheStats {
  readonly hits: number;
  readonly misses: number;
  /** Blocks dropped to make room (not those dropped because their file closed). */
  readonly evictions: number;
  readonly sizeBytes: number;
  readonly blocks: number;
  readonly capacityBytes: number;
}

/** One cached block, a node of the LRU list (head: most recent). */
class Entry {
  prev: Entry | undefined = undefined;
  next: Entry | undefined = undefined;
  constructor(
    readonly fileId: number,
    readonly offset: number,
    readonly block: DataBlock,
  ) {}
}

export class BlockCache {
  readonly capacityBytes: number;
  readonly #files = new Map<number, Map<number, Entry>>();
  #head: Entry | undefined = undefined;
  #tail: Entry | undefined = undefined;
  #nextFileId = 1;
  #sizeBytes = 0;
  #blocks = 0;
  #hits = 0;
  #misses = 0;
  #evictions = 0;

  constructor(capacityBytes: number = BLOCK_CACHE_BYTES_DEFAULT) {
    assert(Number.isSafeInteger(capacityBytes) && capacityBytes > 0, 'cache capacity must be > 0');
    this.capacityBytes = capacityBytes;
  }

  /** A new id for a file being opened: ids are never reused, so stale blocks never match. */
  newFileId(): number {
    return this.#nextFileId++;
  }

  /** The cached block (now the most recently used), counting a hit or a miss. */
  get(fileId: number, offset: number): DataBlock | undefined {
    const entry = this.#files.get(fileId)?.get(offset);
    if (entry === undefined) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    if (entry !== this.#head) {
      this.#unlink(entry);
      this.#pushHead(entry);
    }
    return entry.block;
  }

  /** Caches a block (a block larger than the whole cache is not kept); evicts to make room. */
  put(fileId: number, offset: number, block: DataBlock): void {
    if (block.sizeBytes > this.capacityBytes) return;
    let blocks = this.#files.get(fileId);
    if (blocks === undefined) {
      blocks = new Map();
      this.#files.set(fileId, blocks);
    }
    if (blocks.has(offset)) return; // a concurrent reader loaded the same (immutable) block
    const entry = new Entry(fileId, offset, block);
    blocks.set(offset, entry);
    this.#pushHead(entry);
    this.#sizeBytes += block.sizeBytes;
    this.#blocks++;
    while (this.#sizeBytes > this.capacityBytes && this.#tail !== undefined) {
      const victim = this.#tail;
      this.#remove(this.#files.get(victim.fileId) as Map<number, Entry>, victim);
      this.#evictions++;
    }
  }

  /** Drops every block of a file (its reader is closing). */
  evictFile(fileId: number): void {
    const blocks = this.#files.get(fileId);
    if (blocks === undefined) return;
    for (const entry of blocks.values()) this.#remove(blocks, entry);
  }

  stats(): BlockCacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      evictions: this.#evictions,
      sizeBytes: this.#sizeBytes,
      blocks: this.#blocks,
      capacityBytes: this.capacityBytes,
    };
  }

  #remove(blocks: Map<number, Entry>, entry: Entry): void {
    blocks.delete(entry.offset);
    if (blocks.size === 0) this.#files.delete(entry.fileId);
    this.#unlink(entry);
    this.#sizeBytes -= entry.block.sizeBytes;
    this.#blocks--;
  }

  #pushHead(entry: Entry): void {
    entry.prev = undefined;
    entry.next = this.#head;
    if (this.#head !== undefined) this.#head.prev = entry;
    this.#head = entry;
    if (this.#tail === undefined) this.#tail = entry;
  }

  #unlink(entry: Entry): void {
    if (entry.prev === undefined) this.#head = entry.next;
    else entry.prev.next = entry.next;
    if (entry.next === undefined) this.#tail = entry.prev;
    else entry.next.prev = entry.prev;
    entry.prev = entry.next = undefined;
  }
}
