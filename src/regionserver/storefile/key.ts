// A cell's key as stored: rowLen varint, row, familyLen u8, family, qualifierLen varint, qualifier,
// timestamp u64 BE, type u8, sequenceId varint. KeyView reads one in place and compares it with a
// Cell in compareCells order without allocating; a malformed key parses as false, never throws.
import { EMPTY_BYTES } from '../../common/bytes.js';
import { type Cell, CellType, isCellType } from '../../common/cell.js';
import { FAMILY_BYTES_MAX, QUALIFIER_BYTES_MAX, ROW_KEY_BYTES_MAX } from '../../common/limits.js';
import { Position, readU64, readVarint, varintBytes, writeU64, writeVarint } from './codec.js';

const TIMESTAMP_BYTES = 8;
/** Below this many bytes a JS loop beats Buffer#compare (26-byte keys: 37 ns against 52 ns). */
const COMPARE_LOOP_BYTES_MAX = 40;

/** What a key parse accepts: stored cells only (data blocks), or search keys too (the index). */
const STORED = 1;
const SEARCH_ONLY = 2;
const TYPE_KIND: Uint8Array = (() => {
  const kinds = new Uint8Array(256);
  for (let code = 0; code < 256; code++) {
    if (!isCellType(code)) continue;
    const search = code === CellType.Minimum || code === CellType.Maximum;
    kinds[code] = search ? SEARCH_ONLY : STORED;
  }
  return kinds;
})();

export function keyBytesOf(cell: Cell): number {
  return (
    varintBytes(cell.row.length) +
    cell.row.length +
    1 +
    cell.family.length +
    varintBytes(cell.qualifier.length) +
    cell.qualifier.length +
    TIMESTAMP_BYTES +
    1 +
    varintBytes(cell.sequenceId)
  );
}

/** Writes the key of `cell` at out[off]; returns the offset past it. `out` must have room. */
export function encodeKey(cell: Cell, out: Buffer, off: number): number {
  let p = writeVarint(out, off, cell.row.length);
  p += copyBytes(cell.row, out, p);
  out[p++] = cell.family.length;
  p += copyBytes(cell.family, out, p);
  p = writeVarint(out, p, cell.qualifier.length);
  p += copyBytes(cell.qualifier, out, p);
  p = writeU64(out, p, cell.timestamp);
  out[p++] = cell.type;
  return writeVarint(out, p, cell.sequenceId);
}

function copyBytes(source: Buffer, out: Buffer, at: number): number {
  const n = source.length;
  if (n <= COMPARE_LOOP_BYTES_MAX) {
    for (let i = 0; i < n; i++) out[at + i] = source[i] as number;
    return n;
  }
  return source.copy(out, at);
}

