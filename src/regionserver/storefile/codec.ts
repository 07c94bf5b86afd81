// Byte codecs of the store-file format: LEB128 varints up to 2^53, big-endian u64s, and a checked
// reader for the blocks decoded once per open (index, Bloom, file info, trailer). Invariant: a
// decode never reads outside its range; anything malformed is a CorruptStoreFileError.
import { CorruptStoreFileError } from './errors.js';

/** A varint of a safe integer (53 bits) takes at most 8 bytes of 7 bits. */
const VARINT_BYTES_MAX = 8;
const TWO_POW_32 = 2 ** 32;
/** The high word of a u64 holding a safe integer is at most 21 bits. */
const U64_HIGH_MAX = 0x1f_ffff;

export function varintBytes(n: number): number {
  let bytes = 1;
  for (let rest = n; rest >= 0x80; rest = Math.floor(rest / 128)) bytes++;
  return bytes;
}

/** Writes `n` (a non-negative safe integer) at buf[off]; returns the offset past it. */
export function writeVarint(buf: Buffer, off: number, n: number): number {
  let rest = n;
  while (rest >= 0x80) {
    buf[off++] = (rest % 128) | 0x80;
    rest = Math.floor(rest / 128);
  }
  buf[off++] = rest;
  return off;
}

/** Where a read ended: one per reading object, so that reads allocate nothing. -1: malformed. */
export class Position {
  pos = 0;
}

/** Reads a varint in buf[pos, end); sets at.pos past it, or to -1 if malformed or unsafe. */
export function readVarint(buf: Uint8Array, pos: number, end: number, at: Position): number {
  // Up to 4 bytes (28 bits) with integer arithmetic: every length and most sequence ids.
  if (pos >= 0 && pos + 4 <= buf.length) {
    let byte = buf[pos] as number;
    let result = byte & 0x7f;
    let n = 1;
    if (byte >= 0x80) {
      byte = buf[pos + 1] as number;
      result |= (byte & 0x7f) << 7;
      n = 2;
      if (byte >= 0x80) {
        byte = buf[pos + 2] as number;
        result |= (byte & 0x7f) << 14;
        n = 3;
        if (byte >= 0x80) {
          byte = buf[pos + 3] as number;
          result |= (byte & 0x7f) << 21;
          n = 4;
        }
      }
    }
    if (byte < 0x80) {
      at.pos = pos + n <= end ? pos + n : -1;
      return result;
    }
  }
  return readLongVarint(buf, pos, end, at);
}

function readLongVarint(buf: Uint8Array, pos: number, end: number, at: Position): number {
  let result = 0;
  let scale = 1;
  for (let i = 0; i < VARINT_BYTES_MAX && pos >= 0 && pos < end; i++) {
    const byte = buf[pos++] as number;
    result += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      at.pos = result <= Number.MAX_SAFE_INTEGER ? pos : -1;
      return result;
    }
    scale *= 128;
  }
  at.pos = -1;
  return 0;
}

export function writeU64(buf: Buffer, off: number, n: number): number {
  buf.writeUInt32BE(Math.floor(n / TWO_POW_32), off);
  buf.writeUInt32BE(n % TWO_POW_32, off + 4);
  return off + 8;
}

/** The u64 at buf[off, off + 8), or -1 when it is above Number.MAX_SAFE_INTEGER. */
export function readU64(buf: Uint8Array, off: number): number {
  const high =
    (((buf[off] as number) << 24) |
      ((buf[off + 1] as number) << 16) |
      ((buf[off + 2] as number) << 8) |
      (buf[off + 3] as number)) >>>
    0;
  if (high > U64_HIGH_MAX) return -1;
  const low =
    (((buf[off + 4] as number) << 24) |
      ((buf[off + 5] as number) << 16) |
      ((buf[off + 6] as number) << 8) |
      (buf[off + 7] as number)) >>>
    0;
  return high * TWO_POW_32 + low;
}

/** A checked cursor over one decoded block; `what` names the block in error messages. */
export class ByteReader {
  readonly #buf: Buffer;
  readonly #what: string;
  readonly #end: number;
  readonly #at = new Position();
  #pos: number;

  constructor(buf: Buffer, what: string, start = 0, end = buf.length) {
    this.#buf = buf;
    this.#what = what;
    this.#pos = start;
    this.#end = end;
  }

  get pos(): number {
    return this.#pos;
  }

  get remaining(): number {
    return this.#end - this.#pos;
  }

  fail(problem: string): never {
    throw new CorruptStoreFileError(`${this.#what}: ${problem}`);
  }

  #need(bytes: number, what: string): void {
    if (this.#end - this.#pos < bytes) {
      this.fail(`${what} needs ${bytes} bytes at ${this.#pos}; ${this.remaining} are left`);
    }
  }

  u8(what: string): number {
    this.#need(1, what);
    return this.#buf[this.#pos++] as number;
  }

  u32(what: string): number {
    this.#need(4, what);
    const value = this.#buf.readUInt32BE(this.#pos);
    this.#pos += 4;
    return value;
  }

  u64(what: string): number {
    this.#need(8, what);
    const value = readU64(this.#buf, this.#pos);
    if (value < 0) this.fail(`${what} at ${this.#pos} is above 2^53`);
    this.#pos += 8;
    return value;
  }

  varint(what: string): number {
    const value = readVarint(this.#buf, this.#pos, this.#end, this.#at);
    if (this.#at.pos < 0) this.fail(`${what} at ${this.#pos} is not a valid varint`);
    this.#pos = this.#at.pos;
    return value;
  }

  /** A varint no larger than `max`. */
  length(what: string, max: number): number {
    const value = this.varint(what);
    if (value > max) this.fail(`${what} is ${value}; the limit is ${max}`);
    return value;
  }

  /** A view of the next `n` bytes. */
  bytes(n: number, what: string): Buffer {
    this.#need(n, what);
    const view = this.#buf.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return view;
  }

  expectEnd(): void {
    if (this.#pos !== this.#end) this.fail(`${this.remaining} unexpected bytes at ${this.#pos}`);
  }
}
