// The transport's msgpack encoder for the values messages carry: null, undefined, booleans,
// numbers, strings, Buffers and Uint8Arrays, arrays, plain objects and CellBlocks. Its bytes are
// msgpackr's own for the same value (the Packr of message.ts: maps as map16, strings and arrays
// with their shortest header, undefined as fixext 0), so the wire format does not change; it only
// skips msgpackr's generic dispatch, which costs a small Buffer about 0.3 µs. Anything else (a
// Map, a Date, a bigint, a class instance) makes it answer undefined, and the caller packs the
// message with msgpackr instead. encodeWireParts leaves a large byte string where it is: the
// message comes out in parts, the string's own buffer one of them (written with one writev), so a
// block's packet is not copied into a slab that the collector must then count and free.
import { cellBlockBytes, encodeCellBlock } from '../common/cell-block-codec.js';
import { CELL_BLOCK_EXT_TYPE, CellBlock } from '../common/cell-block.js';
import {
  WIRE_BYTES_BY_REFERENCE_MIN,
  WIRE_DEPTH_MAX,
  WIRE_SLAB_BYTES,
  WIRE_SLAB_GROWTH,
  WIRE_SLAB_KEPT_BYTES_MAX,
  WIRE_STRING_LOOP_CHARS_MAX,
} from '../common/limits.js';

/** Thrown inside the encoder when the value has a part it does not encode. */
const UNSUPPORTED = Symbol('unsupported');
/** A Buffer at most this long is copied byte by byte (a typed-array set costs more). */
const BYTES_LOOP_MAX = 32;

// Messages are written one after another into a slab; each is a view of it. A slab is never
// rewritten, so a view stays valid however long its holder keeps it.
let slab = Buffer.allocUnsafeSlow(WIRE_SLAB_BYTES);
/** Where the message (in parts: its current part) begins in the slab. */
let start = 0;
let pos = 0;
/** The message's finished parts, while encodeWireParts runs (null: one buffer, bytes copied). */
let parts: Buffer[] | null = null;

/**
 * msgpack bytes of `value` after `reserve` bytes left for the caller (a frame header), or
 * undefined if it holds something this encoder leaves to msgpackr.
 */
export function encodeWire(value: unknown, reserve = 0): Buffer | undefined {
  parts = null;
  return encode(value, reserve) ? finish() : undefined;
}

/**
 * As encodeWire, in parts: each byte string of WIRE_BYTES_BY_REFERENCE_MIN or more is a part of
 * its own, its caller's buffer itself, which must not change until the parts are written.
 */
export function encodeWireParts(value: unknown, reserve = 0): Buffer[] | undefined {
  const out: Buffer[] = [];
  parts = out;
  try {
    if (!encode(value, reserve)) return undefined;
    out.push(finish());
    return out;
  } finally {
    parts = null;
  }
}

/** Writes `value` after `reserve` bytes; false when it holds something left to msgpackr. */
function encode(value: unknown, reserve: number): boolean {
  if (slab.length - pos < WIRE_SLAB_BYTES / 8) {
    slab = Buffer.allocUnsafeSlow(WIRE_SLAB_BYTES);
    pos = 0;
  }
  start = pos;
  pos += reserve;
  try {
    write(value, 0);
  } catch (error) {
    pos = start;
    if (error === UNSUPPORTED) return false;
    throw error;
  }
  return true;
}

/** The message (or its last part) as a view of the slab, which is never written again. */
function finish(): Buffer {
  const out = slab.subarray(start, pos);
  start = pos;
  // A slab grown past WIRE_SLAB_KEPT_BYTES_MAX for one large message is not kept for the next.
  if (slab.length > WIRE_SLAB_KEPT_BYTES_MAX) pos = slab.length;
  return out;
}

/**
 * Makes room for n more bytes: in parts, the message goes on in a new slab; in one buffer, the
 * message begun at `start` moves to a larger slab.
 */
