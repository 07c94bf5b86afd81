// The single-level block index: per data block, its offset, its size and a key K_i with
// lastKey(block i-1) < K_i <= firstKey(block i) (the first key, or a shorter separator row).
// Invariant: a decoded index tiles [0, dataEnd) with its blocks and its keys strictly increase.
import { compareBytes } from '../../common/bytes.js';
import { type Cell, CellType } from '../../common/cell.js';
import { compareCells, firstOnRow } from '../../common/cell-comparator.js';
import { BlockType, FRAME_BYTES, frameBlock, unframeBlock } from './block-frame.js';
import { ByteReader, varintBytes, writeVarint } from './codec.js';
import { encodeKey, KeyView, keyBytesOf } from './key.js';
import { DATA_BLOCK_BYTES_MAX } from './limits.js';
import { buildRowTails, lastBelow, type RowTails, type TieBreaker } from './row-tails.js';

/** A data block holds at least one entry header, a key, a restart and the restart count. */
const DATA_BLOCK_BYTES_MIN = FRAME_BYTES + 8;

export class BlockIndex implements TieBreaker {
  constructor(
    readonly offsets: readonly number[],
    readonly sizes: readonly number[],
    readonly keys: readonly Cell[],
  ) {}

  get count(): number {
    return this.offsets.length;
  }

  /** The index keys' rows as numbers, made on the first search. */
  #rows: RowTails | undefined;

  /** Where the first cell >= key is: the last i >= from with K_i <= key, else from. */
  blockFor(key: Cell, from = 0): number {
    const rows = (this.#rows ??= buildRowTails(this.keys.map((k) => k.row)));
    return lastBelow(rows, from, key, this);
  }

  /** K_i against key, <= 0 counting as "below" (for lastBelow's ties: K_i <= key). */
  compareAt(i: number, key: Cell): number {
    const c = compareCells(this.keys[i] as Cell, key);
    return c === 0 ? -1 : c;
  }
}

/**
 * The index key of a block whose first cell is `first`, the block before ending with `previous`:
 * firstOnRow of the shortest prefix of first.row that sorts after previous.row, or (same row)
 * the first key itself. It never sorts after `first` nor at or before `previous`.
 */
export function separatorKey(previous: Cell, first: Cell): Cell {
  const a = previous.row;
  const b = first.row;
  if (compareBytes(a, b) === 0) return first;
  let common = 0;
  while (common < a.length && a[common] === b[common]) common++;
  return firstOnRow(Buffer.from(b.subarray(0, common + 1)));
}

export function encodeIndex(index: BlockIndex): Buffer {
  let bytes = varintBytes(index.count);
  for (let i = 0; i < index.count; i++) {
    const keyBytes = keyBytesOf(index.keys[i] as Cell);
    bytes += varintBytes(index.offsets[i] as number) + varintBytes(index.sizes[i] as number);
    bytes += varintBytes(keyBytes) + keyBytes;
  }
  const payload = Buffer.allocUnsafe(bytes);
  let p = writeVarint(payload, 0, index.count);
  for (let i = 0; i < index.count; i++) {
    const key = index.keys[i] as Cell;
    p = writeVarint(payload, p, index.offsets[i] as number);
    p = writeVarint(payload, p, index.sizes[i] as number);
    p = writeVarint(payload, p, keyBytesOf(key));
    p = encodeKey(key, payload, p);
  }
  return frameBlock(BlockType.Index, payload);
}

/** Verifies and decodes the framed index block of a file whose data blocks end at `dataEnd`. */
export function decodeIndex(framed: Buffer, dataEnd: number, what: string): BlockIndex {
  const payload = unframeBlock(framed, BlockType.Index, what);
  const r: ByteReader = new ByteReader(payload, what);
  const count = r.length('block count', payload.length);
  const offsets: number[] = [];
  const sizes: number[] = [];
  const keys: Cell[] = [];
  const view = new KeyView();
  let expected = 0;
  for (let i = 0; i < count; i++) {
    const offset = r.varint('block offset');
    const size = r.varint('block size');
    if (offset !== expected)
      r.fail(`block ${i} is at ${offset}; the one before ends at ${expected}`);
    if (size < DATA_BLOCK_BYTES_MIN || size > DATA_BLOCK_BYTES_MAX) {
      r.fail(
        `block ${i} is ${size} bytes; sizes run from ${DATA_BLOCK_BYTES_MIN} ` +
          `to ${DATA_BLOCK_BYTES_MAX}`,
      );
    }
    const keyLen = r.length('key length', r.remaining);
    const keyOff = r.pos;
    r.bytes(keyLen, 'key');
    if (!view.parse(payload, keyOff, keyOff + keyLen, true))
      r.fail(`key of block ${i} is malformed`);
    const key = view.toCell();
    const previous = keys[i - 1];
    if (previous !== undefined && compareCells(previous, key) >= 0) {
      r.fail(`key of block ${i} does not sort after the one before`);
    }
    if (key.type === CellType.Minimum) r.fail(`key of block ${i} has type Minimum`);
    offsets.push(offset);
    sizes.push(size);
    keys.push(key);
    expected = offset + size;
  }
  r.expectEnd();
  if (expected !== dataEnd)
    r.fail(`data blocks end at ${expected}; the index starts at ${dataEnd}`);
  return new BlockIndex(offsets, sizes, keys);
}
