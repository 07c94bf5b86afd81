// CRC32C per CHUNK_BYTES chunk, as HDFS checksums its blocks. Writing computes one checksum per
// chunk; reading verifies them. Verification takes a fast path: the CRC of a whole run of full
// chunks is checked against the chunk checksums folded together (CRC combination over GF(2), as
// zlib's crc32_combine), one native call instead of one per chunk; only on a mismatch are the
// chunks checked one by one to find the bad one.
import { crc32c } from '@node-rs/crc32';
import { CHECKSUM_BYTES, CHUNK_BYTES } from './limits.js';

/** The reflected CRC32C (Castagnoli) polynomial. */
const POLY = 0x82f63b78;

/** Applies a 32×32 GF(2) matrix (one column per bit) to a vector. */
function times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let i = 0; vector !== 0; i++, vector >>>= 1) {
    if (vector & 1) sum ^= matrix[i] as number;
  }
  return sum >>> 0;
}

function square(matrix: Uint32Array): Uint32Array {
  const out = new Uint32Array(32);
  for (let i = 0; i < 32; i++) out[i] = times(matrix, matrix[i] as number);
  return out;
}

/** The operator that appends `bytes` zero bytes to a CRC's message. */
function zerosOperator(bytes: number): Uint32Array {
  let op: Uint32Array = new Uint32Array(32);
  op[0] = POLY;
  for (let i = 1; i < 32; i++) op[i] = (1 << (i - 1)) >>> 0;
  op = square(op); // two zero bits
  op = square(op); // four
  op = square(op); // eight: one zero byte
  let result: Uint32Array | undefined;
  for (let n = bytes; n > 0; n >>>= 1) {
    if (n & 1) {
      const current = op;
      result =
        result === undefined
          ? current
          : Uint32Array.from({ length: 32 }, (_, i) => times(current, result?.[i] as number));
    }
    op = square(op);
  }
  return result ?? Uint32Array.from({ length: 32 }, (_, i) => (1 << i) >>> 0);
}

/** The chunk-length operator as four byte tables: T0[b0] ^ T1[b1] ^ T2[b2] ^ T3[b3]. */
const CHUNK_TABLES = ((): Uint32Array[] => {
  const op = zerosOperator(CHUNK_BYTES);
  return [0, 8, 16, 24].map((shift) =>
    Uint32Array.from({ length: 256 }, (_, b) => times(op, (b << shift) >>> 0)),
  );
})();
const [T0, T1, T2, T3] = CHUNK_TABLES as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];

/** crc(A ‖ B) from crc(A) and crc(B), for a B of exactly CHUNK_BYTES. */
function combineChunk(crcA: number, crcB: number): number {
  return (
    ((T0[crcA & 0xff] as number) ^
      (T1[(crcA >>> 8) & 0xff] as number) ^
      (T2[(crcA >>> 16) & 0xff] as number) ^
      (T3[crcA >>> 24] as number) ^
      crcB) >>>
    0
  );
}

/** The CRC32C of the first `chunks` whole chunks whose big-endian checksums are `checksums`. */
export function foldChunkChecksums(checksums: Uint8Array, chunks: number): number {
  if (chunks === 0) return 0;
  const view = new DataView(checksums.buffer, checksums.byteOffset, checksums.byteLength);
  let folded = view.getUint32(0);
  for (let i = 1; i < chunks; i++)
    folded = combineChunk(folded, view.getUint32(i * CHECKSUM_BYTES));
  return folded;
}

export function crc32cOf(data: Uint8Array): number {
  return crc32c(data) >>> 0;
}

/** The number of chunks (and checksums) that cover `bytes` bytes. */
export function chunksOf(bytes: number): number {
  return Math.ceil(bytes / CHUNK_BYTES);
}

/** One big-endian CRC32C per chunk of `data` (the last chunk may be short). */
export function chunkChecksums(data: Uint8Array): Buffer {
  const chunks = chunksOf(data.length);
  const out = Buffer.allocUnsafe(chunks * CHECKSUM_BYTES);
  for (let i = 0; i < chunks; i++) {
    const start = i * CHUNK_BYTES;
    out.writeUInt32BE(crc32cOf(data.subarray(start, start + CHUNK_BYTES)), i * CHECKSUM_BYTES);
  }
  return out;
}

/**
 * Checks `data` (starting on a chunk boundary) against `checksums`. Returns the index of the first
 * chunk that does not match, or -1 when all match. A checksum run shorter than the data is a
 * mismatch at the first uncovered chunk.
 */
export function firstBadChunk(data: Uint8Array, checksums: Uint8Array): number {
  const chunks = chunksOf(data.length);
  const view = new DataView(checksums.buffer, checksums.byteOffset, checksums.byteLength);
  const covered = Math.min(chunks, Math.floor(checksums.length / CHECKSUM_BYTES));
  const full = Math.min(covered, Math.floor(data.length / CHUNK_BYTES));
  if (full > 1) {
    if (foldChunkChecksums(checksums, full) !== crc32cOf(data.subarray(0, full * CHUNK_BYTES))) {
      return slowFirstBad(data, view, 0, full);
    }
  } else if (full === 1) {
    const bad = slowFirstBad(data, view, 0, 1);
    if (bad >= 0) return bad;
  }
  const bad = slowFirstBad(data, view, full, covered);
  if (bad >= 0) return bad;
  return covered < chunks ? covered : -1;
}

function slowFirstBad(data: Uint8Array, view: DataView, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const start = i * CHUNK_BYTES;
    const expected = view.getUint32(i * CHECKSUM_BYTES);
    if (crc32cOf(data.subarray(start, start + CHUNK_BYTES)) !== expected) return i;
  }
  return -1;
}
