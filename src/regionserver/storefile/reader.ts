// An open store file: trailer, index, Bloom filter and file info held in memory; data blocks read
// through the shared block cache, verified before use. Invariant: nothing from the file is used
// before its checksum passed; a failed check is a CorruptStoreFileError, never a wrong answer.
import { assert } from '../../common/assert.js';
import { compareBytes } from '../../common/bytes.js';
import type { Cell } from '../../common/cell.js';
import { firstOnRow } from '../../common/cell-comparator.js';
import type { CellScanner } from '../scanner.js';
import type { BlockCache } from './block-cache.js';
import { BlockCursor } from './block-cursor.js';
import { BloomFilter, decodeBloom } from './bloom.js';
import { type DataBlock, decodeDataBlock } from './data-block.js';
import { CorruptStoreFileError } from './errors.js';
import { decodeFileInfo } from './file-info.js';
import { type BlockIndex, decodeIndex } from './index-block.js';
import { StoreFileScanner } from './store-file-scanner.js';
import { CURSOR_POOL_MAX } from './limits.js';
import { decodeTrailer, type Trailer, TRAILER_BYTES } from './trailer.js';
import type {
  PositionalSource,
  StoreFileInfo,
  StoreFileReader,
  StoreFileScannerOptions,
} from './types.js';

/**
 * Opens the store file `source` holds: reads the trailer, then the index, Bloom and file-info
 * blocks in one read. On failure the source is closed. `path` names the file in errors.
 */
export async function openStoreFile(
  source: PositionalSource,
  path: string,
  cache: BlockCache,
): Promise<StoreFileReader> {
  try {
    const length = source.length;
    const what = `store file ${path}`;
    if (length < TRAILER_BYTES) {
      throw new CorruptStoreFileError(
        `${what} is ${length} bytes; a store file has at least its ${TRAILER_BYTES}-byte trailer`,
      );
    }
    const trailerStart = length - TRAILER_BYTES;
    const tail = await readExactly(source, trailerStart, TRAILER_BYTES, what);
    const trailer = decodeTrailer(tail, length, path);
    const loadOnOpenBytes = trailerStart - trailer.indexOffset;
    const head = await readExactly(source, trailer.indexOffset, loadOnOpenBytes, what);
    const { index, bloom, info } = decodeLoadOnOpen(head, trailer, what);
    return new OpenedStoreFile(source, path, cache, index, bloom, info);
  } catch (error) {
    await source.close().catch(() => undefined);
    throw error;
  }
}

interface LoadOnOpen {
  readonly index: BlockIndex;
  readonly bloom: BloomFilter | undefined;
  readonly info: StoreFileInfo;
}

/** Decodes the index, Bloom and file-info blocks (`head`, from the index offset on) and checks
 * them against each other and the trailer. */
function decodeLoadOnOpen(head: Buffer, trailer: Trailer, what: string): LoadOnOpen {
  const base = trailer.indexOffset;
  const at = (offset: number, bytes: number): Buffer =>
    head.subarray(offset - base, offset - base + bytes);
  const index = decodeIndex(at(base, trailer.indexBytes), base, `${what}: index`);
  const info = decodeFileInfo(
    at(trailer.fileInfoOffset, trailer.fileInfoBytes),
    `${what}: file info`,
  );
  const hasBloom = trailer.bloomBytes > 0;
  if (hasBloom !== (info.bloomType !== 'NONE')) {
    throw new CorruptStoreFileError(
      `${what}: Bloom type ${info.bloomType} but ${hasBloom ? 'a' : 'no'} Bloom block`,
    );
  }
  const bloom = hasBloom
    ? decodeBloom(at(trailer.bloomOffset, trailer.bloomBytes), info.bloomType, `${what}: Bloom`)
    : undefined;
  const counts = index.count === trailer.dataBlockCount;
  if (!counts || (index.count === 0) !== (info.entryCount === 0) || info.dataBytes !== base) {
    throw new CorruptStoreFileError(
      `${what}: ${index.count} indexed blocks, ${trailer.dataBlockCount} in the trailer, ` +
        `${info.entryCount} entries, ${info.dataBytes} data bytes before an index at ${base}`,
    );
  }
  return { index, bloom, info };
}

/** Exactly `bytes` bytes at `position`; fewer means the file is shorter than it claims. */
async function readExactly(
  source: PositionalSource,
  position: number,
  bytes: number,
  what: string,
): Promise<Buffer> {
  const buf = await source.pread(position, bytes);
  if (buf.length !== bytes) {
    throw new CorruptStoreFileError(
      `${what}: read ${buf.length} of ${bytes} bytes at ${position} (truncated)`,
    );
  }
  return buf;
}

export class OpenedStoreFile implements StoreFileReader {
  readonly path: string;
  readonly lengthBytes: number;
  readonly info: StoreFileInfo;
  readonly index: BlockIndex;
  readonly #source: PositionalSource;
  readonly #cache: BlockCache;
  readonly #fileId: number;
  readonly #bloom: BloomFilter | undefined;
  /** Cursors of closed scanners, reused: a get then allocates none of a cursor's parts. */
  readonly #cursors: BlockCursor[] = [];
  readonly #loading = new Map<number, Promise<DataBlock>>();
  #closed = false;