/** Unsigned order of buf[off, off + len) against `b`: -1, 0 or 1. */
export function compareRange(buf: Buffer, off: number, len: number, b: Buffer): number {
  const n = len < b.length ? len : b.length;
  if (n > COMPARE_LOOP_BYTES_MAX) return buf.compare(b, 0, b.length, off, off + len);
  for (let i = 0; i < n; i++) {
    const d = (buf[off + i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return len === b.length ? 0 : len < b.length ? -1 : 1;
}

/** A parsed key inside some buffer: offsets of its parts and its numbers. Reused, never shared. */
export class KeyView {
  buf: Buffer = EMPTY_BYTES;
  rowOff = 0;
  rowLen = 0;
  famOff = 0;
  famLen = 0;
  qualOff = 0;
  qualLen = 0;
  timestamp = 0;
  type: CellType = CellType.Put;
  sequenceId = 0;
  readonly #at = new Position();

  /** Parses the key filling buf[off, end) exactly; false if it is malformed. */
  parse(buf: Buffer, off: number, end: number, searchKeys: boolean): boolean {
    const at = this.#at;
    let rowLen = buf[off] as number;
    let rowOff = off + 1;
    if (rowLen >= 0x80 || off >= end) ((rowLen = readVarint(buf, off, end, at)), (rowOff = at.pos));
    if (rowOff < 0 || rowLen === 0 || rowLen > ROW_KEY_BYTES_MAX) return false;
    const famAt = rowOff + rowLen;
    if (famAt >= end) return false;
    const famLen = buf[famAt] as number;
    if (famLen > FAMILY_BYTES_MAX || (famLen === 0 && !searchKeys)) return false;
    const famOff = famAt + 1;
    const qualAt = famOff + famLen;
    let qualLen = buf[qualAt] as number;
    let qualOff = qualAt + 1;
    if (qualLen >= 0x80 || qualAt >= end)
      ((qualLen = readVarint(buf, qualAt, end, at)), (qualOff = at.pos));
    if (qualOff < 0 || qualLen > QUALIFIER_BYTES_MAX) return false;
    this.buf = buf;
    this.rowOff = rowOff;
    this.rowLen = rowLen;
    this.famOff = famOff;
    this.famLen = famLen;
    this.qualOff = qualOff;
    this.qualLen = qualLen;
    return this.parseTail(buf, end, searchKeys);
  }

  /**
   * Parses what follows the qualifier, the row and column being unchanged (the key shares them
   * with the one parsed before, in the same buffer). False if malformed.
   */
  parseTail(buf: Buffer, end: number, searchKeys: boolean): boolean {
    const tsOff = this.qualOff + this.qualLen;
    // The timestamp, the type and at least one byte of sequence id.
    if (tsOff + TIMESTAMP_BYTES + 2 > end) return false;
    const timestamp = readU64(buf, tsOff);
    const type = buf[tsOff + TIMESTAMP_BYTES] as number;
    const kind = TYPE_KIND[type] as number;
    if (timestamp < 0 || kind === 0 || (kind === SEARCH_ONLY && !searchKeys)) return false;
    const at = this.#at;
    const sequenceId = readVarint(buf, tsOff + TIMESTAMP_BYTES + 1, end, at);
    if (at.pos !== end) return false;
    this.buf = buf;
    this.timestamp = timestamp;
    this.type = type as CellType;
    this.sequenceId = sequenceId;
    return true;
  }

  /** This key against `cell` in compareCells order. */
  compareTo(cell: Cell): number {
    const buf = this.buf;
    let c = compareRange(buf, this.rowOff, this.rowLen, cell.row);
    if (c !== 0) return c;
    const cellLast =
      cell.type === CellType.Minimum && cell.family.length === 0 && cell.qualifier.length === 0;
    const selfLast = this.type === CellType.Minimum && this.famLen === 0 && this.qualLen === 0;
    if (cellLast !== selfLast) return selfLast ? 1 : -1;
    c = compareRange(buf, this.famOff, this.famLen, cell.family);
    if (c !== 0) return c;
    c = compareRange(buf, this.qualOff, this.qualLen, cell.qualifier);
    if (c !== 0) return c;
    if (this.timestamp !== cell.timestamp) return this.timestamp > cell.timestamp ? -1 : 1;
    if (this.type !== cell.type) return this.type > cell.type ? -1 : 1;
    if (this.sequenceId !== cell.sequenceId) return this.sequenceId > cell.sequenceId ? -1 : 1;
    return 0;
  }

  /** The key as a cell of its own (copied bytes, so it pins no block) with an empty value. */
  toCell(): Cell {
    const buf = this.buf;
    return {
      row: Buffer.from(buf.subarray(this.rowOff, this.rowOff + this.rowLen)),
      family: copyOut(buf, this.famOff, this.famLen),
      qualifier: copyOut(buf, this.qualOff, this.qualLen),
      timestamp: this.timestamp,
      type: this.type,
      value: EMPTY_BYTES,
      sequenceId: this.sequenceId,
    };
  }
}

function copyOut(buf: Buffer, off: number, len: number): Buffer {
  return len === 0 ? EMPTY_BYTES : Buffer.from(buf.subarray(off, off + len));
}
