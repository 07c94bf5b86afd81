// A cursor inside one data block: decodes prefix-compressed entries into a scratch key, seeks by a
// binary search over the restart points then a short walk, and builds Cells lazily from views of
// the block. Invariant: while positioned, the scratch holds the current key and its row is known;
// the rest of the key is parsed only when needed (a walk mostly decides on the row alone).
import { EMPTY_BYTES } from '../../common/bytes.js';
import { ROW_KEY_BYTES_MAX } from '../../common/limits.js';
import type { Cell } from '../../common/cell.js';
import { firstOnRow } from '../../common/cell-comparator.js';
import { Position, readVarint } from './codec.js';
import type { DataBlock } from './data-block.js';
import { compareRange, KeyView } from './key.js';
import { buildRowTails, lastBelow, type RowTails, type TieBreaker } from './row-tails.js';

const SCRATCH_BYTES_INITIAL = 256;
/** Any key: #restartRow only needs the probe parsed, not the comparison. */
const EMPTY_ROW_KEY: Cell = firstOnRow(EMPTY_BYTES);
const COPY_LOOP_BYTES_MAX = 64;

export class BlockCursor implements TieBreaker {
  block: DataBlock | undefined = undefined;
  /** The current entry's key, parsed over the scratch buffer once #parsed. */
  readonly #key = new KeyView();
  #parsed = false;
  /** The current key shares its row and column with the last one parsed: parse only the tail. */
  #tailOnly = false;
  #rowOff = 0;
  #rowLen = 0;
  valueOff = 0;
  valueLen = 0;
  #scratch: Buffer = Buffer.allocUnsafe(SCRATCH_BYTES_INITIAL);
  #keyLen = 0;
  #entryOff = 0;
  #nextOff = 0;
  /** Where the key's unshared bytes lie in the block, and how many leading bytes it shares. */
  #deltaOff = 0;
  #shared = 0;
  readonly #probe = new KeyView();
  #headerShared = 0;
  #headerUnshared = 0;
  #headerValueLen = 0;
  readonly #at = new Position();
  // The last row, family and qualifier handed out, reused while the bytes stay the same.
  #row: Buffer = EMPTY_BYTES;
  #family: Buffer = EMPTY_BYTES;
  #qualifier: Buffer = EMPTY_BYTES;
  #rowSame = false;
  #familySame = false;
  #qualifierSame = false;

  /** Switches to `block` (or none), positioned nowhere until first/seek/last. */
  reset(block: DataBlock | undefined): void {
    this.block = block;
    this.#keyLen = 0;
    this.#parsed = false;
    this.#rowSame = this.#familySame = this.#qualifierSame = false;
  }

  /** Positions on the block's first entry (a block always has one). */
  first(): void {
    this.#jump(0);
  }

