// The `meta` row keys (pure): an order-preserving binary encoding, so that the engine's plain
// unsigned byte order sorts region rows by (table, start key, region id) with no meta comparator.
// Invariant: parseMetaRowKey(metaRowKey(x)) = x; every key it accepts is the encoding of its parse.
//
// Escaped component, esc(bytes): every 0x00 byte is written as 0x00 0xFF, every other byte as
// itself; the component ends with the terminator 0x00 0x01. After escaping, 0x00 is always
// followed by 0x01 (end) or 0xFF (a zero byte), so esc is prefix-free and keeps byte order: where
// two inputs first differ, so do their encodings and in the same direction, and a proper prefix
// ends with 0x00 0x01 where the longer input has a byte >= 0x01 or 0x00 0xFF.
//
// Region row key (tag 0x01):
//   byte 0            0x01
//   bytes 1..         esc(UTF-8 table name)                 table name, then 0x00 0x01
//   then              esc(start key)                        the empty start key is just 0x00 0x01
//   last 8 bytes      region id, unsigned big-endian        0 .. 2^53 - 1
// Rows of one table share the prefix 0x01 esc(table) and are contiguous; no table's prefix is a
// prefix of another's (esc is prefix-free), so tables never interleave. Within a table the empty
// start key sorts first, then start keys in byte order, then region ids in numeric order.
//
// Search key of (table, row), for a reversed scan (a lookup key, never stored):
//   0x01 esc(table) esc'(row), where esc' ends with 0x00 0x02 instead of 0x00 0x01.
// 0x00 0x02 sorts after a start key's terminator 0x00 0x01 and before an escaped zero 0x00 0xFF, so
// the search key sorts after every region row of the table whose start key is <= row, and before
// every one whose start key is > row: the last region row at or before it holds the row.
//
// Table rows range: [0x01 esc(table), 0x01 esc(table) with its final 0x01 raised to 0x02), which is
// exactly the keys with the table's prefix.
//
// Table-state row key (tag 0x02): 0x02 followed by the UTF-8 table name, unescaped (it runs to the
// end of the key). Every table-state row sorts after every region row, outside every table's range.
import { makeRegionInfo, regionName } from '../../regionserver/region-info.js';
import { EMPTY_BYTES } from '../../common/bytes.js';
import { LimitExceededError } from '../../common/errors.js';
import { ROW_KEY_BYTES_MAX } from '../../common/limits.js';
import { CorruptMetaError } from './errors.js';
import { META_ROW_KEY_BYTES_MAX } from './limits.js';
import {
  checkU64,
  describeKey,
  readU64,
  tableNameBytes,
  tableNameFrom,
  U64_BYTES,
  writeU64,
} from './meta-bytes.js';

const REGION_ROW_TAG = 0x01;
const TABLE_ROW_TAG = 0x02;
/** The first tag byte not used: the end of the table-state rows. */
const TAGS_END = 0x03;
const ESCAPE = 0x00;
const TERMINATOR = 0x01;
const SEARCH_MARK = 0x02;
const ESCAPED_ZERO = 0xff;

/** What a region row's key holds. A RegionInfo is one (its end key and name are not in the key). */
export interface MetaRowKey {
  readonly table: string;
  /** Empty: the table's first region. */
  readonly startKey: Buffer;
  readonly regionId: number;
}

/** A scan range: startRow inclusive, stopRow exclusive (a ScanSpec's defaults). */
export interface MetaKeyRange {
  readonly startRow: Buffer;
  readonly stopRow: Buffer;
}

/** Region rows (one per region) and table rows (state and descriptor, one per table). */
export type MetaRowKind = 'region' | 'table';

/** Every region row of every table. */
export const META_REGION_ROWS: MetaKeyRange = Object.freeze({
  startRow: Buffer.from([REGION_ROW_TAG]),
  stopRow: Buffer.from([TABLE_ROW_TAG]),
});

/** Every table row. */
export const META_TABLE_ROWS: MetaKeyRange = Object.freeze({
  startRow: Buffer.from([TABLE_ROW_TAG]),
  stopRow: Buffer.from([TAGS_END]),
});

function escapedBytes(bytes: Uint8Array): number {
  let size = bytes.length + 2;
  for (const byte of bytes) if (byte === ESCAPE) size++;
  return size;
}

/** Writes esc(bytes) ending with 0x00 `end` at `at`; returns the offset after it. */
function writeEscaped(target: Buffer, bytes: Uint8Array, at: number, end: number): number {
  let i = at;
  for (const byte of bytes) {
    target[i++] = byte;
    if (byte === ESCAPE) target[i++] = ESCAPED_ZERO;
  }
  target[i++] = ESCAPE;
  target[i++] = end;
  return i;
}

/** Reads one escaped component at `at`: its bytes (a copy) and the offset after its terminator. */
function readEscaped(key: Buffer, at: number, what: string): { bytes: Buffer; next: number } {
  const out: number[] = [];
  let i = at;
  for (;;) {
    if (i >= key.length) {
      throw new CorruptMetaError(`meta key "${describeKey(key)}": the ${what} has no terminator`);
    }
    const byte = key[i] ?? 0;
    if (byte !== ESCAPE) {
      out.push(byte);
      i++;
      continue;
    }
    const next = key[i + 1];
    if (next === TERMINATOR) return { bytes: Buffer.from(out), next: i + 2 };
    if (next !== ESCAPED_ZERO) {
      const found = next === undefined ? 'the end of the key' : `byte ${next}`;
      throw new CorruptMetaError(
        `meta key "${describeKey(key)}": the ${what} has 0x00 followed by ${found} at ${i}; ` +
          'expected 0x01 (end) or 0xFF (an escaped zero)',
      );
    }
    out.push(ESCAPE);
    i += 2;
  }
}

