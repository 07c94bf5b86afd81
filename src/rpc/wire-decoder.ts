// The transport's msgpack decoder for what wire-encoder.ts writes, with msgpackr's results (maps
// as plain objects, `__proto__` keys renamed `__proto_`, bins as views of the frame, fixext 0 as
// undefined, cell blocks as CellBlock). Formats it leaves alone (64-bit integers, float32, other
// extensions, maps with keys that are not strings) and anything malformed make it answer
// WIRE_UNDECODED, and the caller decodes the frame with msgpackr, which gives the same value or
// the error it always gave.
import { unpackCellBlock, CELL_BLOCK_EXT_TYPE } from '../common/cell-block.js';
import {
  WIRE_DEPTH_MAX,
  WIRE_KEY_CACHE_ENTRIES,
  WIRE_VALUE_STRING_CACHE_ENTRIES,
  WIRE_VALUE_STRING_CACHED_BYTES_MAX,
} from '../common/limits.js';

/** decodeWire's answer for a frame it leaves to msgpackr. */
export const WIRE_UNDECODED: unique symbol = Symbol('undecoded');

/** Thrown inside the decoder; the caller turns it into WIRE_UNDECODED. */
class Undecoded extends Error {}
const UNDECODED = new Undecoded('left to msgpackr');
/** Strings up to this many bytes are read by a loop when all ASCII. */
const STRING_LOOP_BYTES_MAX = 24;

let src: Buffer = Buffer.alloc(0);
let p = 0;
let end = 0;

/** The msgpack value that `payload` holds, or WIRE_UNDECODED. */
export function decodeWire(payload: Buffer): unknown {
  src = payload;
  p = 0;
  end = payload.length;
  try {
    const value = read(0);
    if (p !== end) return WIRE_UNDECODED;
    return value;
  } catch (error) {
    if (error instanceof Undecoded || error instanceof RangeError) return WIRE_UNDECODED;
    throw error;
  } finally {
    src = EMPTY;
  }
}

const EMPTY = Buffer.alloc(0);

function need(n: number): void {
  if (p + n > end) throw UNDECODED;
}

function read(depth: number): unknown {
  need(1);
  const b = src[p++] as number;
  if (b < 0x80) return b;
  if (b >= 0xe0) return b - 0x100;
  if (b < 0x90) return readMap(b & 0x0f, depth);
  if (b < 0xa0) return readArray(b & 0x0f, depth);
  if (b < 0xc0) return readValueString(b & 0x1f);
  switch (b) {
    case 0xc0:
      return null;
    case 0xc2:
      return false;
    case 0xc3:
      return true;
    case 0xc4:
      return readBytes(readUint(1));
    case 0xc5:
      return readBytes(readUint(2));
    case 0xc6:
      return readBytes(readUint(4));
    case 0xc7:
      return readExt(readUint(1));
    case 0xc8:
      return readExt(readUint(2));
    case 0xc9:
      return readExt(readUint(4));
    case 0xcb: {
      need(8);
      const value = src.readDoubleBE(p);
      p += 8;
      return value;
    }
    case 0xcc:
      return readUint(1);
    case 0xcd:
      return readUint(2);
    case 0xce:
      return readUint(4);
    case 0xd0: {
      need(1);
      return src.readInt8(p++);
    }
    case 0xd1: {
      need(2);
      const value = src.readInt16BE(p);
      p += 2;
      return value;
    }
    case 0xd2: {
      need(4);
      const value = src.readInt32BE(p);
      p += 4;
      return value;
    }
    case 0xd4:
      return readExt(1);
    case 0xd5:
      return readExt(2);
    case 0xd6:
      return readExt(4);
    case 0xd7:
      return readExt(8);
    case 0xd8:
      return readExt(16);
    case 0xd9:
      return readValueString(readUint(1));
    case 0xda:
      return readString(readUint(2));
    case 0xdb:
      return readString(readUint(4));
    case 0xdc:
      return readArray(readUint(2), depth);
    case 0xdd:
      return readArray(readUint(4), depth);
    case 0xde:
      return readMap(readUint(2), depth);
    case 0xdf:
      return readMap(readUint(4), depth);
    default:
      // 0xc1, float32, 64-bit integers: msgpackr's.
      throw UNDECODED;
  }
}

function readUint(bytes: 1 | 2 | 4): number {
  need(bytes);
  const s = src;
  const at = p;
  p += bytes;
  if (bytes === 1) return s[at] as number;
  if (bytes === 2) return ((s[at] as number) << 8) | (s[at + 1] as number);
  return s.readUInt32BE(at);
}