  /** Moves to the next entry; false (staying put) at the end of the block. */
  advance(): boolean {
    const block = this.block as DataBlock;
    if (this.#nextOff >= block.entriesEnd) return false;
    this.#decode(block, this.#nextOff);
    return true;
  }

  /** Positions on the first entry >= search; false (at the last entry) if there is none. */
  seek(search: Cell): boolean {
    const block = this.block as DataBlock;
    const r = this.#lastRestartBelow(block, 0, search);
    this.#jump(block.restarts[r] as number);
    return this.#walkTo(search);
  }

  /** As seek, knowing search >= the current entry: searches only forward from here. */
  seekForward(search: Cell): boolean {
    if (this.compare(search) >= 0) return true;
    const block = this.block as DataBlock;
    const restarts = block.restarts;
    let next = this.#firstRestartAfter(restarts, this.#entryOff);
    if (next < restarts.length && this.#compareRestart(block, next, search) < 0) {
      next = this.#lastRestartBelow(block, next, search);
      this.#jump(restarts[next] as number);
    }
    return this.#walkTo(search);
  }

  /** Positions on the block's last entry. */
  last(): void {
    const block = this.block as DataBlock;
    this.#jump(block.restarts[block.restarts.length - 1] as number);
    while (this.advance());
  }

  /** Positions on the last entry < search; false (position undefined) if there is none. */
  seekBefore(search: Cell): boolean {
    const block = this.block as DataBlock;
    const r = this.#lastRestartBelow(block, 0, search);
    const start = block.restarts[r] as number;
    this.#jump(start);
    if (this.compare(search) >= 0) return false;
    let below = this.#entryOff;
    while (this.advance() && this.compare(search) < 0) below = this.#entryOff;
    if (this.#entryOff !== below) {
      this.#jump(start);
      while (this.#entryOff !== below) this.advance();
    }
    return true;
  }

  /** The current key against search, in compareCells order; rows first, parsing on a tie only. */
  compare(search: Cell): number {
    const c = compareRange(this.#scratch, this.#rowOff, this.#rowLen, search.row);
    if (c !== 0) return c;
    if (!this.#parsed) this.#parse();
    return this.#key.compareTo(search);
  }

  /** The current key as a cell of its own (copied bytes, empty value). */
  keyCell(): Cell {
    if (!this.#parsed) this.#parse();
    return this.#key.toCell();
  }

  /** The current entry as a Cell: value and fresh parts are views of the block, never copies. */
  cell(): Cell {
    if (!this.#parsed) this.#parse();
    const k = this.#key;
    if (!this.#rowSame) this.#row = this.#part(this.#row, k.rowOff, k.rowLen);
    if (!this.#familySame) this.#family = this.#part(this.#family, k.famOff, k.famLen);
    if (!this.#qualifierSame) this.#qualifier = this.#part(this.#qualifier, k.qualOff, k.qualLen);
    this.#rowSame = this.#familySame = this.#qualifierSame = true;
    const len = this.valueLen;
    const block = this.block as DataBlock;
    return {
      row: this.#row,
      family: this.#family,
      qualifier: this.#qualifier,
      timestamp: k.timestamp,
      type: k.type,
      value: len === 0 ? EMPTY_BYTES : block.buf.subarray(this.valueOff, this.valueOff + len),
      sequenceId: k.sequenceId,
    };
  }

  /** The current row in bytes of its own. */
  rowCopy(): Buffer {
    return Buffer.from(this.#scratch.subarray(this.#rowOff, this.#rowOff + this.#rowLen));
  }

  /** The key bytes [off, off + len): the previous part if equal, else a view or a copy. */
  #part(previous: Buffer, off: number, len: number): Buffer {
    if (len === 0) return EMPTY_BYTES;
    const scratch = this.#scratch;
    if (compareRange(scratch, off, len, previous) === 0) return previous;
    if (off >= this.#shared) {
      const start = this.#deltaOff + off - this.#shared;
      return (this.block as DataBlock).buf.subarray(start, start + len);
    }
    const out = Buffer.allocUnsafe(len);
    if (len <= COPY_LOOP_BYTES_MAX) {
      for (let i = 0; i < len; i++) out[i] = scratch[off + i] as number;
    } else {
      scratch.copy(out, 0, off, off + len);
    }
    return out;
  }

  #walkTo(search: Cell): boolean {
    while (this.compare(search) < 0) {
      if (!this.advance()) return false;
    }
    return true;
  }

  /** Decodes the entry at a restart point (whose key shares nothing). */
  #jump(offset: number): void {
    this.#keyLen = 0;
    this.#parsed = false;
    this.#rowSame = this.#familySame = this.#qualifierSame = false;
    this.#decode(this.block as DataBlock, offset);
  }

  /** The index of the first restart point after `offset` (restarts.length if none). */
  #firstRestartAfter(restarts: Uint32Array, offset: number): number {
    let lo = 0;
    let hi = restarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((restarts[mid] as number) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The last restart index >= from whose key is < search (from if there is none). */
  #lastRestartBelow(block: DataBlock, from: number, search: Cell): number {
    if (from >= block.restarts.length - 1) return from;
    const index = (block.restartIndex ??= this.#buildRestartIndex(block));
    // The numbers decide almost every probe; the whole key is parsed only on a tie.
    return lastBelow(index, from, search, this);
  }

  /** The current block's key at restart point r against search (for lastBelow's ties). */
  compareAt(r: number, search: Cell): number {
    return this.#compareRestart(this.block as DataBlock, r, search);
  }

  /** Parses every restart key of the block once (checking each) for its restart index. */
  #buildRestartIndex(block: DataBlock): RowTails {
    const rows: Buffer[] = [];
    const probe = this.#probe;
    for (let r = 0; r < block.restarts.length; r++) {
      this.#compareRestart(block, r, EMPTY_ROW_KEY);
      rows.push(block.buf.subarray(probe.rowOff, probe.rowOff + probe.rowLen));
    }
    return buildRowTails(rows);
  }

  /** The key at restart point r against search, read in place. */
  #compareRestart(block: DataBlock, r: number, search: Cell): number {
    const buf = block.buf;
    const off = block.restarts[r] as number;
    const keyOff = this.#header(buf, off, block.entriesEnd);
    const keyEnd = keyOff + this.#headerUnshared;
    if (keyOff < 0 || this.#headerShared !== 0 || keyEnd > block.entriesEnd) {
      throw block.corrupt(`restart ${r} at ${off} has a bad entry header`);
    }
    if (!this.#probe.parse(buf, keyOff, keyEnd, false)) {
      throw block.corrupt(`restart ${r} at ${off} has a malformed key`);
    }
    return this.#probe.compareTo(search);
  }

  /**
   * Reads the entry header at `off` (shared, unshared and value lengths, into the #header fields);
   * returns where the key's bytes start, -1 if the header is malformed. One-byte varints are read
   * inline: a byte past the buffer is undefined, fails `< 0x80` and takes the checked path.
   */
  #header(buf: Buffer, off: number, end: number): number {
    const at = this.#at;
    let p = off;
    let shared = buf[p] as number;
    if (shared < 0x80) p++;
    else ((shared = readVarint(buf, p, end, at)), (p = at.pos));
    let unshared = buf[p] as number;
    if (unshared < 0x80) p++;
    else ((unshared = readVarint(buf, p, end, at)), (p = at.pos));
    let valueLen = buf[p] as number;
    if (valueLen < 0x80) p++;
    else ((valueLen = readVarint(buf, p, end, at)), (p = at.pos));
    this.#headerShared = shared;
    this.#headerUnshared = unshared;
    this.#headerValueLen = valueLen;
    return p > end ? -1 : p;
  }

  /** Decodes the entry at `off`, its key sharing a prefix with the current one. */
  #decode(block: DataBlock, off: number): void {
    const buf = block.buf;
    const end = block.entriesEnd;
    const p = this.#header(buf, off, end);
    const shared = this.#headerShared;
    const unshared = this.#headerUnshared;
    const valueLen = this.#headerValueLen;
    const keyLen = shared + unshared;
    const next = p + unshared + valueLen;
    if (p < 0 || shared > this.#keyLen || next > end) {
      throw block.corrupt(`entry at ${off} has a bad header (or runs past the entries)`);
    }
    this.#copyDelta(buf, p, shared, keyLen);
    const scratch = this.#scratch;
    const at = this.#at;
    let rowLen = scratch[0] as number;
    let rowOff = 1;
    if (rowLen >= 0x80) ((rowLen = readVarint(scratch, 0, keyLen, at)), (rowOff = at.pos));
    if (rowOff < 0 || rowLen === 0 || rowOff + rowLen > keyLen || rowLen > ROW_KEY_BYTES_MAX) {
      throw block.corrupt(`entry at ${off} has a malformed row`);
    }
    const k = this.#key;
    this.#tailOnly = this.#parsed && this.#keyLen > 0 && shared >= k.qualOff + k.qualLen;
    this.#parsed = false;
    if (!this.#tailOnly) this.#qualifierSame = this.#familySame = false;
    if (shared < rowOff + rowLen) this.#rowSame = false;
    this.#rowOff = rowOff;
    this.#rowLen = rowLen;
    this.#keyLen = keyLen;
    this.#shared = shared;
    this.#deltaOff = p;
    this.#entryOff = off;
    this.valueOff = p + unshared;
    this.valueLen = valueLen;
    this.#nextOff = next;
  }

  /** Parses the rest of the current key. */
  #parse(): void {
    const k = this.#key;
    const keyLen = this.#keyLen;
    const ok = this.#tailOnly
      ? k.parseTail(this.#scratch, keyLen, false)
      : k.parse(this.#scratch, 0, keyLen, false);
    if (!ok)
      throw (this.block as DataBlock).corrupt(`entry at ${this.#entryOff} has a malformed key`);
    this.#parsed = true;
  }

  /** Writes the key's unshared bytes after its shared prefix in the scratch buffer. */
  #copyDelta(buf: Buffer, from: number, shared: number, keyLen: number): void {
    if (keyLen > this.#scratch.length) {
      const grown = Buffer.allocUnsafe(Math.max(keyLen, 2 * this.#scratch.length));
      this.#scratch.copy(grown, 0, 0, shared);
      this.#scratch = grown;
    }
    const scratch = this.#scratch;
    const n = keyLen - shared;
    if (n <= COPY_LOOP_BYTES_MAX) {
      for (let i = 0; i < n; i++) scratch[shared + i] = buf[from + i] as number;
    } else {
      buf.copy(scratch, shared, from, from + n);
    }
  }
}