function room(n: number): void {
  if (pos + n <= slab.length) return;
  if (parts !== null) {
    // In parts the message need not be contiguous: its bytes so far become a part, and it goes on
    // in a new slab of the usual size. Growing and copying instead gave a 2 MiB batch of puts a
    // fresh 8 MiB slab each time, first-touch page faults that cost more than the encoding.
    if (pos > start) parts.push(slab.subarray(start, pos));
    slab = Buffer.allocUnsafeSlow(Math.ceil(n / WIRE_SLAB_BYTES) * WIRE_SLAB_BYTES);
    start = 0;
    pos = 0;
    return;
  }
  const used = pos - start;
  // Four times what the message needs so far, as msgpackr grows its buffer: a large message's
  // slab then holds the next few like it, and its allocation is shared among them.
  const size = Math.ceil(((used + n) * WIRE_SLAB_GROWTH) / WIRE_SLAB_BYTES) * WIRE_SLAB_BYTES;
  const next = Buffer.allocUnsafeSlow(size);
  slab.copy(next, 0, start, pos);
  slab = next;
  start = 0;
  pos = used;
}

function write(value: unknown, depth: number): void {
  switch (typeof value) {
    case 'string':
      return writeString(value);
    case 'number':
      return writeNumber(value);
    case 'boolean':
      room(1);
      slab[pos++] = value ? 0xc3 : 0xc2;
      return;
    case 'undefined':
      room(3);
      slab[pos++] = 0xd4;
      slab[pos++] = 0;
      slab[pos++] = 0;
      return;
    case 'object':
      if (value === null) {
        room(1);
        slab[pos++] = 0xc0;
        return;
      }
      if (depth >= WIRE_DEPTH_MAX) throw UNSUPPORTED;
      return writeObject(value, depth + 1);
    default:
      throw UNSUPPORTED;
  }
}

function writeObject(value: object, depth: number): void {
  if (Array.isArray(value)) {
    if (value.constructor !== Array) throw UNSUPPORTED;
    const n = value.length;
    room(5);
    if (n < 0x10) slab[pos++] = 0x90 | n;
    else writeWide(n, 0xdc, 0xdd);
    for (let i = 0; i < n; i++) write(value[i], depth);
    return;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Buffer.prototype || proto === Uint8Array.prototype) {
    return writeBytes(value as Uint8Array);
  }
  if (proto === CellBlock.prototype) return writeCellBlock(value as CellBlock);
  if (proto !== Object.prototype && proto !== null) throw UNSUPPORTED;
  const record = value as Record<string, unknown>;
  // map16 whatever the count, as msgpackr writes plain objects. Own enumerable keys in for-in
  // order (msgpackr skips inherited ones), counted as they are written (Object.keys would
  // allocate an array per object); the count goes into the header afterwards. In parts, a slab
  // never moves, so the header stays where it was written; in one buffer the message may move to
  // a larger slab (room), the header keeping its offset from the message's start.
  room(3);
  slab[pos++] = 0xde;
  const headerSlab = slab;
  const headerAt = pos;
  const headerOffset = pos - start;
  pos += 2;
  let count = 0;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    if (++count > 0xffff) throw UNSUPPORTED;
    writeString(key);
    write(record[key], depth);
  }
  const out = parts !== null ? headerSlab : slab;
  const at = parts !== null ? headerAt : start + headerOffset;
  out[at] = count >> 8;
  out[at + 1] = count & 0xff;
}

/** A length or number after its format byte, in 1, 2 or 4 bytes (room is the caller's). */
function writeSized(n: number, op8: number, op16: number, op32: number): void {
  if (n < 0x100) {
    slab[pos++] = op8;
    slab[pos++] = n;
  } else {
    writeWide(n, op16, op32);
  }
}

/** As writeSized, for formats with no 1-byte length (arrays). */
function writeWide(n: number, op16: number, op32: number): void {
  if (n < 0x10000) {
    slab[pos++] = op16;
    slab[pos++] = n >> 8;
    slab[pos++] = n & 0xff;
  } else {
    slab[pos++] = op32;
    slab.writeUInt32BE(n, pos);
    pos += 4;
  }
}

