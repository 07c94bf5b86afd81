// Builds one data block: entries with keys prefix-compressed against the previous key, a restart
// point (a key stored whole) every RESTART_INTERVAL_CELLS entries or RESTART_INTERVAL_BYTES bytes,
// whichever comes first, then the restart array.
// Invariant: cells are added in strictly increasing order (the writer checks); never split.
// Block buffers the writer has written out come back (recycle) for the next blocks: a flush of a
// full memstore otherwise allocates two thousand fresh 64 KiB buffers, memory V8 counts as
// external and answers with full collections.
import type { Cell } from '../../common/cell.js';
import { BlockType, FRAME_HEADER_BYTES, sealBlock } from './block-frame.js';
import { writeVarint } from './codec.js';
import { encodeKey, keyBytesOf } from './key.js';
import {
  DATA_BLOCK_BUFFERS_KEPT_MAX,
  RESTART_INTERVAL_BYTES,
  RESTART_INTERVAL_CELLS,
} from './limits.js';

/** Three varint headers (shared, unshared, value length), each at most 5 bytes below 2^32. */
const ENTRY_HEADER_BYTES_MAX = 15;
const KEY_SCRATCH_BYTES_INITIAL = 256;

export class DataBlockBuilder {
  readonly #targetBytes: number;
  #buf: Buffer;
  /** Bytes used in #buf, the type byte at 0 included. */
  #size = FRAME_HEADER_BYTES;
  #restarts: number[] = [];
  #sinceRestart = 0;
  #key: Buffer = Buffer.allocUnsafe(KEY_SCRATCH_BYTES_INITIAL);
  #lastKey: Buffer = Buffer.allocUnsafe(KEY_SCRATCH_BYTES_INITIAL);
  #lastKeyLen = 0;
  /** Written blocks' buffers, to be filled again. */
  readonly #spare: Buffer[] = [];

  constructor(targetBytes: number) {
    this.#targetBytes = targetBytes;
    this.#buf = this.#freshBuffer(0);
  }

  get empty(): boolean {
    return this.#size === FRAME_HEADER_BYTES;
  }

  /** The framed size the block would have if finished now. */
  get estimatedBytes(): number {
    return this.#size + 4 * this.#restarts.length + 4 + 4;
  }

  add(cell: Cell): void {
    const keyLen = keyBytesOf(cell);
    if (keyLen > this.#key.length) this.#key = Buffer.allocUnsafe(2 * keyLen);
    const key = this.#key;
    encodeKey(cell, key, 0);
    let shared = 0;
    const offset = this.#size - FRAME_HEADER_BYTES;
    const restarts = this.#restarts;
    const lastRestart = restarts.length > 0 ? (restarts[restarts.length - 1] as number) : -1;
    if (
      lastRestart >= 0 &&
      this.#sinceRestart < RESTART_INTERVAL_CELLS &&
      offset - lastRestart < RESTART_INTERVAL_BYTES
    ) {
      shared = commonPrefix(this.#lastKey, this.#lastKeyLen, key, keyLen);
    } else {
      restarts.push(offset);
      this.#sinceRestart = 0;
    }
    const unshared = keyLen - shared;
    const valueLen = cell.value.length;
    this.#reserve(ENTRY_HEADER_BYTES_MAX + unshared + valueLen);
    const buf = this.#buf;
    let p = writeVarint(buf, this.#size, shared);
    p = writeVarint(buf, p, unshared);
    p = writeVarint(buf, p, valueLen);
    p += key.copy(buf, p, shared, keyLen);
    p += cell.value.copy(buf, p);
    this.#size = p;
    this.#sinceRestart++;
    this.#key = this.#lastKey;
    this.#lastKey = key;
    this.#lastKeyLen = keyLen;
  }

  /** Appends the restart array, seals the block and returns it; the builder starts afresh. */
  finish(): Buffer {
    const restarts = this.#restarts;
    this.#reserve(4 * restarts.length + 4 + 4);
    const buf = this.#buf;
    let p = this.#size;
    for (const offset of restarts) p = buf.writeUInt32BE(offset, p);
    p = buf.writeUInt32BE(restarts.length, p);
    const block = sealBlock(buf, BlockType.Data, p);
    this.#buf = this.#freshBuffer(0);
    this.#size = FRAME_HEADER_BYTES;
    this.#restarts = [];
    this.#sinceRestart = 0;
    this.#lastKeyLen = 0;
    return block;
  }

  /**
   * Takes back a block from finish() that nothing reads any more (it was written out). Kept
   * when it is a whole buffer of the usual size and fewer than DATA_BLOCK_BUFFERS_KEPT_MAX are.
   */
  recycle(block: Buffer): void {
    if (block.byteOffset !== 0 || block.buffer.byteLength !== this.#typicalBytes()) return;
    if (this.#spare.length >= DATA_BLOCK_BUFFERS_KEPT_MAX) return;
    this.#spare.push(Buffer.from(block.buffer, 0, block.buffer.byteLength));
  }

  #reserve(bytes: number): void {
    const needed = this.#size + bytes;
    if (needed <= this.#buf.length) return;
    const grown = this.#freshBuffer(Math.max(needed, 2 * this.#buf.length));
    this.#buf.copy(grown, 0, 0, this.#size);
    this.#buf = grown;
  }

  /** Room for the target, a typical last cell and the restart array. */
  #typicalBytes(): number {
    return this.#targetBytes + (this.#targetBytes >>> 3) + 256;
  }

  /** A block buffer of at least `atLeast` bytes (a recycled one when the usual size will do). */
  #freshBuffer(atLeast: number): Buffer {
    const typical = this.#typicalBytes();
    if (atLeast <= typical) return this.#spare.pop() ?? Buffer.allocUnsafeSlow(typical);
    return Buffer.allocUnsafe(atLeast);
  }
}

function commonPrefix(a: Buffer, aLen: number, b: Buffer, bLen: number): number {
  const n = aLen < bLen ? aLen : bLen;
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
