// Small byte helpers of the `meta` codec: 8-byte big-endian integers, table names as UTF-8, and
// keys printed for error messages. Invariant: an integer read back is exact (at most 2^53 - 1).
import { assert } from '../../common/assert.js';
import { toStringBinary } from '../../common/bytes.js';
import { InvalidArgumentError } from '../../common/errors.js';
import { CorruptMetaError } from './errors.js';
import { META_KEY_PRINT_BYTES_MAX, META_TABLE_NAME_BYTES_MAX, META_U64_MAX } from './limits.js';

export const U64_BYTES = 8;
const U32 = 0x1_0000_0000;
const U64_HIGH_WORD_MAX = 0x1f_ffff;

/** A non-negative safe integer as 8 bytes big-endian (high word, then low word). */
export function writeU64(target: Buffer, value: number, offset: number): number {
  assert(Number.isSafeInteger(value) && value >= 0, `cannot encode ${value} as a u64`);
  target.writeUInt32BE(Math.floor(value / U32), offset);
  target.writeUInt32BE(value % U32, offset + 4);
  return offset + U64_BYTES;
}

export function u64Bytes(value: number): Buffer {
  const out = Buffer.alloc(U64_BYTES);
  writeU64(out, value, 0);
  return out;
}

/** Reads 8 bytes big-endian at `offset`; a value above 2^53 - 1 is corrupt, named by `what`. */
export function readU64(source: Buffer, offset: number, what: string): number {
  const high = source.readUInt32BE(offset);
  // Below 2^21 in the high word is exactly "at most 2^53 - 1" for the whole.
  if (high > U64_HIGH_WORD_MAX) {
    throw new CorruptMetaError(`${what} exceeds ${META_U64_MAX} (2^53 - 1)`);
  }
  return high * U32 + source.readUInt32BE(offset + 4);
}

/** A region id, sequence number or start code: an integer from 0 to META_U64_MAX. */
export function checkU64(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(
      `${what} is ${value}; it must be an integer from 0 to ${META_U64_MAX}`,
    );
  }
}

export { tableNameBytes } from '../../common/table-descriptor-check.js';

/** A table name read back from meta: the same rules, broken ones reported as CorruptMeta. */
export function tableNameFrom(bytes: Buffer, where: string): string {
  const table = bytes.toString('utf8');
  if (table.length === 0) throw new CorruptMetaError(`${where}: the table name is empty`);
  if (bytes.length > META_TABLE_NAME_BYTES_MAX) {
    throw new CorruptMetaError(
      `${where}: the table name is ${bytes.length} bytes; ` +
        `META_TABLE_NAME_BYTES_MAX is ${META_TABLE_NAME_BYTES_MAX}`,
    );
  }
  if (!Buffer.from(table, 'utf8').equals(bytes)) {
    throw new CorruptMetaError(`${where}: the table name "${describeKey(bytes)}" is not UTF-8`);
  }
  return table;
}

/** A key for an error message: toStringBinary, cut at META_KEY_PRINT_BYTES_MAX bytes. */
export function describeKey(key: Uint8Array): string {
  if (key.length <= META_KEY_PRINT_BYTES_MAX) return toStringBinary(key);
  return `${toStringBinary(key.subarray(0, META_KEY_PRINT_BYTES_MAX))}...`;
}
