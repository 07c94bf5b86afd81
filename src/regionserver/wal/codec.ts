// The WAL's record bodies (pure): file header, entry and trailer, each encoded straight into a
// caller's buffer; decoding checks every length against the body. Layouts: docs/formats.md, WAL.
// Invariant: decode(encode(x)) equals x, and a body that does not decode is a WalCorruptError.
import { assert } from '../../common/assert.js';
import { isCellType, type Cell } from '../../common/cell.js';
import { WalCorruptError } from './errors.js';
import type { WalEntry } from './entry.js';

/** The first byte of every record body. */
export const RecordKind = { Header: 1, Entry: 2, Trailer: 3 } as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

export interface WalHeader {
  readonly writerName: string;
  readonly creationTimeMs: number;
}

export interface WalTrailer {
  /** Entries in the file. */
  readonly entryCount: number;
}

const U32 = 0x1_0000_0000;
/** kind (1), sequence id (8), write time (8), region name length (2), cell count (4). */
const ENTRY_FIXED_BYTES = 1 + 8 + 8 + 2 + 4;
/** row length (2), family length (1), qualifier and value lengths (4 + 4), type (1), timestamp
 * (8), sequence id (8). */
const CELL_FIXED_BYTES = 2 + 1 + 4 + 4 + 1 + 8 + 8;
const HEADER_FIXED_BYTES = 1 + 8 + 2;
const TRAILER_BYTES = 1 + 8;

/** Writes a safe integer as 8 bytes big-endian (high word, then low word). */
export function writeU64(target: Buffer, value: number, offset: number): number {
  if (!(Number.isSafeInteger(value) && value >= 0))
    assert(false, `cannot encode ${value} as a u64`);
  target.writeUInt32BE(Math.floor(value / U32), offset);
  target.writeUInt32BE(value % U32, offset + 4);
  return offset + 8;
}

export function readU64(source: Buffer, offset: number): number {
  const high = source.readUInt32BE(offset);
  if (high > 0x1f_ffff) throw new WalCorruptError(`a u64 at ${offset} exceeds 2^53`);
  return high * U32 + source.readUInt32BE(offset + 4);
}

/** The encoded size of an entry's body. */
export function entryBodyBytes(entry: WalEntry): number {
  let bytes = ENTRY_FIXED_BYTES + Buffer.byteLength(entry.regionName, 'utf8');
  const cells = entry.cells;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i] as Cell;
    bytes += CELL_FIXED_BYTES + c.row.length + c.family.length + c.qualifier.length;
    bytes += c.value.length;
  }
  return bytes;
}

/** Encodes an entry's body at `offset` (room for entryBodyBytes(entry) bytes); returns its end. */
export function writeEntryBody(entry: WalEntry, target: Buffer, offset: number): number {
  let at = offset;
  target[at++] = RecordKind.Entry;
  at = writeU64(target, entry.sequenceId, at);
  at = writeU64(target, entry.writeTimeMs, at);
  const nameBytes = target.write(entry.regionName, at + 2, 'utf8');
  target.writeUInt16BE(nameBytes, at);
  at += 2 + nameBytes;
  const cells = entry.cells;
  target.writeUInt32BE(cells.length, at);
  at += 4;
  for (let i = 0; i < cells.length; i++) at = writeCell(cells[i] as Cell, target, at);
  return at;
}

function writeCell(cell: Cell, target: Buffer, offset: number): number {
  const { row, family, qualifier, value } = cell;
  assert(row.length <= 0xffff && family.length <= 0xff, 'a cell key part is over its width');
  target.writeUInt16BE(row.length, offset);
  target[offset + 2] = family.length;
  target.writeUInt32BE(qualifier.length, offset + 3);
  target.writeUInt32BE(value.length, offset + 7);
  target[offset + 11] = cell.type;
  let at = writeU64(target, cell.timestamp, offset + 12);
  at = writeU64(target, cell.sequenceId, at);
  at += row.copy(target, at);
  at += family.copy(target, at);
  at += qualifier.copy(target, at);
  return at + value.copy(target, at);
}

/** Decodes an entry body; its cells are views of `body` (pass a buffer the entry may own). */
export function decodeEntryBody(body: Buffer): WalEntry {
  const reader = new BodyReader(body);
  reader.expectKind(RecordKind.Entry);
  const sequenceId = reader.u64();
  const writeTimeMs = reader.u64();
  const regionName = reader.bytes(reader.u16()).toString('utf8');
  const count = reader.u32();
  // Each cell takes at least CELL_FIXED_BYTES: a count beyond that is corrupt, not a huge array.
  reader.check(count * CELL_FIXED_BYTES <= reader.remaining, `cell count ${count}`);
  const cells: Cell[] = new Array<Cell>(count);
  for (let i = 0; i < count; i++) cells[i] = readCell(reader);
  reader.expectEnd();
  return { regionName, sequenceId, writeTimeMs, cells };
}