function writeNumber(value: number): void {
  room(9);
  if (value >>> 0 === value) {
    if (value < 0x80) slab[pos++] = value;
    else writeSized(value, 0xcc, 0xcd, 0xce);
  } else if (value >> 0 === value) {
    if (value >= -0x20) slab[pos++] = 0x100 + value;
    else if (value >= -0x80) {
      slab[pos++] = 0xd0;
      slab[pos++] = value + 0x100;
    } else if (value >= -0x8000) {
      slab[pos++] = 0xd1;
      slab.writeInt16BE(value, pos);
      pos += 2;
    } else {
      slab[pos++] = 0xd2;
      slab.writeInt32BE(value, pos);
      pos += 4;
    }
  } else {
    slab[pos++] = 0xcb;
    slab.writeDoubleBE(value, pos);
    pos += 8;
  }
}

function writeString(value: string): void {
  const chars = value.length;
  const header = chars < 0x20 ? 1 : chars < 0x100 ? 2 : chars < 0x10000 ? 3 : 5;
  room(header + chars * 3);
  const at = pos + header;
  let length = chars < WIRE_STRING_LOOP_CHARS_MAX ? utf8Loop(value, at) : -1;
  if (length < 0) length = slab.write(value, at);
  // The header's size was guessed from the characters; move the bytes if the guess was short.
  const need = length < 0x20 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : 5;
  if (need !== header) slab.copyWithin(pos + need, at, at + length);
  if (need === 1) slab[pos++] = 0xa0 | length;
  else writeSized(length, 0xd9, 0xda, 0xdb);
  pos += length;
}

/**
 * UTF-8 of `value` at `at` by a loop (cheaper than a native call for short strings); its length,
 * or -1 at a lone surrogate, which Buffer's encoder writes (as U+FFFD, the bytes msgpackr gives).
 */
function utf8Loop(value: string, at: number): number {
  const chars = value.length;
  const out = slab;
  let p = at;
  for (let i = 0; i < chars; i++) {
    let c = value.charCodeAt(i);
    if (c < 0x80) out[p++] = c;
    else if (c < 0x800) {
      out[p++] = (c >> 6) | 0xc0;
      out[p++] = (c & 0x3f) | 0x80;
    } else if ((c & 0xf800) !== 0xd800) {
      out[p++] = (c >> 12) | 0xe0;
      out[p++] = ((c >> 6) & 0x3f) | 0x80;
      out[p++] = (c & 0x3f) | 0x80;
    } else {
      const c2 = value.charCodeAt(i + 1);
      if ((c & 0xfc00) !== 0xd800 || (c2 & 0xfc00) !== 0xdc00) return -1;
      c = 0x10000 + ((c & 0x03ff) << 10) + (c2 & 0x03ff);
      i++;
      out[p++] = (c >> 18) | 0xf0;
      out[p++] = ((c >> 12) & 0x3f) | 0x80;
      out[p++] = ((c >> 6) & 0x3f) | 0x80;
      out[p++] = (c & 0x3f) | 0x80;
    }
  }
  return p - at;
}

function writeBytes(bytes: Uint8Array): void {
  const n = bytes.length;
  if (parts !== null && n >= WIRE_BYTES_BY_REFERENCE_MIN) {
    room(5);
    writeSized(n, 0xc4, 0xc5, 0xc6);
    parts.push(slab.subarray(start, pos));
    parts.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, n));
    start = pos;
    return;
  }
  room(n + 5);
  writeSized(n, 0xc4, 0xc5, 0xc6);
  if (n <= BYTES_LOOP_MAX) {
    const out = slab;
    const at = pos;
    for (let i = 0; i < n; i++) out[at + i] = bytes[i] as number;
  } else {
    slab.set(bytes, pos);
  }
  pos += n;
}

/** The cell block written straight into the message (msgpackr's extension path copies it twice). */
function writeCellBlock(block: CellBlock): void {
  const n = cellBlockBytes(block.list);
  room(n + 6);
  const fixed =
    n === 1 ? 0xd4 : n === 2 ? 0xd5 : n === 4 ? 0xd6 : n === 8 ? 0xd7 : n === 16 ? 0xd8 : 0;
  if (fixed !== 0) slab[pos++] = fixed;
  else writeSized(n, 0xc7, 0xc8, 0xc9);
  slab[pos++] = CELL_BLOCK_EXT_TYPE;
  pos = encodeCellBlock(block.list, slab, pos);
}