function readArray(n: number, depth: number): unknown[] {
  // each element takes at least a byte: a count beyond the bytes left is malformed.
  if (n > end - p || depth >= WIRE_DEPTH_MAX) throw UNDECODED;
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = read(depth + 1);
  return out;
}

function readMap(n: number, depth: number): Record<string, unknown> {
  if (n * 2 > end - p || depth >= WIRE_DEPTH_MAX) throw UNDECODED;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    need(1);
    const b = src[p++] as number;
    let length: number;
    if ((b & 0xe0) === 0xa0) length = b & 0x1f;
    else if (b === 0xd9) length = readUint(1);
    else if (b === 0xda) length = readUint(2);
    else throw UNDECODED;
    let key = length <= KEY_CACHED_BYTES_MAX ? readKey(length) : readString(length);
    if (key === '__proto__') key = '__proto_';
    out[key] = read(depth + 1);
  }
  return out;
}

// Map keys repeat from message to message, and so do some values (a method's name, a region's):
// small caches hand out the same string for the same bytes, which spares building it, makes it a
// known property name, and lets a Map keyed by it skip hashing and comparing the characters.
const KEY_CACHED_BYTES_MAX = 16;
const keyBytes: (Buffer | undefined)[] = new Array(WIRE_KEY_CACHE_ENTRIES).fill(undefined);
const keyStrings: string[] = new Array<string>(WIRE_KEY_CACHE_ENTRIES).fill('');
const valueBytes: (Buffer | undefined)[] = new Array(WIRE_VALUE_STRING_CACHE_ENTRIES).fill(
  undefined,
);
const valueStrings: string[] = new Array<string>(WIRE_VALUE_STRING_CACHE_ENTRIES).fill('');

function readKey(length: number): string {
  return readCached(length, keyBytes, keyStrings);
}

/** A string value: from the cache up to WIRE_VALUE_STRING_CACHED_BYTES_MAX bytes. */
function readValueString(length: number): string {
  return length <= WIRE_VALUE_STRING_CACHED_BYTES_MAX
    ? readCached(length, valueBytes, valueStrings)
    : readString(length);
}

function readCached(length: number, bytes: (Buffer | undefined)[], strings: string[]): string {
  need(length);
  const s = src;
  const at = p;
  let hash = length;
  for (let i = at; i < at + length; i++) hash = (Math.imul(hash, 31) + (s[i] as number)) | 0;
  const slot = (hash >>> 0) % bytes.length;
  const cached = bytes[slot];
  if (cached !== undefined && cached.length === length) {
    let same = true;
    for (let i = 0; i < length; i++) {
      if (cached[i] !== s[at + i]) {
        same = false;
        break;
      }
    }
    if (same) {
      p += length;
      return strings[slot] as string;
    }
  }
  const value = readString(length);
  bytes[slot] = Buffer.from(s.subarray(at, at + length));
  strings[slot] = value;
  return value;
}

/** Buffer's own string slicers (Node's, under its toString): no encoding lookup. */
interface Slicers {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

function readString(length: number): string {
  need(length);
  const s = src;
  const at = p;
  const stop = at + length;
  p = stop;
  if (length <= STRING_LOOP_BYTES_MAX) {
    // Short ASCII strings are built here: a native slice costs about 90 ns however short.
    let out = '';
    let i = at;
    for (; i + 4 <= stop; i += 4) {
      const a = s[i] as number;
      const b = s[i + 1] as number;
      const c = s[i + 2] as number;
      const d = s[i + 3] as number;
      if ((a | b | c | d) >= 0x80) break;
      out += String.fromCharCode(a, b, c, d);
    }
    for (; i < stop; i++) {
      const a = s[i] as number;
      if (a >= 0x80) break;
      out += String.fromCharCode(a);
    }
    if (i === stop) return out;
  }
  for (let i = at; i < stop; i++) {
    if ((s[i] as number) >= 0x80) return (s as Buffer & Slicers).utf8Slice(at, stop);
  }
  return (s as Buffer & Slicers).latin1Slice(at, stop);
}

function readBytes(length: number): Buffer {
  need(length);
  const at = p;
  p += length;
  return src.subarray(at, at + length);
}

function readExt(length: number): unknown {
  need(length + 1);
  const type = src[p++] as number;
  const at = p;
  p += length;
  if (type === CELL_BLOCK_EXT_TYPE) return unpackCellBlock(src.subarray(at, at + length));
  if (type === 0 && length === 1) return undefined;
  throw UNDECODED;
}