function readCell(reader: BodyReader): Cell {
  const rowBytes = reader.u16();
  const familyBytes = reader.u8();
  const qualifierBytes = reader.u32();
  const valueBytes = reader.u32();
  const type = reader.u8();
  if (!isCellType(type)) throw new WalCorruptError(`cell type code ${type} is unknown`);
  const timestamp = reader.u64();
  const sequenceId = reader.u64();
  const row = reader.bytes(rowBytes);
  const family = reader.bytes(familyBytes);
  const qualifier = reader.bytes(qualifierBytes);
  const value = reader.bytes(valueBytes);
  return { row, family, qualifier, timestamp, type, value, sequenceId };
}

export function headerBodyBytes(header: WalHeader): number {
  return HEADER_FIXED_BYTES + Buffer.byteLength(header.writerName, 'utf8');
}

export function writeHeaderBody(header: WalHeader, target: Buffer, offset: number): number {
  target[offset] = RecordKind.Header;
  const at = writeU64(target, header.creationTimeMs, offset + 1);
  const nameBytes = target.write(header.writerName, at + 2, 'utf8');
  target.writeUInt16BE(nameBytes, at);
  return at + 2 + nameBytes;
}

export function decodeHeaderBody(body: Buffer): WalHeader {
  const reader = new BodyReader(body);
  reader.expectKind(RecordKind.Header);
  const creationTimeMs = reader.u64();
  const writerName = reader.bytes(reader.u16()).toString('utf8');
  reader.expectEnd();
  return { writerName, creationTimeMs };
}

export function trailerBodyBytes(): number {
  return TRAILER_BYTES;
}

export function writeTrailerBody(trailer: WalTrailer, target: Buffer, offset: number): number {
  target[offset] = RecordKind.Trailer;
  return writeU64(target, trailer.entryCount, offset + 1);
}

export function decodeTrailerBody(body: Buffer): WalTrailer {
  const reader = new BodyReader(body);
  reader.expectKind(RecordKind.Trailer);
  const entryCount = reader.u64();
  reader.expectEnd();
  return { entryCount };
}

/** A record body's kind byte, or a WalCorruptError for an empty body or an unknown kind. */
export function recordKindOf(body: Buffer): RecordKind {
  const kind = body[0];
  if (kind === RecordKind.Header || kind === RecordKind.Entry || kind === RecordKind.Trailer) {
    return kind;
  }
  throw new WalCorruptError(`record kind ${String(kind)} is unknown`);
}

/** Reads fields of one body in order; any read past its end is a WalCorruptError. */
class BodyReader {
  readonly #body: Buffer;
  #at = 0;

  constructor(body: Buffer) {
    this.#body = body;
  }

  get remaining(): number {
    return this.#body.length - this.#at;
  }

  check(ok: boolean, what: string): void {
    if (!ok) throw new WalCorruptError(`${what} at body offset ${this.#at} is invalid`);
  }

  expectKind(kind: RecordKind): void {
    this.check(this.u8() === kind, `record kind (want ${kind})`);
  }

  expectEnd(): void {
    this.check(this.#at === this.#body.length, `${this.remaining} trailing bytes`);
  }

  u8(): number {
    this.#need(1);
    return this.#body[this.#at++] as number;
  }

  u16(): number {
    this.#need(2);
    const value = this.#body.readUInt16BE(this.#at);
    this.#at += 2;
    return value;
  }

  u32(): number {
    this.#need(4);
    const value = this.#body.readUInt32BE(this.#at);
    this.#at += 4;
    return value;
  }

  u64(): number {
    this.#need(8);
    const value = readU64(this.#body, this.#at);
    this.#at += 8;
    return value;
  }

  bytes(length: number): Buffer {
    this.#need(length);
    const view = this.#body.subarray(this.#at, this.#at + length);
    this.#at += length;
    return view;
  }

  #need(bytes: number): void {
    if (bytes > this.remaining) {
      throw new WalCorruptError(
        `a field of ${bytes} bytes at body offset ${this.#at} runs past the body's end ` +
          `(${this.#body.length} bytes)`,
      );
    }
  }
}