  constructor(
    source: PositionalSource,
    path: string,
    cache: BlockCache,
    index: BlockIndex,
    bloom: BloomFilter | undefined,
    info: StoreFileInfo,
  ) {
    this.#source = source;
    this.path = path;
    this.lengthBytes = source.length;
    this.#cache = cache;
    this.#fileId = cache.newFileId();
    this.index = index;
    this.#bloom = bloom;
    this.info = info;
  }

  get closed(): boolean {
    return this.#closed;
  }

  mayContainRow(row: Buffer): boolean {
    const bloom = this.#bloom;
    return bloom === undefined || bloom.type !== 'ROW' || bloom.mayContain(row);
  }

  mayContainColumn(row: Buffer, family: Buffer, qualifier: Buffer): boolean {
    const bloom = this.#bloom;
    if (bloom === undefined) return true;
    return bloom.type === 'ROW' ? bloom.mayContain(row) : bloom.mayContain(row, family, qualifier);
  }

  /** A block cursor from the pool (a new one when it is empty). */
  takeCursor(): BlockCursor {
    return this.#cursors.pop() ?? new BlockCursor();
  }

  /** Gives a closed scanner's cursor back, up to CURSOR_POOL_MAX kept. */
  returnCursor(cursor: BlockCursor): void {
    if (this.#cursors.length < CURSOR_POOL_MAX) this.#cursors.push(cursor);
  }

  scanner(options: StoreFileScannerOptions): CellScanner {
    if (this.#closed) assert(false, `scanner on closed store file ${this.path}`);
    return new StoreFileScanner(this, options.cacheBlocks);
  }

  async midKey(): Promise<Cell | undefined> {
    if (this.index.count === 0) return undefined;
    const cursor = new BlockCursor();
    cursor.reset(await this.block(this.index.count >>> 1, true));
    cursor.first();
    return cursor.keyCell();
  }

  /** The largest row < row with a cell in this file (row undefined: the file's last row). */
  lastRowBefore(
    row: Buffer | undefined,
    cacheBlocks: boolean,
  ): Buffer | undefined | Promise<Buffer | undefined> {
    const { firstKey, lastKey } = this.info;
    if (firstKey === undefined || lastKey === undefined) return undefined;
    if (row === undefined || compareBytes(lastKey.row, row) < 0) return lastKey.row;
    if (compareBytes(row, firstKey.row) <= 0) return undefined;
    const key = firstOnRow(row);
    const i = this.index.blockFor(key);
    const cursor = new BlockCursor();
    return this.#withBlock(i, cacheBlocks, (block) => {
      cursor.reset(block);
      if (cursor.seekBefore(key)) return cursor.rowCopy();
      if (i === 0) return undefined;
      return this.#withBlock(i - 1, cacheBlocks, (before) => {
        cursor.reset(before);
        cursor.last();
        return cursor.rowCopy();
      });
    });
  }

  /** Block i if the cache holds it (counted as a hit or a miss). */
  cachedBlock(i: number): DataBlock | undefined {
    return this.#cache.get(this.#fileId, this.index.offsets[i] as number);
  }

  /** Block i from the cache or the file. */
  block(i: number, cacheBlocks: boolean): DataBlock | Promise<DataBlock> {
    return this.cachedBlock(i) ?? this.loadBlock(i, cacheBlocks);
  }

  /** Reads and verifies block i (one read however many ask at once); caches it if told. */
  loadBlock(i: number, cacheBlocks: boolean): Promise<DataBlock> {
    const loading = this.#loading.get(i);
    if (loading === undefined) {
      const load = this.#load(i, cacheBlocks);
      this.#loading.set(i, load);
      return load;
    }
    if (!cacheBlocks) return loading;
    // Joining a read that was not going to cache the block: cache it when it arrives.
    return loading.then((block) => {
      if (!this.#closed) this.#cache.put(this.#fileId, this.index.offsets[i] as number, block);
      return block;
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#cache.evictFile(this.#fileId);
    await this.#source.close();
  }

  async #load(i: number, cacheBlocks: boolean): Promise<DataBlock> {
    try {
      const offset = this.index.offsets[i] as number;
      const size = this.index.sizes[i] as number;
      const label = `store file ${this.path}: data block ${i} at ${offset}`;
      const block = decodeDataBlock(await readExactly(this.#source, offset, size, label), label);
      if (cacheBlocks && !this.#closed) this.#cache.put(this.#fileId, offset, block);
      return block;
    } finally {
      this.#loading.delete(i);
    }
  }

  #withBlock<T>(
    i: number,
    cacheBlocks: boolean,
    use: (block: DataBlock) => T | Promise<T>,
  ): T | Promise<T> {
    const cached = this.cachedBlock(i);
    if (cached !== undefined) return use(cached);
    return this.loadBlock(i, cacheBlocks).then(use);
  }
}
