// The cells of one meta row, both ways: building a Put of `info` columns, and picking the newest
// value of each `info` column from a row's cells. Invariant: a parsed row's values come from Put
// cells of that one row only; each column's value is its newest version.
import { assert } from '../../common/assert.js';
import { bytesEqual } from '../../common/bytes.js';
import { CellType, validateTimestamp, type Cell } from '../../common/cell.js';
import type { Delete, Put, PutCell } from '../../common/mutations.js';
import { CorruptMetaError } from './errors.js';
import { META_FAMILY } from './meta-table.js';
import { readU64, U64_BYTES } from './meta-bytes.js';

/** How the codec's Puts and Deletes are written. */
export interface MetaWriteOptions {
  /** The cells' timestamp; default: the server's now. */
  readonly timestamp?: number;
}

/** A Put of `info` columns on `row`, every cell at `options.timestamp` when given. */
export function metaPut(
  row: Buffer,
  columns: readonly (readonly [Buffer, Buffer])[],
  options: MetaWriteOptions,
): Put {
  const { timestamp } = options;
  if (timestamp !== undefined) validateTimestamp(timestamp);
  const cells: PutCell[] = columns.map(([qualifier, value]) =>
    timestamp === undefined
      ? { family: META_FAMILY, qualifier, value }
      : { family: META_FAMILY, qualifier, value, timestamp },
  );
  return { type: 'put', row, cells };
}

/** Deletes every column of `row` (a whole-row Delete), at `options.timestamp` when given. */
export function metaDelete(row: Buffer, options: MetaWriteOptions): Delete {
  const { timestamp } = options;
  if (timestamp === undefined) return { type: 'delete', row, targets: [] };
  validateTimestamp(timestamp);
  return { type: 'delete', row, targets: [], timestamp };
}

/** One row's `info` columns: the newest value of each, by qualifier (latin1). */
export interface MetaColumns {
  readonly row: Buffer;
  readonly values: ReadonlyMap<string, Buffer>;
}

/**
 * The newest value of each `info` column among the cells of one row (a Get's or a scan's
 * result, in any order). Cells of other families are ignored (room for more families later).
 * The caller passes a non-raw result of one row: no cells, cells of several rows or delete
 * markers are a bug.
 */
export function newestColumns(cells: readonly Cell[]): MetaColumns {
  const first = cells[0];
  assert(first !== undefined, 'a meta row to parse has no cells');
  const newest = new Map<string, Cell>();
  for (const cell of cells) {
    assert(bytesEqual(cell.row, first.row), 'the cells to parse belong to several meta rows');
    assert(cell.type === CellType.Put, 'the cells to parse hold a delete marker (a raw result)');
    if (!bytesEqual(cell.family, META_FAMILY)) continue;
    const key = cell.qualifier.toString('latin1');
    const seen = newest.get(key);
    if (seen === undefined || isNewer(cell, seen)) newest.set(key, cell);
  }
  const values = new Map<string, Buffer>();
  for (const [key, cell] of newest) values.set(key, cell.value);
  return { row: first.row, values };
}

function isNewer(cell: Cell, than: Cell): boolean {
  if (cell.timestamp !== than.timestamp) return cell.timestamp > than.timestamp;
  return cell.sequenceId > than.sequenceId;
}

/** An 8-byte big-endian value; any other length, or above 2^53 - 1, is CorruptMeta. */
export function u64Value(value: Buffer, where: string): number {
  if (value.length !== U64_BYTES) {
    throw new CorruptMetaError(`${where} is ${value.length} bytes; expected ${U64_BYTES}`);
  }
  return readU64(value, 0, where);
}

/** A one-byte flag: 0x00 false, 0x01 true; anything else is CorruptMeta. */
export function flagValue(value: Buffer, where: string): boolean {
  if (value.length !== 1 || (value[0] !== 0 && value[0] !== 1)) {
    throw new CorruptMetaError(
      `${where} must be the byte 0x00 or 0x01; it is ${value.length} bytes`,
    );
  }
  return value[0] === 1;
}

export function flagBytes(flag: boolean): Buffer {
  return Buffer.from([flag ? 1 : 0]);
}

/** UTF-8 text that must be one of `allowed`; anything else is CorruptMeta. */
export function oneOfValue<T extends string>(
  value: Buffer,
  where: string,
  allowed: readonly T[],
): T {
  const text = value.toString('utf8');
  const match = allowed.find((candidate) => candidate === text);
  if (match === undefined || !Buffer.from(text, 'utf8').equals(value)) {
    throw new CorruptMetaError(
      `${where} is "${text.slice(0, 40)}"; expected one of ${allowed.join(', ')}`,
    );
  }
  return match;
}
