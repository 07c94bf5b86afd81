// Per-file Bloom filter over rows (ROW) or row+family+qualifier (ROWCOL): k probes by double
// hashing (g_i = h1 + i*h2) over two 32-bit byte-wise hashes, each finished with an avalanche.
// Invariant: a key added is always reported as possibly present (no false negatives).
import type { BloomType } from '../../common/operations.js';
import { BlockType, frameBlock, unframeBlock } from './block-frame.js';
import { ByteReader, varintBytes, writeVarint } from './codec.js';
import {
  BLOOM_BITS_MIN,
  BLOOM_BITS_PER_KEY,
  BLOOM_BYTES_MAX,
  BLOOM_HASH_COUNT,
  BLOOM_HASH_COUNT_MAX,
} from './limits.js';

const SEED_A = 0x811c9dc5;
const SEED_B = 0x9e3779b9;
const PRIME_A = 0x01000193;
const PRIME_B = 0x85ebca77;
const BLOOM_KIND: Readonly<Record<'ROW' | 'ROWCOL', number>> = { ROW: 1, ROWCOL: 2 };

// The two running hashes: module state, so that hashing allocates nothing.
let hashA = 0;
let hashB = 0;

function feed(bytes: Uint8Array): void {
  let a = hashA;
  let b = hashB;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    a = Math.imul(a ^ byte, PRIME_A);
    b = Math.imul(((b << 5) | (b >>> 27)) ^ byte, PRIME_B);
  }
  hashA = a;
  hashB = b;
}

function feedByte(byte: number): void {
  hashA = Math.imul(hashA ^ byte, PRIME_A);
  hashB = Math.imul(((hashB << 5) | (hashB >>> 27)) ^ byte, PRIME_B);
}

/** MurmurHash3's finalizer: every input bit affects every output bit. */
function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes the Bloom key: the row, or row, row length, family, family length and qualifier. */
function hashKey(row: Uint8Array, family: Uint8Array | undefined, qualifier: Uint8Array): void {
  hashA = SEED_A;
  hashB = SEED_B;
  feed(row);
  if (family !== undefined) {
    feedByte(row.length & 0xff);
    feedByte(row.length >>> 8);
    feed(family);
    feedByte(family.length);
    feed(qualifier);
  }
  hashA = avalanche(hashA);
  hashB = avalanche(hashB) | 1;
}

export class BloomFilter {
  #keyCount: number;

  constructor(
    readonly type: 'ROW' | 'ROWCOL',
    readonly bits: Uint8Array,
    readonly bitCount: number,
    readonly hashCount: number,
    keyCount: number,
  ) {
    this.#keyCount = keyCount;
  }

  /** An empty filter sized for `expectedKeys` at about 1% false positives. */
  static sized(type: 'ROW' | 'ROWCOL', expectedKeys: number): BloomFilter {
    const wanted = Math.ceil(Math.max(0, expectedKeys) * BLOOM_BITS_PER_KEY);
    const bitCount = Math.min(Math.max(wanted, BLOOM_BITS_MIN), BLOOM_BYTES_MAX * 8);
    const bits = new Uint8Array(Math.ceil(bitCount / 8));
    return new BloomFilter(type, bits, bitCount, BLOOM_HASH_COUNT, 0);
  }

  /** Distinct keys added. */
  get keyCount(): number {
    return this.#keyCount;
  }

  /** Adds a row (ROW) or a column of a row (ROWCOL: family and qualifier given). */
  add(row: Uint8Array, family?: Uint8Array, qualifier?: Uint8Array): void {
    hashKey(row, family, qualifier ?? row);
    const bits = this.bits;
    let g = hashA;
    for (let i = 0; i < this.hashCount; i++) {
      const bit = g % this.bitCount;
      bits[bit >>> 3] = (bits[bit >>> 3] as number) | (1 << (bit & 7));
      g = (g + hashB) >>> 0;
    }
    this.#keyCount++;
  }

  /** False only if the key was never added. */
  mayContain(row: Uint8Array, family?: Uint8Array, qualifier?: Uint8Array): boolean {
    hashKey(row, family, qualifier ?? row);
    const bits = this.bits;
    let g = hashA;
    for (let i = 0; i < this.hashCount; i++) {
      const bit = g % this.bitCount;
      if (((bits[bit >>> 3] as number) & (1 << (bit & 7))) === 0) return false;
      g = (g + hashB) >>> 0;
    }
    return true;
  }

  /** The framed Bloom block: kind u8, hash count u8, key count, bit count (varints), the bits. */
  encode(): Buffer {
    const header = 2 + varintBytes(this.#keyCount) + varintBytes(this.bitCount);
    const payload = Buffer.allocUnsafe(header + this.bits.length);
    payload[0] = BLOOM_KIND[this.type];
    payload[1] = this.hashCount;
    let p = writeVarint(payload, 2, this.#keyCount);
    p = writeVarint(payload, p, this.bitCount);
    payload.set(this.bits, p);
    return frameBlock(BlockType.Bloom, payload);
  }
}

/** Verifies and decodes a framed Bloom block, which must be of the file's Bloom type. */
export function decodeBloom(framed: Buffer, expected: BloomType, what: string): BloomFilter {
  const r: ByteReader = new ByteReader(unframeBlock(framed, BlockType.Bloom, what), what);
  const kind = r.u8('Bloom kind');
  const type = kind === BLOOM_KIND.ROW ? 'ROW' : kind === BLOOM_KIND.ROWCOL ? 'ROWCOL' : undefined;
  if (type === undefined || type !== expected) {
    r.fail(`Bloom kind is ${kind}; the file info says ${expected}`);
  }
  const hashCount = r.u8('hash count');
  if (hashCount === 0 || hashCount > BLOOM_HASH_COUNT_MAX) {
    r.fail(`hash count is ${hashCount}; it must be from 1 to ${BLOOM_HASH_COUNT_MAX}`);
  }
  const keyCount = r.varint('key count');
  const bitCount = r.length('bit count', BLOOM_BYTES_MAX * 8);
  if (bitCount === 0) r.fail('bit count is 0');
  const bytes = Math.ceil(bitCount / 8);
  if (r.remaining !== bytes) r.fail(`${r.remaining} bytes of bits for ${bitCount} bits`);
  const bits = r.bytes(bytes, 'bits');
  return new BloomFilter(type, bits, bitCount, hashCount, keyCount);
}
