// A forward cursor over one store file: the block index picks the block, the block cursor the cell.
// Answers synchronously while the blocks it needs are cached; only a block read returns a Promise.
// Invariant: when not at the end, the cursor is on the first cell >= the last seek key, or past it
// by next() calls.
import { assert } from '../../common/assert.js';
import type { Cell } from '../../common/cell.js';
import type { CellScanner } from '../scanner.js';
import type { BlockCursor } from './block-cursor.js';
import type { DataBlock } from './data-block.js';
import type { OpenedStoreFile } from './reader.js';

export class StoreFileScanner implements CellScanner {
  readonly #file: OpenedStoreFile;
  readonly #cacheBlocks: boolean;
  /** Borrowed from the file's pool, given back on close (cells never point into it). */
  readonly #cursor: BlockCursor;
  /** The block the cursor is in; -1 before the first seek. */
  #blockIndex = -1;
  #atEnd = true;
  #cell: Cell | undefined = undefined;
  #closed = false;

  constructor(file: OpenedStoreFile, cacheBlocks: boolean) {
    this.#file = file;
    this.#cacheBlocks = cacheBlocks;
    this.#cursor = file.takeCursor();
  }

  peek(): Cell | undefined {
    if (this.#atEnd) return undefined;
    return (this.#cell ??= this.#cursor.cell());
  }

  next(): void | Promise<void> {
    if (this.#atEnd) return;
    this.#cell = undefined;
    if (this.#cursor.advance()) return;
    return this.#enterBlock(this.#blockIndex + 1);
  }

  seek(key: Cell): void | Promise<void> {
    this.#checkOpen();
    this.#cell = undefined;
    if (this.#file.index.count === 0) {
      this.#atEnd = true;
      return;
    }
    return this.#seekIn(this.#file.index.blockFor(key), key);
  }

  reseek(key: Cell): void | Promise<void> {
    this.#checkOpen();
    if (this.#blockIndex < 0) return this.seek(key);
    if (this.#atEnd) return;
    this.#cell = undefined;
    const i = this.#file.index.blockFor(key, this.#blockIndex);
    if (i !== this.#blockIndex) return this.#seekIn(i, key);
    if (this.#cursor.seekForward(key)) return;
    return this.#enterBlock(i + 1);
  }

  lastRowBefore(row: Buffer | undefined): Buffer | undefined | Promise<Buffer | undefined> {
    this.#checkOpen();
    return this.#file.lastRowBefore(row, this.#cacheBlocks);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#atEnd = true;
    this.#cell = undefined;
    this.#cursor.reset(undefined);
    this.#file.returnCursor(this.#cursor);
  }

  #checkOpen(): void {
    assert(!this.#closed, 'the store file scanner is closed');
    if (this.#file.closed) assert(false, `store file ${this.#file.path} is closed`);
  }

  /** Seeks in block i, going on to the next blocks if every cell of block i is below key. */
  #seekIn(i: number, key: Cell): void | Promise<void> {
    const held = this.#cursor.block;
    const block = i === this.#blockIndex && held !== undefined ? held : this.#file.cachedBlock(i);
    if (block !== undefined) return this.#seekLoaded(i, block, key);
    this.#atEnd = true;
    return this.#file
      .loadBlock(i, this.#cacheBlocks)
      .then((loaded) => this.#seekLoaded(i, loaded, key));
  }

  #seekLoaded(i: number, block: DataBlock, key: Cell): void | Promise<void> {
    if (this.#closed) return;
    if (this.#cursor.block !== block) this.#cursor.reset(block);
    this.#blockIndex = i;
    if (this.#cursor.seek(key)) {
      this.#atEnd = false;
      return;
    }
    return this.#enterBlock(i + 1);
  }

  /** Moves to the first cell of block i (the end if there is none). */
  #enterBlock(i: number): void | Promise<void> {
    if (i >= this.#file.index.count) {
      this.#atEnd = true;
      return;
    }
    const block = this.#file.cachedBlock(i);
    if (block !== undefined) return this.#firstOf(i, block);
    this.#atEnd = true;
    return this.#file.loadBlock(i, this.#cacheBlocks).then((loaded) => this.#firstOf(i, loaded));
  }

  #firstOf(i: number, block: DataBlock): void {
    if (this.#closed) return;
    this.#cursor.reset(block);
    this.#cursor.first();
    this.#blockIndex = i;
    this.#atEnd = false;
  }
}