/** A buffer for a region-row key of `table` plus `extraBytes`, its 0x01 esc(table) written. */
function tablePrefix(name: Buffer, extraBytes: number): { key: Buffer; at: number } {
  const key = Buffer.alloc(1 + escapedBytes(name) + extraBytes);
  key[0] = REGION_ROW_TAG;
  return { key, at: writeEscaped(key, name, 1, TERMINATOR) };
}

/**
 * The key of a region's row. Refuses a bad table name or region id (InvalidArgument) and a key
 * longer than META_ROW_KEY_BYTES_MAX, which a start key with many zero bytes can reach
 * (LimitExceeded).
 */
export function metaRowKey(info: MetaRowKey): Buffer {
  const name = tableNameBytes(info.table);
  checkU64(info.regionId, 'region id');
  const tail = escapedBytes(info.startKey) + U64_BYTES;
  const size = 1 + escapedBytes(name) + tail;
  if (size > META_ROW_KEY_BYTES_MAX) {
    throw new LimitExceededError(
      `the meta row key of table ${info.table} with a ${info.startKey.length}-byte start key is ` +
        `${size} bytes; META_ROW_KEY_BYTES_MAX is ${META_ROW_KEY_BYTES_MAX}`,
    );
  }
  const { key, at } = tablePrefix(name, tail);
  writeU64(key, info.regionId, writeEscaped(key, info.startKey, at, TERMINATOR));
  return key;
}

/** The inverse of metaRowKey; a key that is not exactly a region row's encoding is CorruptMeta. */
export function parseMetaRowKey(key: Buffer): MetaRowKey {
  if (key[0] !== REGION_ROW_TAG) {
    throw new CorruptMetaError(
      `meta key "${describeKey(key)}" is not a region row: its first byte is not 0x01`,
    );
  }
  const name = readEscaped(key, 1, 'table name');
  const table = tableNameFrom(name.bytes, `meta key "${describeKey(key)}"`);
  const start = readEscaped(key, name.next, 'start key');
  if (key.length - start.next !== U64_BYTES) {
    throw new CorruptMetaError(
      `meta key "${describeKey(key)}" has ${key.length - start.next} bytes after its start key; ` +
        `the region id takes ${U64_BYTES}`,
    );
  }
  const regionId = readU64(key, start.next, `meta key "${describeKey(key)}": the region id`);
  return { table, startKey: start.bytes, regionId };
}

/**
 * Where a reversed scan of meta starts to find the region of `table` holding `row`: the last
 * region row at or before this key is that region's (if the table has one covering the row).
 * A region that shares its start key with an older one (a split's first daughter, a merged
 * region) has a larger id and so is met first; offline split parents may still follow. This key is
 * never stored: it may be up to twice the row's length plus the table's. A lookup scans
 * `{ reversed: true, startRow: metaSearchKey(table, row), stopRow: tableRowsRange(table).startRow }`
 * and skips offline rows.
 */
export function metaSearchKey(table: string, row: Buffer): Buffer {
  if (row.length > ROW_KEY_BYTES_MAX) {
    throw new LimitExceededError(
      `row key is ${row.length} bytes; ROW_KEY_BYTES_MAX is ${ROW_KEY_BYTES_MAX}`,
    );
  }
  const { key, at } = tablePrefix(tableNameBytes(table), escapedBytes(row));
  writeEscaped(key, row, at, SEARCH_MARK);
  return key;
}

/** Exactly the region rows of `table`: [0x01 esc(table), the same with its last byte 0x02). */
export function tableRowsRange(table: string): MetaKeyRange {
  const { key: startRow } = tablePrefix(tableNameBytes(table), 0);
  const stopRow = Buffer.from(startRow);
  stopRow[stopRow.length - 1] = SEARCH_MARK;
  return { startRow, stopRow };
}

/** The key of a table's row (its state and descriptor). */
export function tableRowKey(table: string): Buffer {
  const name = tableNameBytes(table);
  const key = Buffer.alloc(1 + name.length);
  key[0] = TABLE_ROW_TAG;
  name.copy(key, 1);
  return key;
}

/** The table a table row's key names; a malformed key is CorruptMeta. */
export function parseTableRowKey(key: Buffer): string {
  if (key[0] !== TABLE_ROW_TAG) {
    throw new CorruptMetaError(
      `meta key "${describeKey(key)}" is not a table row: its first byte is not 0x02`,
    );
  }
  return tableNameFrom(key.subarray(1), `meta key "${describeKey(key)}"`);
}

/** Which kind of row a meta key is, by its first byte; any other byte is CorruptMeta. */
export function metaRowKind(key: Buffer): MetaRowKind {
  if (key[0] === REGION_ROW_TAG) return 'region';
  if (key[0] === TABLE_ROW_TAG) return 'table';
  throw new CorruptMetaError(
    `meta key "${describeKey(key)}" starts with neither 0x01 (a region) nor 0x02 (a table)`,
  );
}

/**
 * A meta key as people read it. A region row prints HBase's way, `table,startKey,regionId.
 * encodedName.` (the start key by toStringBinary; the encoded name computed from the rest); a
 * table row prints as its table name. A malformed key is CorruptMeta.
 */
export function metaRowName(key: Buffer): string {
  if (metaRowKind(key) === 'table') return parseTableRowKey(key);
  const { table, startKey, regionId } = parseMetaRowKey(key);
  return regionName(makeRegionInfo(table, startKey, EMPTY_BYTES, regionId));
}
